"""Hybrid forums: the room and the online audience each have their own seats and
waitlist; other forums keep one capacity for everyone."""

import pytest
from django.core import mail
from django.urls import reverse

from forums import services
from forums.models import (
    RSVP,
    Attendance,
    ForumFormat,
    ForumSeatReservation,
    RSVPStatus,
)
from tests.factories.forums import RSVPFactory, make_forum, rsvp_data
from tests.forums.test_queries import MAX_QUERIES
from tests.helpers import count_queries, rsvp_by_form

ROOM = Attendance.IN_ROOM
ONLINE = Attendance.ONLINE


@pytest.fixture
def hybrid(forum_index, venue):
    return make_forum(
        forum_index,
        venue=venue,
        format=ForumFormat.HYBRID,
        online_url="https://meet.example.org/forum",
        capacity=3,
        online_capacity=2,
    )


def data(email, attendance=None, party_size=1, interpretation=""):
    values = {
        "email": email,
        "name": email.split("@")[0],
        "phone": "",
        "language": "en",
        "party_size": party_size,
        "interpretation_language": interpretation,
        "asl": False,
        "childcare_children": 0,
        "access_needs": "",
        "other_needs": "",
    }
    if attendance is not None:
        values["attendance"] = attendance
    return values


def sign_up(forum, email, attendance=None, party_size=1, interpretation=""):
    """Through the form's service, confirmed as the owner would from the email."""
    values = data(email, attendance, party_size, interpretation)
    services.submit_rsvp(forum, values)
    rsvp = RSVP.objects.get(forum=forum, email=email)
    return services.confirm_rsvp(rsvp, values).rsvp


def statuses(forum):
    return dict(RSVP.objects.filter(forum=forum).values_list("email", "status"))


def fill(forum):
    """The room (3) and online (2) full, one person waiting in each line."""
    for number in range(3):
        sign_up(forum, f"room{number}@example.org", ROOM)
    for number in range(2):
        sign_up(forum, f"online{number}@example.org", ONLINE)
    room_waiter = sign_up(forum, "room-wait@example.org", ROOM)
    online_waiter = sign_up(forum, "online-wait@example.org", ONLINE)
    return room_waiter, online_waiter


def test_each_mode_has_its_own_seats_and_waitlist(hybrid):
    room_waiter, online_waiter = fill(hybrid)

    assert room_waiter.status == online_waiter.status == RSVPStatus.WAITLISTED
    assert hybrid.rsvps.seats_taken_by_attendance() == {ROOM: 3, ONLINE: 2}
    assert hybrid.seats_taken() == 5
    # Each is first in its own line, though the online one signed up later.
    assert RSVP.objects.get(pk=room_waiter.pk).waitlist_position() == 1
    assert RSVP.objects.get(pk=online_waiter.pk).waitlist_position() == 1


def test_a_full_room_does_not_stop_online_sign_ups(hybrid):
    for number in range(3):
        sign_up(hybrid, f"room{number}@example.org", ROOM)

    online = sign_up(hybrid, "online@example.org", ONLINE)
    room = sign_up(hybrid, "late@example.org", ROOM)

    assert online.status == RSVPStatus.CONFIRMED
    assert room.status == RSVPStatus.WAITLISTED


def test_cancelling_an_online_seat_promotes_the_next_online_waitlister_only(hybrid):
    room_waiter, online_waiter = fill(hybrid)
    mail.outbox.clear()

    services.cancel_rsvp(RSVP.objects.get(email="online0@example.org"))

    assert statuses(hybrid)["online-wait@example.org"] == RSVPStatus.CONFIRMED
    assert statuses(hybrid)["room-wait@example.org"] == RSVPStatus.WAITLISTED
    promoted = [m.to for m in mail.outbox if "seat opened" in m.subject]
    assert promoted == [["online-wait@example.org"]]


def test_cancelling_a_room_seat_promotes_the_next_room_waitlister_only(hybrid):
    fill(hybrid)

    services.cancel_rsvp(RSVP.objects.get(email="room1@example.org"))

    assert statuses(hybrid)["room-wait@example.org"] == RSVPStatus.CONFIRMED
    assert statuses(hybrid)["online-wait@example.org"] == RSVPStatus.WAITLISTED


