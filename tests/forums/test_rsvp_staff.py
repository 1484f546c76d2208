"""Every path that frees seats promotes the waitlist the same way and tells the
promoted; organizers add and cancel RSVPs on a resident's behalf."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from forums import services
from forums.models import RSVP, RSVPStatus
from forums.roles import LEAD_ORGANIZERS, ORGANIZERS, ensure_roles
from tests.factories.forums import RSVPFactory
from tests.helpers import manage_links, sign_in


@pytest.fixture
def lead(client, forum, django_user_model):
    """A lead organizer: staff, not a superuser."""
    ensure_roles()
    user = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    user.groups.add(Group.objects.get(name=LEAD_ORGANIZERS))
    return sign_in(client, user)


@pytest.fixture
def full_forum(forum):
    """Capacity 10: a party of 4 and one of 6 hold every seat; two wait."""
    seated = [
        RSVPFactory(forum=forum, party_size=4, email="four@example.org"),
        RSVPFactory(forum=forum, party_size=6, email="six@example.org"),
    ]
    waiting = [
        RSVPFactory(
            forum=forum,
            party_size=2,
            status=RSVPStatus.WAITLISTED,
            email="first@example.org",
        ),
        RSVPFactory(
            forum=forum,
            party_size=2,
            status=RSVPStatus.WAITLISTED,
            email="second@example.org",
        ),
    ]
    return seated, waiting


def statuses(forum):
    return dict(RSVP.objects.filter(forum=forum).values_list("email", "status"))


def promoted_to():
    return [m.to[0] for m in mail.outbox if "seat opened" in m.subject]


def test_deleting_an_rsvp_in_the_admin_promotes_the_waitlist(
    admin_client, forum, full_forum
):
    (four, _six), _waiting = full_forum
    response = admin_client.post(reverse("forum_rsvps:delete", args=[four.pk]))
    assert response.status_code == 302
    assert statuses(forum) == {
        "six@example.org": RSVPStatus.CONFIRMED,
        "first@example.org": RSVPStatus.CONFIRMED,
        "second@example.org": RSVPStatus.CONFIRMED,
    }
    assert promoted_to() == ["first@example.org", "second@example.org"]


def test_organizer_cancels_on_behalf_and_the_waitlist_moves_up(lead, forum, full_forum):
    (four, _six), _waiting = full_forum
    url = reverse("forums_admin:cancel_rsvp", args=[four.pk])
    page = lead.get(url)
    assert page.status_code == 200
    assert statuses(forum)["four@example.org"] == RSVPStatus.CONFIRMED

    response = lead.post(url)
    assert response.status_code == 302
    assert response.url == reverse("forums_admin:overview", args=[forum.pk])
    assert statuses(forum)["four@example.org"] == RSVPStatus.CANCELLED
    assert statuses(forum)["first@example.org"] == RSVPStatus.CONFIRMED
    assert statuses(forum)["second@example.org"] == RSVPStatus.CONFIRMED
    cancelled = [m for m in mail.outbox if m.to == ["four@example.org"]]
    assert len(cancelled) == 1 and "cancelled" in cancelled[0].subject
    assert promoted_to() == ["first@example.org", "second@example.org"]

    lead.post(url)  # a second press changes nothing
    assert len(mail.outbox) == 3


def test_a_party_made_smaller_promotes_as_a_cancel_does(forum, full_forum):
    (_four, six), _waiting = full_forum
    services.update_rsvp(six, {"party_size": 4})
    assert statuses(forum)["first@example.org"] == RSVPStatus.CONFIRMED
    assert statuses(forum)["second@example.org"] == RSVPStatus.WAITLISTED
    assert promoted_to() == ["first@example.org"]


def test_raised_capacity_promotes_and_tells_the_promoted(forum, full_forum):
    forum.capacity = 12
    forum.save_revision().publish()
    assert statuses(forum)["first@example.org"] == RSVPStatus.CONFIRMED
    assert statuses(forum)["second@example.org"] == RSVPStatus.WAITLISTED
    assert promoted_to() == ["first@example.org"]


def phone_in(**overrides):
    data = {
        "name": "Rosa Díaz",
        "email": "",
        "phone": "555 0100",
        "language": "es",
        "party_size": "2",
        "childcare_children": "0",
        "access_needs": "",
        "other_needs": "",
    }
    data.update(overrides)
    return data


def test_organizer_adds_a_phoned_in_rsvp_without_an_email(lead, forum):
    url = reverse("forums_admin:add_rsvp", args=[forum.pk])
    assert lead.get(url).status_code == 200
    response = lead.post(url, phone_in())
    assert response.status_code == 302
    assert response.url == reverse("forums_admin:overview", args=[forum.pk])
    rsvp = RSVP.objects.get(forum=forum)
    assert (rsvp.name, rsvp.email, rsvp.phone, rsvp.party_size, rsvp.status) == (
        "Rosa Díaz",
        "",
        "555 0100",
        2,
        RSVPStatus.CONFIRMED,
    )
    assert mail.outbox == []


def test_a_phoned_in_rsvp_with_an_email_gets_the_confirmation(lead, forum):
    lead.post(
        reverse("forums_admin:add_rsvp", args=[forum.pk]),
        phone_in(email="Rosa@Example.org"),
    )
    rsvp = RSVP.objects.get(forum=forum)
    assert rsvp.email == "rosa@example.org"
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert manage_links(message.body, "es") == [rsvp.pk]


def test_a_phoned_in_rsvp_follows_the_waitlist_rules(lead, forum, full_forum):
    response = lead.post(
        reverse("forums_admin:add_rsvp", args=[forum.pk]), phone_in(), follow=True
    )
    assert "RSVP added for Rosa Díaz: on the waitlist." in response.content.decode()
    assert RSVP.objects.get(name="Rosa Díaz").status == RSVPStatus.WAITLISTED


def test_an_address_with_an_rsvp_is_not_added_twice(lead, forum):
    RSVPFactory(forum=forum, email="rosa@example.org", party_size=1)
    response = lead.post(
        reverse("forums_admin:add_rsvp", args=[forum.pk]),
        phone_in(email="rosa@example.org"),
    )
    assert response.status_code == 200
    assert "This address already has an RSVP for this forum." in (
        response.content.decode()
    )
    assert RSVP.objects.filter(forum=forum).count() == 1
    assert mail.outbox == []


def test_organizers_without_the_forum_cannot_act_for_residents(
    client, forum, django_user_model
):
    """An organizer of other series: staff, but not this forum's. Wagtail turns
    the refusal into a redirect to the dashboard with a message."""
    ensure_roles()
    rsvp = RSVPFactory(forum=forum)
    user = django_user_model.objects.create_user("other", "other@example.org", "pw")
    user.groups.add(Group.objects.get(name=ORGANIZERS))
    sign_in(client, user)
    for url in (
        reverse("forums_admin:add_rsvp", args=[forum.pk]),
        reverse("forums_admin:cancel_rsvp", args=[rsvp.pk]),
        reverse("forums_admin:resend_confirmation", args=[rsvp.pk]),
    ):
        response = client.post(url, phone_in())
        assert (response.status_code, response.url) == (
            302,
            reverse("wagtailadmin_home"),
        )
    assert RSVP.objects.get(pk=rsvp.pk).is_confirmed
    assert RSVP.objects.filter(forum=forum).count() == 1
    assert mail.outbox == []
