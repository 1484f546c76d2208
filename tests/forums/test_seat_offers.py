"""Near the date a freed seat is offered to the next person in line, who must
accept it from their link in time; otherwise it passes to the next person."""

import datetime
import io
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forums import seat_offers, services
from forums.models import RSVP, Attendance, ForumFormat, RSVPStatus
from forums.models.rsvps import MANAGE_SALT
from tests.factories.forums import RSVPFactory, make_forum
from tests.forums.test_capacities import data, sign_up
from tests.helpers import manage_links

HOUR = datetime.timedelta(hours=1)


def soon_forum(forum_index, hours=10, **fields):
    fields.setdefault("capacity", 2)
    return make_forum(forum_index, start=timezone.now() + hours * HOUR, **fields)


def full_with_line(forum, waiting=2):
    """Two seats taken (``holder`` and another), ``waiting`` people in line."""
    holder = RSVPFactory(forum=forum, email="holder@example.org")
    RSVPFactory(forum=forum, email="other@example.org")
    line = [sign_up(forum, f"wait{n}@example.org") for n in range(waiting)]
    assert all(rsvp.is_waitlisted for rsvp in line)
    mail.outbox.clear()
    return holder, line


def status_of(rsvp):
    return RSVP.objects.get(pk=rsvp.pk).status


def manage(rsvp, action=None):
    name = f"forums:rsvp_{action}" if action else "forums:rsvp_manage"
    return reverse(name, args=[rsvp.manage_token()])


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_far_from_the_date_a_freed_seat_is_given_at_once(forum_index):
    forum = soon_forum(forum_index, hours=24 * 10)
    holder, (first, second) = full_with_line(forum)

    services.cancel_rsvp(holder)

    assert status_of(first) == RSVPStatus.CONFIRMED
    assert status_of(second) == RSVPStatus.WAITLISTED
    assert RSVP.objects.get(pk=first.pk).offer_expires_at is None


def test_near_the_date_a_freed_seat_is_offered_and_held(forum_index):
    forum = soon_forum(forum_index, hours=10)
    holder, (first, second) = full_with_line(forum)
    before = timezone.now()

    services.cancel_rsvp(holder)

    offered = RSVP.objects.get(pk=first.pk)
    assert offered.status == RSVPStatus.OFFERED
    assert before + 4 * HOUR <= offered.offer_expires_at <= timezone.now() + 4 * HOUR
    assert status_of(second) == RSVPStatus.WAITLISTED
    # The offered seat counts as taken: nobody else gets it meanwhile.
    assert forum.seats_taken() == 2
    late = sign_up(forum, "late@example.org")
    assert late.status == RSVPStatus.WAITLISTED
    (offer,) = [m for m in mail.outbox if m.to == [first.email]]
    assert offer.subject.startswith("A seat is yours if you accept by ")
    assert "your RSVP is cancelled" in offer.body
    assert manage_links(offer.body, "en") == [first.pk]
    assert not offer.attachments  # no calendar file or check-in code yet


def test_an_offer_never_runs_past_the_start(forum_index):
    forum = soon_forum(forum_index, hours=2)
    holder, (first, _second) = full_with_line(forum)

    services.cancel_rsvp(holder)

    assert RSVP.objects.get(pk=first.pk).offer_expires_at == forum.start


def test_the_window_is_a_setting(forum_index, settings):
    settings.FORUM_OFFER_WINDOW_HOURS = 6
    forum = soon_forum(forum_index, hours=10)
    holder, (first, _second) = full_with_line(forum)

    services.cancel_rsvp(holder)

    assert status_of(first) == RSVPStatus.CONFIRMED


def test_accepting_confirms_the_seat_and_twice_is_harmless(client, forum_index):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)
    mail.outbox.clear()

    response = client.post(manage(first, "accept"))

    # Back to the manage page; the link is signed with the time it was made,
    # so compare what it carries.
    assert response.status_code == 302
    (token,) = re.fullmatch(r"/en/rsvp/([^/]+)/", response.url).groups()
    assert signing.loads(token, salt=MANAGE_SALT)["rsvp"] == first.pk
    rsvp = RSVP.objects.get(pk=first.pk)
    assert (rsvp.status, rsvp.offer_expires_at) == (RSVPStatus.CONFIRMED, None)
    (confirmation,) = mail.outbox
    assert confirmation.to == [first.email]
    assert any(a[0] == "check-in-code.png" for a in confirmation.attachments)
    assert messages_of(client.get(response.url)) == [
        "The seat is yours: your RSVP is confirmed. We have emailed the details."
    ]

    again = client.post(manage(first, "accept"), follow=True)

    assert messages_of(again) == ["You already have this seat."]
    assert status_of(first) == RSVPStatus.CONFIRMED
    assert len(mail.outbox) == 1
    assert status_of(second) == RSVPStatus.WAITLISTED


def test_the_manage_page_offers_accept_and_decline(client, forum_index):
    forum = soon_forum(forum_index)
    holder, (first, _second) = full_with_line(forum)
    services.cancel_rsvp(holder)

    page = client.get(manage(first)).content.decode()

    assert "A seat is held for you until" in page
    # The link is signed with the time it was made, so compare what it carries.
    (token,) = re.findall(r'action="/en/rsvp/([^/"]+)/accept/"', page)
    assert signing.loads(token, salt=MANAGE_SALT)["rsvp"] == first.pk
    assert "Accept the seat" in page and "Decline the seat" in page
    assert RSVP.objects.get(pk=first.pk).check_in_code not in page