def test_an_empty_online_capacity_means_no_online_limit(forum_index):
    forum = make_forum(
        forum_index, format=ForumFormat.HYBRID, capacity=1, online_capacity=None
    )
    online = [sign_up(forum, f"o{n}@example.org", ONLINE) for n in range(8)]
    room = [sign_up(forum, f"r{n}@example.org", ROOM) for n in range(2)]

    assert [r.status for r in online] == [RSVPStatus.CONFIRMED] * 8
    assert [r.status for r in room] == [RSVPStatus.CONFIRMED, RSVPStatus.WAITLISTED]
    assert forum.seats_left is None  # online is never full
    assert not forum.is_full


def test_moving_online_needs_a_free_online_seat(hybrid):
    fill(hybrid)
    in_room = RSVP.objects.get(email="room0@example.org")

    with pytest.raises(services.NoRoom) as no_room:
        services.update_rsvp(in_room, {"party_size": 1, "attendance": ONLINE})

    assert no_room.value.available == 0
    assert RSVP.objects.get(pk=in_room.pk).attendance == ROOM


@pytest.mark.parametrize(
    ("forum_format", "mode"),
    [(ForumFormat.IN_PERSON, ROOM), (ForumFormat.ONLINE, ONLINE)],
)
def test_single_mode_forums_have_one_capacity(forum_index, forum_format, mode):
    forum = make_forum(forum_index, format=forum_format, capacity=2, online_capacity=9)
    # Whatever a request says, the forum's own mode is stored.
    first = sign_up(forum, "a@example.org", ONLINE if mode == ROOM else ROOM)
    second = sign_up(forum, "b@example.org")
    third = sign_up(forum, "c@example.org")

    assert [first.attendance, second.attendance, third.attendance] == [mode] * 3
    assert [first.status, second.status, third.status] == [
        RSVPStatus.CONFIRMED,
        RSVPStatus.CONFIRMED,
        RSVPStatus.WAITLISTED,
    ]
    assert forum.seats_left == 0


def test_the_form_asks_how_you_take_part_only_at_hybrid_forums(client, hybrid, forum):
    assert 'name="attendance"' in client.get(hybrid.url).content.decode()
    assert 'name="attendance"' not in client.get(forum.url).content.decode()


@pytest.mark.parametrize("value", [None, "", "balcony"])
def test_the_hybrid_form_refuses_a_missing_or_unknown_mode(client, hybrid, value):
    values = rsvp_data()
    if value is not None:
        values["attendance"] = value

    response = client.post(hybrid.url, values)

    assert response.status_code == 200
    assert (
        "Choose how you will take part: in the room or online."
        in response.content.decode()
    )
    assert not RSVP.objects.exists()
    assert mail.outbox == []


def test_signing_up_online_by_form(client, hybrid):
    response = rsvp_by_form(client, hybrid, rsvp_data(language="en", attendance=ONLINE))

    assert response.status_code == 302
    rsvp = RSVP.objects.get()
    assert (rsvp.status, rsvp.attendance) == (RSVPStatus.CONFIRMED, ONLINE)
    assert "Taking part: Online" in mail.outbox[-1].body


def test_the_manage_page_changes_the_mode(client, hybrid):
    rsvp = sign_up(hybrid, "ana@example.org", ROOM)
    path = reverse("forums:rsvp_manage", args=[rsvp.manage_token()])
    fields = {"name": "ana", "language": "en", "party_size": "1"}

    response = client.post(path, {**fields, "attendance": ONLINE})

    assert response.status_code == 302 and response.url == path
    assert RSVP.objects.get(pk=rsvp.pk).attendance == ONLINE
    assert hybrid.rsvps.seats_taken_by_attendance() == {ROOM: 0, ONLINE: 1}


def test_the_forum_page_shows_seats_left_in_each_mode(client, hybrid):
    sign_up(hybrid, "a@example.org", ROOM)
    for number in range(2):
        sign_up(hybrid, f"o{number}@example.org", ONLINE)

    page = client.get(hybrid.url).content.decode()

    assert "<li>In the room: 2 seats left</li>" in page
    assert "<li>Online: full, new RSVPs join the waitlist</li>" in page
    assert "Online: full. If you choose it, you join its waitlist" in page


