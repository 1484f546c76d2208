"""Who gets which seat: the lines a forum's RSVPs queue in (one per attendance
mode at a hybrid forum), the seats reserved per interpretation language, and
filling freed seats from the waitlists. Callers hold the forum's row lock
(``services.lock_forum``)."""

from django.utils import timezone

from .models import RSVP, Attendance, RSVPStatus
from .models.reservations import seats_available


def attendance_of(forum, data, current=None):
    """How a party takes part: chosen on the form at a hybrid forum (in the room
    unless said), otherwise the forum's own mode."""
    if not forum.is_hybrid:
        return forum.own_attendance
    chosen = data.get("attendance") or current
    return chosen if chosen in Attendance.values else Attendance.IN_ROOM


def same_line(forum, attendance):
    """The RSVPs sharing seats and a waitlist with a party taking part this way:
    everyone, except at a hybrid forum, where each mode has its own."""
    rsvps = RSVP.objects.filter(forum=forum)
    return rsvps.filter(attendance=attendance) if forum.is_hybrid else rsvps


def reserved_seats(forum, attendance):
    """Room seats kept per interpretation language; none online."""
    if attendance != Attendance.IN_ROOM:
        return {}
    return dict(forum.seat_reservations.values_list("language", "seats"))


def fits(forum, party_size, exclude=None, attendance=None, language=""):
    """Whether a party fits in its line, and the seats it may take there: the
    general ones, plus those reserved for its interpretation ``language``."""
    capacity = forum.capacity_for(attendance)
    if capacity is None:
        return True, None
    others = same_line(forum, attendance)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    taken = others.seats_taken_by_language()
    reserved = reserved_seats(forum, attendance)
    available = seats_available(capacity, reserved, taken, language)
    return party_size <= available, available


def promote(forum, now=None):
    """Fill freed seats from each waitlist (one per attendance mode at a hybrid
    forum), oldest first, as long as each party fits. Near the date
    (``ForumPage.offer_deadline``) a seat is offered, not given: it is held for
    the resident until they accept or the offer ends (``seat_offers``)."""
    deadline = forum.offer_deadline(now or timezone.now())
    modes = Attendance.values if forum.is_hybrid else [forum.own_attendance]
    promoted = []
    for mode in modes:
        promoted += _promote_line(forum, mode, deadline)
    return promoted


def _promote_line(forum, attendance, deadline):
    line = same_line(forum, attendance)
    capacity = forum.capacity_for(attendance)
    if capacity is None:
        # With no limit nobody else wants the seat: nothing to hold it for.
        return [_give(rsvp, None) for rsvp in line.waitlisted()]
    reserved = reserved_seats(forum, attendance)
    taken = line.seats_taken_by_language()
    promoted = []
    for rsvp in line.waitlisted():
        language = rsvp.interpretation_language
        if rsvp.party_size > seats_available(capacity, reserved, taken, language):
            continue
        promoted.append(_give(rsvp, deadline))
        taken[language] = taken.get(language, 0) + rsvp.party_size
        if not any(
            seats_available(capacity, reserved, taken, other)
            for other in ["", *reserved]
        ):
            break
    return promoted


def _give(rsvp, deadline):
    """The seat, or near the date (``deadline``) an offer of it."""
    if deadline is not None:
        rsvp.status = RSVPStatus.OFFERED
        rsvp.offer_expires_at = deadline
    else:
        rsvp.status = RSVPStatus.CONFIRMED
    rsvp.save(update_fields=["status", "offer_expires_at", "updated_at"])
    return rsvp