def test_declining_cancels_and_offers_the_seat_to_the_next(client, forum_index):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)

    response = client.post(manage(first, "cancel"))

    assert response.status_code == 302
    assert status_of(first) == RSVPStatus.CANCELLED
    assert status_of(second) == RSVPStatus.OFFERED
    assert [m.to for m in mail.outbox if m.subject.startswith("A seat is yours")] == [
        [first.email],
        [second.email],
    ]


def test_expiry_passes_the_offer_on_once(forum_index):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)
    offer_ends = RSVP.objects.get(pk=first.pk).offer_expires_at
    mail.outbox.clear()

    just_before = offer_ends - datetime.timedelta(seconds=1)
    assert seat_offers.expire_offers(now=just_before) == 0
    assert status_of(first) == RSVPStatus.OFFERED

    assert seat_offers.expire_offers(now=offer_ends) == 1

    assert status_of(first) == RSVPStatus.CANCELLED
    assert status_of(second) == RSVPStatus.OFFERED
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([first.email], "The seat offer ran out: Eastside forum"),
        ([second.email], mail.outbox[1].subject),
    ]
    assert mail.outbox[1].subject.startswith("A seat is yours if you accept by ")
    calendar = mail.outbox[0].attachments[0][1]
    assert "METHOD:CANCEL" in (
        calendar.decode() if isinstance(calendar, bytes) else calendar
    )
    # Again, or by a second run: nothing more moves and nobody is emailed.
    assert seat_offers.expire_offers(now=offer_ends) == 0
    assert len(mail.outbox) == 2


def test_the_command_is_idempotent(forum_index):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)
    RSVP.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    outputs = []
    for _run in range(2):
        out = io.StringIO()
        call_command("expire_seat_offers", stdout=out)
        outputs.append(out.getvalue().strip())

    assert outputs == ["1 seat offers ended.", "0 seat offers ended."]
    assert status_of(first) == RSVPStatus.CANCELLED
    assert status_of(second) == RSVPStatus.OFFERED


def test_accepting_an_expired_offer_is_refused_and_passes_it_on(client, forum_index):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)
    RSVP.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = client.post(manage(first, "accept"), follow=True)

    assert messages_of(response) == [
        "This seat offer has ended, so the seat went to the next person on the "
        "waitlist. You can sign up again below: you would join the end of the "
        "waitlist."
    ]
    assert status_of(first) == RSVPStatus.CANCELLED
    assert status_of(second) == RSVPStatus.OFFERED


def test_accepting_after_the_job_ended_the_offer_is_refused(client, forum_index):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)
    offer_ends = RSVP.objects.get(pk=first.pk).offer_expires_at
    seat_offers.expire_offers(now=offer_ends)

    response = client.post(manage(first, "accept"), follow=True)

    assert messages_of(response)[0].startswith("This seat offer has ended")
    assert status_of(first) == RSVPStatus.CANCELLED
    assert status_of(second) == RSVPStatus.OFFERED


def test_a_stranger_cannot_accept_someone_elses_offer(client, forum_index, settings):
    forum = soon_forum(forum_index)
    holder, (first, second) = full_with_line(forum)
    services.cancel_rsvp(holder)

    # A token for the offered RSVP that is not signed with the site's key.
    forged = signing.dumps(
        {"rsvp": first.pk}, key="guessed", salt="forums.rsvp.manage", compress=True
    )
    response = client.post(reverse("forums:rsvp_accept", args=[forged]))
    assert response.status_code == 400
    # Their own valid link accepts nothing of anyone else's.
    response = client.post(manage(second, "accept"), follow=True)
    assert messages_of(response)[0].startswith("This seat offer has ended")

    assert status_of(first) == RSVPStatus.OFFERED
    assert status_of(second) == RSVPStatus.WAITLISTED
    assert client.get(reverse("forums:rsvp_accept", args=[forged])).status_code == 405


def test_a_hybrid_online_seat_is_offered_to_the_online_line(forum_index):
    forum = soon_forum(
        forum_index, format=ForumFormat.HYBRID, capacity=1, online_capacity=1
    )
    sign_up(forum, "room@example.org", Attendance.IN_ROOM)
    online = sign_up(forum, "online@example.org", Attendance.ONLINE)
    room_wait = sign_up(forum, "room-wait@example.org", Attendance.IN_ROOM)
    online_wait = sign_up(forum, "online-wait@example.org", Attendance.ONLINE)

    services.cancel_rsvp(online)

    assert status_of(online_wait) == RSVPStatus.OFFERED
    assert status_of(room_wait) == RSVPStatus.WAITLISTED
    assert forum.rsvps.seats_taken_by_attendance() == {"in_room": 1, "online": 1}


@pytest.mark.parametrize("hours", [10, 24 * 10])
def test_the_public_count_includes_held_offers(client, forum_index, hours):
    forum = soon_forum(forum_index, hours=hours)
    holder, _line = full_with_line(forum, waiting=1)
    services.cancel_rsvp(holder)

    page = client.get(forum.url).content.decode()

    assert "Full: new RSVPs join the waitlist" in page


def test_signing_up_again_while_offered_changes_nothing(forum_index):
    forum = soon_forum(forum_index)
    holder, (first, _second) = full_with_line(forum)
    services.cancel_rsvp(holder)
    mail.outbox.clear()

    services.submit_rsvp(forum, data(first.email))

    assert status_of(first) == RSVPStatus.OFFERED
    (message,) = mail.outbox
    assert "A seat is offered to you. Accept it on your RSVP page" in message.body
    assert "calendar file adds the forum" not in message.body
