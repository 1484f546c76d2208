"""The public RSVP form never reads, changes or reveals an RSVP already made with an
address, and only an account's verified address makes an RSVP its own: each step
of the takeover in issue 15, tried as the attacker did."""

import datetime
import io
import json
import re
import zipfile
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from engage.mail import send_email
from forums import reminders
from forums.models import RSVP, ReminderDelivery, RSVPStatus
from tests.factories.engage import UserFactory
from tests.factories.forums import RSVPFactory, make_forum, rsvp_data
from tests.helpers import emailed_rsvp_link, manage_links

VICTIM = "vera@example.org"
NEWCOMER = "newcomer@example.org"
# How the attacker typed the victim's address.
VARIANTS = [VICTIM, "VERA@Example.ORG", f" {VICTIM}  ", "Vera@example.org\t"]
ATTACK = {
    "name": "Mallory Attacker",
    "phone": "555-0666",
    "language": "en",
    "party_size": "3",
    "access_needs": "Attacker's needs",
    "other_needs": "Attacker was here",
    "asl": "on",
}


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def row(rsvp):
    """Every stored column of the RSVP, to show that nothing changed."""
    return RSVP.objects.filter(pk=rsvp.pk).values().get()


@pytest.fixture
def victim_account(db):
    return UserFactory(email=VICTIM, first_name="Vera")


@pytest.fixture
def victim(forum, victim_account):
    return RSVPFactory(
        forum=forum,
        user=victim_account,
        name="Vera Victim",
        email=VICTIM,
        phone="555-0101",
        language="vi",
        party_size=2,
        access_needs="Wheelchair seating",
        other_needs="Quiet room",
    )


@pytest.fixture
def attacker(db):
    return UserFactory(email="mallory@example.org", first_name="Mallory")


def post(client, forum, email, **fields):
    return client.post(forum.url, rsvp_data(email=email, **{**ATTACK, **fields}))


def told(response):
    """The flash messages the request queued, as (level, text)."""
    return [(m.level, m.message) for m in get_messages(response.wsgi_request)]