def test_the_overview_counts_each_mode(admin_client, hybrid):
    fill(hybrid)
    RSVPFactory(forum=hybrid, attendance=ONLINE, status=RSVPStatus.WAITLISTED)

    response = admin_client.get(reverse("forums_admin:overview", args=[hybrid.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "online capacity 2" in page
    assert "Confirmed in the room</th><td>3 people</td>" in page
    assert "Waitlist for the room</th><td>1 person</td>" in page
    assert "Confirmed online</th><td>2 people</td>" in page
    assert "Waitlist online</th><td>2 people</td>" in page


def test_hybrid_forum_page_queries_do_not_grow(client, forum_index, venue):
    forum = make_forum(
        forum_index,
        venue=venue,
        format=ForumFormat.HYBRID,
        capacity=10_000,
        online_capacity=10_000,
    )
    RSVPFactory.create_batch(5, forum=forum, attendance=ROOM)
    RSVPFactory.create_batch(5, forum=forum, attendance=ONLINE)
    small = count_queries(client, forum.url)
    RSVPFactory.create_batch(200, forum=forum, attendance=ONLINE)
    RSVPFactory.create_batch(200, forum=forum, attendance=ROOM)
    large = count_queries(client, forum.url)

    assert small == large <= MAX_QUERIES
    page = client.get(forum.url).content.decode()
    assert "<li>In the room: 9795 seats left</li>" in page


# Seats reserved per interpretation language ------------------------------------


@pytest.fixture
def reserved(forum_index, venue):
    """Four seats in the room, two of them kept for Vietnamese interpretation."""
    forum = make_forum(forum_index, venue=venue, capacity=4)
    ForumSeatReservation.objects.create(forum=forum, language="vi", seats=2)
    return forum


def test_others_cannot_take_reserved_seats(reserved):
    first, second, third = (sign_up(reserved, f"{n}@example.org") for n in "abc")

    assert [first.status, second.status, third.status] == [
        RSVPStatus.CONFIRMED,
        RSVPStatus.CONFIRMED,
        RSVPStatus.WAITLISTED,
    ]
    assert reserved.seats_taken() == 2
    vietnamese = sign_up(reserved, "v@example.org", party_size=2, interpretation="vi")
    assert vietnamese.status == RSVPStatus.CONFIRMED


def test_a_language_takes_its_reserved_seats_first_then_general_ones(reserved):
    parties = [
        sign_up(reserved, f"v{n}@example.org", interpretation="vi") for n in range(3)
    ]
    spanish = sign_up(reserved, "es@example.org", interpretation="es")
    late = sign_up(reserved, "late@example.org")

    assert [p.status for p in parties] == [RSVPStatus.CONFIRMED] * 3
    assert spanish.status == RSVPStatus.CONFIRMED  # the last general seat
    assert late.status == RSVPStatus.WAITLISTED


def test_a_freed_reserved_seat_goes_to_the_next_person_who_may_take_it(reserved):
    sign_up(reserved, "a@example.org")
    sign_up(reserved, "b@example.org")
    first = sign_up(reserved, "v1@example.org", interpretation="vi")
    sign_up(reserved, "v2@example.org", interpretation="vi")
    general = sign_up(reserved, "c@example.org")
    vietnamese = sign_up(reserved, "v3@example.org", interpretation="vi")
    assert general.is_waitlisted and vietnamese.is_waitlisted

    services.cancel_rsvp(first)

    # First in line, but the freed seat is kept for Vietnamese interpretation.
    assert statuses(reserved)["c@example.org"] == RSVPStatus.WAITLISTED
    assert statuses(reserved)["v3@example.org"] == RSVPStatus.CONFIRMED


def test_the_public_count_stays_the_total_with_a_note(client, reserved):
    sign_up(reserved, "a@example.org")

    page = client.get(reserved.url).content.decode()

    assert "3 seats left" in page
    assert (
        "Some seats in the room are kept for residents who ask for interpretation "
        "into: Vietnamese." in page
    )


def test_reservations_apply_to_the_room_only(forum_index):
    forum = make_forum(
        forum_index, format=ForumFormat.HYBRID, capacity=1, online_capacity=1
    )
    ForumSeatReservation.objects.create(forum=forum, language="vi", seats=1)

    room = sign_up(forum, "room@example.org", ROOM)
    online = sign_up(forum, "online@example.org", ONLINE)

    assert room.status == RSVPStatus.WAITLISTED
    assert online.status == RSVPStatus.CONFIRMED


def test_the_forum_editor_has_the_online_capacity_and_reservations(
    admin_client, reserved
):
    page = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[reserved.pk])
    ).content.decode()

    assert 'name="online_capacity"' in page
    assert 'name="seat_reservations-TOTAL_FORMS" value="1"' in page
    assert "Room seats reserved for interpretation" in page
