"""Organizers write once to a forum's registrants; each reads it in their own
language, or in English with a note; it goes once, and the forum keeps a log."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forums.models import RegistrantMessage, RSVPStatus
from forums.roles import LEAD_ORGANIZERS, ORGANIZERS, ensure_roles
from tests.factories.forums import RSVPFactory
from tests.helpers import manage_links, sign_in
from tests.tasks import queued_emails, run_due_tasks, use_database_tasks


@pytest.fixture
def lead(client, forum, django_user_model):
    ensure_roles()
    user = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    user.groups.add(Group.objects.get(name=LEAD_ORGANIZERS))
    return sign_in(client, user)


@pytest.fixture
def registrants(forum):
    """One RSVP of each kind, in four languages."""
    return {
        "seat-es": RSVPFactory(forum=forum, email="es@example.org", language="es"),
        "seat-vi": RSVPFactory(forum=forum, email="vi@example.org", language="vi"),
        "wait-ar": RSVPFactory(
            forum=forum,
            email="ar@example.org",
            language="ar",
            status=RSVPStatus.WAITLISTED,
        ),
        "pending": RSVPFactory(
            forum=forum, email="pending@example.org", status=RSVPStatus.PENDING
        ),
        "cancelled": RSVPFactory(
            forum=forum, email="gone@example.org", status=RSVPStatus.CANCELLED
        ),
        "phoned": RSVPFactory(forum=forum, email=""),
    }


def form(**fields):
    data = {
        "request_key": str(uuid.uuid4()),
        "to_confirmed": "on",
        "subject_en": "The room has changed",
        "body_en": "We meet in room 2B, upstairs.\nBring a friend.",
        "subject_es": "Cambio de sala",
        "body_es": "Nos reunimos en la sala 2B, en el piso de arriba.",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def url(forum, name="forums_admin:message_registrants"):
    return reverse(name, args=[forum.pk])


def test_each_registrant_reads_it_in_their_language_or_in_english_with_a_note(
    lead, forum, registrants
):
    response = lead.post(url(forum), form(to_waitlisted="on"))

    assert (response.status_code, response.url) == (
        302,
        url(forum, "forums_admin:overview"),
    )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["ar@example.org", "es@example.org", "vi@example.org"]
    spanish = by_address["es@example.org"]
    assert spanish.subject == "Cambio de sala"
    assert "Nos reunimos en la sala 2B" in spanish.body
    assert "room 2B" not in spanish.body
    assert manage_links(spanish.body, "es") == [registrants["seat-es"].pk]
    vietnamese = by_address["vi@example.org"]
    assert vietnamese.subject == "The room has changed"
    with translation.override("vi"):
        note = gettext(
            "This message was not written in your language, so here it is in English."
        )
    assert note in vietnamese.body and "room 2B" in vietnamese.body
    html = by_address["ar@example.org"].alternatives[0][0]
    assert 'dir="rtl"' in html  # the email is Arabic...
    assert '<div lang="en" dir="ltr"' in html  # ...the English text is marked
    assert "We meet in room 2B, upstairs.<br>Bring a friend." in html

    (logged,) = RegistrantMessage.objects.filter(forum=forum)
    assert logged.recipients == 3
    assert set(logged.bodies) == {"en", "es"}
    overview = lead.get(url(forum, "forums_admin:overview")).content.decode()
    assert "The room has changed" in overview and "3 registrants" in overview


def test_only_the_chosen_registrants_get_it(lead, forum, registrants):
    lead.post(url(forum), form(to_confirmed=None, to_waitlisted="on"))
    assert [message.to for message in mail.outbox] == [["ar@example.org"]]


def test_someone_offered_a_seat_is_written_to_with_the_waitlist(
    lead, forum, registrants
):
    RSVPFactory(forum=forum, email="offered@example.org", status=RSVPStatus.OFFERED)
    lead.post(url(forum), form(to_confirmed=None, to_waitlisted="on"))
    assert [message.to for message in mail.outbox] == [
        ["ar@example.org"],
        ["offered@example.org"],
    ]


def test_sending_the_same_form_twice_sends_once(lead, forum, registrants):
    data = form()
    lead.post(url(forum), data)
    again = lead.post(url(forum), data, follow=True)

    assert len(mail.outbox) == 2
    assert RegistrantMessage.objects.count() == 1
    assert "This message was already sent." in again.content.decode()


def test_emails_are_queued_with_the_log_in_one_transaction(
    settings, lead, forum, registrants
):
    use_database_tasks(settings)
    lead.post(url(forum), form())
    assert mail.outbox == [] and len(queued_emails()) == 2
    run_due_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["es@example.org", "vi@example.org"]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"body_en": ""}, "This field is required."),
        ({"to_confirmed": None}, "Choose who gets the message"),
        ({"subject_vi": "Chủ đề", "body_vi": ""}, "Write the message in this language"),
        ({"body_en": "x" * 5001}, "at most 5000 characters"),
        ({"request_key": "not-a-key"}, "This form is out of date"),
    ],
    ids=["no-english", "nobody", "subject-alone", "too-long", "bad-key"],
)
def test_bad_input_is_refused_clearly_and_sends_nothing(
    lead, forum, registrants, fields, error
):
    response = lead.post(url(forum), form(**fields))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not RegistrantMessage.objects.exists()
    assert mail.outbox == []


def test_organizers_of_other_forums_cannot_write_to_these_registrants(
    client, forum, registrants, django_user_model
):
    ensure_roles()
    user = django_user_model.objects.create_user("other", "other@example.org", "pw")
    user.groups.add(Group.objects.get(name=ORGANIZERS))
    sign_in(client, user)

    response = client.post(url(forum), form())

    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert mail.outbox == [] and not RegistrantMessage.objects.exists()