def page_without_tokens(response, email):
    """The page with the CSRF token and the visitor's own address blanked out."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", html)
    return html.replace(email, "EMAIL")


# A stranger who knows the address ------------------------------------------------


@pytest.mark.parametrize("typed", VARIANTS, ids=["same", "case", "spaces", "tab"])
def test_stranger_cannot_overwrite_an_rsvp(client, forum, victim, typed):
    before = row(victim)

    response = post(client, forum, typed)

    assert response.status_code == 302
    assert response["Location"] == f"{forum.url}#messages"
    assert row(victim) == before
    assert RSVP.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == [VICTIM]


@pytest.mark.parametrize("typed", VARIANTS, ids=["same", "case", "spaces", "tab"])
def test_owner_is_emailed_their_manage_link_in_their_language(
    client, forum, victim, typed
):
    post(client, forum, typed)

    (message,) = mail.outbox
    assert message.to == [VICTIM]
    with translation.override("vi"):
        subject = gettext("You are already registered: %(title)s") % {
            "title": forum.title
        }
        hello = gettext("Hello %(name)s,") % {"name": "\u2068Vera Victim\u2069"}
        registered = gettext("You are registered for this forum.")
    assert message.subject == subject
    html = message.alternatives[0][0]
    assert 'lang="vi"' in html
    assert message.body.startswith(hello)
    assert registered in message.body
    assert "Mallory" not in message.body + html
    assert manage_links(message.body, "vi") == [victim.pk]
    (attachment,) = message.attachments
    assert attachment[2] == "text/calendar; method=REQUEST"


def test_already_waitlisted_owner_is_told_they_are_still_waiting(client, forum):
    RSVPFactory(forum=forum, party_size=10)
    waiting = RSVPFactory(
        forum=forum, email=VICTIM, name="Vera", status=RSVPStatus.WAITLISTED
    )
    before = row(waiting)

    post(client, forum, VICTIM, party_size="1")

    assert row(waiting) == before
    (message,) = mail.outbox
    assert message.to == [VICTIM]
    assert "You are on the waitlist. We will email you if a seat opens." in (
        message.body
    )


def test_reposting_cannot_grow_or_shrink_a_party_or_jump_the_line(client, forum):
    holder = RSVPFactory(forum=forum, party_size=10)
    first = RSVPFactory(forum=forum, email=VICTIM, status=RSVPStatus.WAITLISTED)
    second = RSVPFactory(forum=forum, status=RSVPStatus.WAITLISTED)
    rows = [row(holder), row(first), row(second)]

    for size in ("1", "2", "6"):
        post(client, forum, VICTIM, party_size=size)
        post(client, forum, holder.email, party_size=size)

    assert [row(holder), row(first), row(second)] == rows
    assert len(mail.outbox) == 6


# The visitor sees the same thing either way ------------------------------------------


def _visit(forum, email):
    """Post the form as a fresh anonymous visitor; what they saw, with their own
    address blanked out, and the page the redirect leads to."""
    client = Client()
    response = post(client, forum, email)
    seen = {
        "status": response.status_code,
        "location": response["Location"],
        "body": response.content,
        "messages": [
            (level, text.replace(email.strip().lower(), "EMAIL"))
            for level, text in told(response)
        ],
    }
    followed = client.get(response["Location"])
    seen["page"] = page_without_tokens(followed, email.strip().lower())
    return seen


@pytest.mark.parametrize("typed", VARIANTS, ids=["same", "case", "spaces", "tab"])
@pytest.mark.parametrize("capacity", [None, 2], ids=["open", "full"])
def test_response_is_identical_for_a_new_and_a_registered_address(
    forum_index, typed, capacity
):
    forum = make_forum(forum_index, capacity=capacity)
    RSVPFactory(forum=forum, email=VICTIM, name="Vera Victim", party_size=2)

    registered = _visit(forum, typed)
    new = _visit(forum, NEWCOMER)

    assert registered == new
    assert registered["status"] == 302
    assert registered["location"] == f"{forum.url}#messages"
    assert registered["body"] == b""
    expected = (
        20,
        "Almost done: we have emailed a link to EMAIL. Open it to confirm your "
        "RSVP. No seat is held for you until you do.",
    )
    assert registered["messages"] == [expected]
    assert expected[1] in registered["page"]  # the page shows the message
    assert "Vera" not in registered["page"]


def test_message_is_identical_when_seats_are_left(forum, victim):
    registered = told(post(Client(), forum, VICTIM, party_size="1"))
    new = told(post(Client(), forum, NEWCOMER, party_size="1"))

    text = (
        "Almost done: we have emailed a link to {}. Open it to confirm your RSVP. "
        "No seat is held for you until you do."
    )
    assert registered == [(20, text.format(VICTIM))]
    assert new == [(20, text.format(NEWCOMER))]


def seats_shown(client, forum):
    """What the forum page says about seats: the line a stranger would watch."""
    html = client.get(forum.url).content.decode()
    return re.findall(r"[^<>]*(?:seats? left|waitlist|full)[^<>]*", html)


@pytest.mark.parametrize("capacity", [10, 2], ids=["seats-left", "full"])
def test_seat_counts_do_not_move_until_the_owner_confirms(
    forum_index, victim_account, capacity
):
    """Posting an address and watching the page before and after tells a
    stranger nothing, whether or not the address had signed up."""
    forum = make_forum(forum_index, capacity=capacity)
    RSVPFactory(forum=forum, email=VICTIM, name="Vera Victim", party_size=2)
    stranger = Client()
    before = seats_shown(stranger, forum)
    assert before

    post(stranger, forum, VICTIM)
    after_registered = seats_shown(stranger, forum)
    post(stranger, forum, NEWCOMER, party_size="1")
    after_new = seats_shown(stranger, forum)

    assert before == after_registered == after_new
    assert forum.seats_taken() == 2
    request = mail.outbox[-1]
    assert request.to == [NEWCOMER]
    Client().post(emailed_rsvp_link(request), {**rsvp_data(), "party_size": "1"})
    if capacity == 10:
        assert before == ["8 seats left"]
        assert forum.seats_taken() == 3
        assert seats_shown(stranger, forum) == ["7 seats left"]
    else:
        assert forum.seats_taken() == 2
        assert RSVP.objects.get(email=NEWCOMER).is_waitlisted


def test_a_request_email_repeats_nothing_the_poster_typed(client, forum):
    post(client, forum, NEWCOMER)

    (message,) = mail.outbox
    text = message.body + message.alternatives[0][0]
    assert message.to == [NEWCOMER]
    assert text.startswith("Hello,") or message.body.startswith("Hello,")
    for typed in ("Mallory", "555-0666", "Attacker"):
        assert typed not in text
    stored = RSVP.objects.get(email=NEWCOMER)
    assert stored.status == RSVPStatus.PENDING and stored.user is None


def test_the_owner_can_delete_a_request_they_did_not_make(client, forum):
    post(Client(), forum, NEWCOMER)
    link = emailed_rsvp_link(mail.outbox[-1])

    response = client.post(link.replace("/rsvp/", "/rsvp/", 1) + "cancel/")

    assert response.status_code == 302
    assert response["Location"] == forum.url
    assert not RSVP.objects.filter(email=NEWCOMER).exists()
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("email", [VICTIM, NEWCOMER], ids=["registered", "new"])
def test_exactly_one_email_through_the_queue_either_way(client, forum, victim, email):
    with mock.patch("forums.notifications.send_email", wraps=send_email) as sent:
        post(client, forum, email)

    assert sent.call_count == 1
    assert [m.to for m in mail.outbox] == [[email]]
    with translation.override(victim.language if email == VICTIM else "en"):
        expected = (
            gettext("You are already registered: %(title)s")
            if email == VICTIM
            else gettext("Please confirm your RSVP: %(title)s")
        ) % {"title": forum.title}
    assert mail.outbox[0].subject == expected


# A signed-in attacker ----------------------------------------------------------------


def test_signed_in_attacker_does_not_become_the_owner(client, forum, victim, attacker):
    client.force_login(attacker)

    response = post(client, forum, VICTIM)

    assert response.status_code == 302
    assert RSVP.objects.get(pk=victim.pk).user == victim.user
    page = client.get(forum.url).content.decode()
    assert manage_links(page) == []
    assert "You are registered for this forum." not in page
    assert 'name="email"' in page  # the form, not someone's RSVP
    account = client.get(url("account_profile")).content.decode()
    assert "You have not signed up for any forums yet." in account
    assert victim.manage_token() not in json.dumps(told(response))
    assert [m.to for m in mail.outbox] == [[VICTIM]]


def test_signed_in_attacker_never_holds_the_link_to_cancel(
    client, forum, victim, attacker
):
    client.force_login(attacker)
    post(client, forum, VICTIM)
    token = victim.manage_token()
    seen = client.get(forum.url).content.decode()
    seen += client.get(url("account_profile")).content.decode()
    seen += "".join(
        m.body + m.alternatives[0][0] for m in mail.outbox if VICTIM not in m.to
    )

    assert token not in seen
    assert RSVP.objects.get(pk=victim.pk).status == RSVPStatus.CONFIRMED


def test_signed_in_attacker_does_not_get_it_in_their_data_or_erase_it(
    client, forum, victim, attacker
):
    client.force_login(attacker)
    post(client, forum, VICTIM)
    before = row(victim)

    response = client.post(url("account_data"))
    files = zipfile.ZipFile(io.BytesIO(response.content))
    rsvps = json.loads(files.read("forum_rsvps.json"))
    everything = "".join(files.read(name).decode() for name in files.namelist())
    client.post(url("account_delete"), {"confirm": "on"})

    assert response.status_code == 200
    assert rsvps == []
    assert VICTIM not in everything and "555-0101" not in everything
    assert row(victim) == before


def test_a_new_address_typed_while_signed_in_is_not_the_accounts(
    client, forum, attacker
):
    client.force_login(attacker)

    post(client, forum, NEWCOMER)

    rsvp = RSVP.objects.get(email=NEWCOMER)
    assert rsvp.user is None
    assert manage_links(client.get(forum.url).content.decode()) == []


def test_an_unverified_address_of_the_account_does_not_make_it_an_owner(
    client, forum, attacker
):
    EmailAddress.objects.create(user=attacker, email=NEWCOMER, verified=False)
    client.force_login(attacker)

    post(client, forum, NEWCOMER)

    assert RSVP.objects.get(email=NEWCOMER).user is None
    assert manage_links(client.get(forum.url).content.decode()) == []


def test_an_old_account_link_without_the_verified_address_is_ignored(
    client, forum, victim, attacker
):
    """A row a signed-in attacker took over before the fix still names them."""
    RSVP.objects.filter(pk=victim.pk).update(user=attacker)
    client.force_login(attacker)

    page = client.get(forum.url).content.decode()
    account = client.get(url("account_profile")).content.decode()
    data = zipfile.ZipFile(io.BytesIO(client.post(url("account_data")).content))

    assert manage_links(page) == []
    assert "You have not signed up for any forums yet." in account
    assert json.loads(data.read("forum_rsvps.json")) == []
    client.post(url("account_delete"), {"confirm": "on"})
    stored = RSVP.objects.get(pk=victim.pk)
    assert (stored.name, stored.email, stored.erased_at) == (
        "Vera Victim",
        VICTIM,
        None,
    )


def test_victims_next_emails_greet_the_victim(client, forum, victim, attacker):
    client.force_login(attacker)
    post(client, forum, VICTIM)
    post(Client(), forum, VICTIM.upper())
    mail.outbox.clear()

    sent = reminders.send_due_reminders(now=forum.start - datetime.timedelta(hours=1))

    assert sent == 1
    (reminder,) = mail.outbox
    assert reminder.to == [VICTIM]
    with translation.override("vi"):
        assert reminder.body.startswith(
            gettext("Hello %(name)s,") % {"name": "\u2068Vera Victim\u2069"}
        )
    assert "Mallory" not in reminder.body + reminder.alternatives[0][0]


# The owner, signed in with their verified address -----------------------------------


def test_verified_owner_is_linked_and_sees_the_manage_link(
    client, forum, victim_account
):
    client.force_login(victim_account)

    post(client, forum, VICTIM.upper(), name="Vera Victim")

    rsvp = RSVP.objects.get(email=VICTIM)
    assert rsvp.user == victim_account
    page = client.get(forum.url).content.decode()
    assert manage_links(page) == [rsvp.pk]
    assert 'name="email"' not in page  # no form: the link changes the RSVP
    assert "Eastside forum" in client.get(url("account_profile")).content.decode()
    data = zipfile.ZipFile(io.BytesIO(client.post(url("account_data")).content))
    (exported,) = json.loads(data.read("forum_rsvps.json"))
    assert exported["email"] == VICTIM


def test_owner_signed_in_sees_their_pending_request_and_can_confirm_it(
    client, forum, victim_account
):
    post(Client(), forum, VICTIM, name="Vera Victim", party_size="2")
    pending = RSVP.objects.get(email=VICTIM)
    client.force_login(victim_account)

    page = client.get(forum.url).content.decode()
    assert "Waiting for email confirmation" in page
    assert manage_links(page) == [pending.pk]

    post(client, forum, VICTIM, name="Vera Victim", party_size="1")
    stored = RSVP.objects.get(pk=pending.pk)
    assert (stored.status, stored.party_size, stored.user) == (
        RSVPStatus.CONFIRMED,
        1,
        victim_account,
    )
    assert forum.seats_taken() == 1


def test_owner_signing_up_again_changes_nothing_either(client, forum, victim):
    client.force_login(victim.user)
    before = row(victim)

    post(client, forum, VICTIM)

    assert row(victim) == before
    assert [m.to for m in mail.outbox] == [[VICTIM]]


def test_changes_go_through_the_manage_link(client, forum, victim):
    response = client.post(
        f"/en/rsvp/{victim.manage_token()}/",
        {
            "name": "Vera V.",
            "language": "vi",
            "party_size": "1",
            "childcare_children": "0",
        },
    )

    assert response.status_code == 302
    stored = RSVP.objects.get(pk=victim.pk)
    assert (stored.name, stored.party_size) == ("Vera V.", 1)


# A cancelled RSVP -----------------------------------------------------------------


@pytest.fixture
def cancelled(forum, victim):
    victim.status = RSVPStatus.CANCELLED
    victim.attended_at = forum.start
    victim.summary_emails = False
    victim.save()
    ReminderDelivery.objects.create(rsvp=victim, hours_before=48)
    return victim


def test_a_cancelled_rsvp_is_left_alone_and_its_owner_may_sign_up_again(
    client, forum, cancelled
):
    before = row(cancelled)

    response = post(client, forum, "  VERA@example.org ")

    assert response.status_code == 302
    assert row(cancelled) == before
    (message,) = mail.outbox
    assert message.to == [VICTIM]
    assert "Mallory" not in message.body
    link = emailed_rsvp_link(message)
    assert manage_links(link) == [cancelled.pk]

    # The owner signs up again from the link, with what they type now.
    owner = Client()
    assert "Đăng ký lại" in owner.get(link).content.decode()
    owner.post(link, {**rsvp_data(language="vi"), "name": "Vera", "party_size": "2"})

    after = row(cancelled)
    assert after["id"] == before["id"]
    assert (after["name"], after["party_size"]) == ("Vera", 2)
    assert after["email"] == VICTIM
    assert after["status"] == RSVPStatus.CONFIRMED
    assert after["attended_at"] is None and after["summary_emails"] is True
    assert after["created_at"] > before["created_at"]
    assert after["queued_at"] > before["queued_at"]
    assert after["calendar_sequence"] == before["calendar_sequence"] + 1
    assert not ReminderDelivery.objects.filter(rsvp=cancelled).exists()
    assert forum.seats_taken() == 2
    assert mail.outbox[-1].to == [VICTIM]
    with translation.override("vi"):
        assert mail.outbox[-1].subject == gettext("You are registered: %(title)s") % {
            "title": forum.title
        }


def test_a_cancelled_address_gets_the_same_response_as_a_new_one(
    forum_index,
):
    forum = make_forum(forum_index, capacity=None)
    RSVPFactory(forum=forum, email=VICTIM, status=RSVPStatus.CANCELLED)

    assert _visit(forum, VICTIM) == _visit(forum, NEWCOMER)
    assert [m.to for m in mail.outbox] == [[VICTIM], [NEWCOMER]]
    assert {m.subject for m in mail.outbox} == {
        "Please confirm your RSVP: Eastside forum"
    }
