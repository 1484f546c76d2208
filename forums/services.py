"""Business rules for RSVPs: seats and the waitlist, sign-up and its
confirmation, changes and cancellation. Views, commands and hooks call these;
changes to a forum, reminders and retention have modules of their own."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from engage import recipient_limits
from engage.privacy import verified_emails

from . import notifications, reminders, retention, seating
from .models import (
    RSVP,
    ForumPage,
    ReminderDelivery,
    RSVPStatus,
)

# RSVPs --------------------------------------------------------------------------


class RSVPClosed(Exception):
    """The forum no longer takes RSVPs (past, postponed or cancelled)."""


class NoRoom(Exception):
    """A confirmed party asked for more seats than are left."""

    def __init__(self, available):
        super().__init__(available)
        self.available = available


@dataclass
class RSVPOutcome:
    rsvp: RSVP
    promoted: list = field(default_factory=list)


@dataclass(frozen=True)
class SignUpReceipt:
    """What the visitor who posted the public RSVP form is told. It is built from
    what they typed and the forum's public seat count alone, never from an RSVP
    already made with the address, so a stranger learns nothing from it.
    ``awaiting_confirmation``: the emailed link must be opened before any seat is
    held (everyone but a signed-in owner of the address)."""

    email: str
    waitlist_position: int | None = None
    awaiting_confirmation: bool = False

    @property
    def is_waitlisted(self):
        return self.waitlist_position is not None


def lock_forum(forum):
    """Re-read the forum holding its row lock (PostgreSQL) or the write lock (SQLite
    IMMEDIATE transactions), so seat counts cannot change under us."""
    return (
        ForumPage.objects.select_for_update(of=("self",))
        .only("pk", "capacity", "online_capacity", "format", "status", "start")
        .get(pk=forum.pk)
    )


def _promote(forum, now=None):
    """Fill freed seats from the waitlists (``seating.promote``)."""
    return seating.promote(forum, now)


def submit_rsvp(forum, data, user=None):
    """The public RSVP form: a request that only the address's owner can make real.

    From anyone but a signed-in resident whose verified address it is, nothing
    is held yet: a new address gets a pending RSVP (no seat, no place in line)
    and an email with the link that confirms it; an address that already has an
    RSVP here keeps it exactly as it is, and its owner is emailed its link. The
    seat counts the public sees move only when the owner confirms, so posting a
    stranger's address tells the poster nothing. A signed-in owner is registered
    at once. Raises ``RSVPClosed``; nothing is stored then. Every email is queued
    in the transaction that stores the RSVP.
    """
    email = data["email"].strip().lower()
    if email in _addresses_of(user):
        return _register_owner(forum, email, data, user)
    with transaction.atomic():
        locked = lock_forum(forum)
        if not locked.accepts_rsvps:
            raise RSVPClosed
        # A few emails an hour to one address, whoever posts the form: nobody can
        # flood a stranger's inbox through it. Over the limit nothing is stored
        # or sent, and the page is the same.
        if recipient_limits.allow(email):
            rsvp = RSVP.objects.filter(forum=locked, email__iexact=email).first()
            if rsvp is None:
                rsvp = RSVP.objects.create(
                    forum=locked,
                    email=email,
                    status=RSVPStatus.PENDING,
                    attendance=seating.attendance_of(locked, data),
                    **{name: data[name] for name in RSVP.EDITABLE_FIELDS},
                )
            elif rsvp.is_pending:
                # Asked again: the week to confirm starts afresh; nothing else moves.
                RSVP.objects.filter(pk=rsvp.pk).update(created_at=timezone.now())
            rsvp.forum = forum
            if rsvp.is_registered:
                notifications.rsvp_already_registered(rsvp)
            else:
                notifications.rsvp_confirm_request(rsvp)
    return SignUpReceipt(email=email, awaiting_confirmation=True)


def _register_owner(forum, email, data, owner):
    """The address is the signed-in visitor's own: register them now, unless they
    already are (then their link is emailed, as for anyone)."""
    with transaction.atomic():
        locked = lock_forum(forum)
        if not locked.accepts_rsvps:
            raise RSVPClosed
        receipt = _receipt(locked, email, data, seating.attendance_of(locked, data))
        rsvp = RSVP.objects.filter(forum=locked, email__iexact=email).first()
        registered = rsvp is None or not rsvp.is_registered
        if registered:
            rsvp = _register(locked, rsvp, email, data, owner, receipt)
        promoted = _promote(locked)
        rsvp.refresh_from_db()
        rsvp.forum = forum
        if recipient_limits.allow(email):
            if registered:
                _notify_rsvp(rsvp, updated=False)
            else:
                notifications.rsvp_already_registered(rsvp)
        _notify_promoted(forum, [other for other in promoted if other.pk != rsvp.pk])
    return receipt


def confirm_rsvp(rsvp, data):
    """The owner opened the emailed link and confirmed a pending RSVP, or signed
    up again on a cancelled one's page: with the details as they left them, it
    gets a seat if one is free, otherwise the next place in line."""
    forum = rsvp.forum
    with transaction.atomic():
        locked = lock_forum(forum)
        rsvp = RSVP.objects.get(pk=rsvp.pk)
        if not locked.accepts_rsvps or rsvp.is_registered:
            raise RSVPClosed
        details = {n: data.get(n, getattr(rsvp, n)) for n in RSVP.EDITABLE_FIELDS}
        details["attendance"] = seating.attendance_of(
            locked, data, current=rsvp.attendance
        )
        receipt = _receipt(locked, rsvp.email, details, details["attendance"])
        rsvp = _register(locked, rsvp, rsvp.email, details, rsvp.user, receipt)
        promoted = _promote(locked)
        rsvp.refresh_from_db()
        rsvp.forum = forum
        _notify_rsvp(rsvp, updated=False)
        _notify_promoted(forum, [other for other in promoted if other.pk != rsvp.pk])
    return RSVPOutcome(rsvp=rsvp, promoted=promoted)


def withdraw_request(rsvp):
    """ "This was not me": a pending RSVP is deleted, with everything typed in it."""
    return RSVP.objects.filter(pk=rsvp.pk, status=RSVPStatus.PENDING).delete()[0] > 0


class AlreadyRegistered(Exception):
    """Staff tried to add an RSVP for an address that already has a live one."""

    def __init__(self, rsvp):
        super().__init__(rsvp.pk)
        self.rsvp = rsvp


def add_rsvp_on_behalf(forum, data):
    """A resident phoned in: staff add their RSVP under the same capacity and
    waitlist rules as the public form. The confirmation goes to the resident when
    an address is given; without one there is nothing to email."""
    email = data.get("email", "").strip().lower()
    with transaction.atomic():
        locked = lock_forum(forum)
        if not locked.accepts_rsvps:
            raise RSVPClosed
        existing = None
        if email:
            existing = RSVP.objects.filter(forum=locked, email__iexact=email).first()
            if existing is not None and existing.is_registered:
                raise AlreadyRegistered(existing)
        receipt = _receipt(locked, email, data, seating.attendance_of(locked, data))
        rsvp = _register(locked, existing, email, data, None, receipt)
        promoted = _promote(locked)
        rsvp.refresh_from_db()
        rsvp.forum = forum
        _notify_rsvp(rsvp, updated=False)
        _notify_promoted(forum, [other for other in promoted if other.pk != rsvp.pk])
    return rsvp


def _addresses_of(user):
    """The signed-in visitor's verified addresses: only these make them an owner."""
    if user is None or not user.is_authenticated:
        return []
    return verified_emails(user)


def _receipt(forum, email, data, attendance):
    """What a new registration of ``data`` would get now: a seat, or the next
    place on its mode's waitlist."""
    fits, _available = seating.fits(
        forum,
        data["party_size"],
        attendance=attendance,
        language=data.get("interpretation_language", ""),
    )
    if fits:
        return SignUpReceipt(email=email)
    waiting = seating.same_line(forum, attendance).waitlisted().count()
    return SignUpReceipt(email=email, waitlist_position=waiting + 1)


def _register(forum, cancelled, email, data, owner, receipt):
    """Save a new RSVP. A cancelled or pending one for the address keeps only its
    id: every other field, its reminders and its place in line start afresh, as
    for an address never seen before (its old link reaches the same mailbox)."""
    now = timezone.now()
    rsvp = RSVP(
        forum=forum,
        email=email,
        user=owner,
        status=RSVPStatus.WAITLISTED if receipt.is_waitlisted else RSVPStatus.CONFIRMED,
        queued_at=now,
        attendance=seating.attendance_of(forum, data),
        **{name: data[name] for name in RSVP.EDITABLE_FIELDS},
    )
    if cancelled is None:
        rsvp.save()
        return rsvp
    ReminderDelivery.objects.filter(rsvp=cancelled).delete()
    rsvp.pk = cancelled.pk
    rsvp.created_at = now
    # Its new invitation must supersede the cancellation the calendar holds.
    rsvp.calendar_sequence = cancelled.calendar_sequence + 1
    rsvp.save(force_update=True)
    return rsvp


def update_rsvp(rsvp, data):
    """Change party size or accommodations from the manage link."""
    forum = rsvp.forum
    with transaction.atomic():
        locked = lock_forum(forum)
        rsvp = RSVP.objects.get(pk=rsvp.pk)
        if rsvp.is_cancelled or not locked.accepts_rsvps:
            raise RSVPClosed
        attendance = seating.attendance_of(locked, data, current=rsvp.attendance)
        fits, available = seating.fits(
            locked,
            data["party_size"],
            exclude=rsvp,
            attendance=attendance,
            language=data.get("interpretation_language", rsvp.interpretation_language),
        )
        if rsvp.holds_seat and not fits:
            raise NoRoom(available)
        for name in RSVP.EDITABLE_FIELDS:
            if name in data:
                setattr(rsvp, name, data[name])
        rsvp.attendance = attendance
        rsvp.save()
        promoted = _promote(locked)
        rsvp.refresh_from_db()
        rsvp.forum = forum
        _notify_rsvp(rsvp, updated=True)
        _notify_promoted(forum, [other for other in promoted if other.pk != rsvp.pk])
    return RSVPOutcome(rsvp=rsvp, promoted=promoted)


def cancel_rsvp(rsvp):
    """Give the seat back and offer it to the waitlist: the resident's own cancel
    and staff cancelling on their behalf. Cancelling twice is harmless."""
    forum = rsvp.forum
    with transaction.atomic():
        locked = lock_forum(forum)
        rsvp = RSVP.objects.get(pk=rsvp.pk)
        rsvp.forum = forum
        if rsvp.is_cancelled:
            return RSVPOutcome(rsvp=rsvp)
        if rsvp.is_pending:
            # Never confirmed: no seat to give back, no invitation to withdraw.
            rsvp.status = RSVPStatus.CANCELLED
            rsvp.save(update_fields=["status", "updated_at"])
            return RSVPOutcome(rsvp=rsvp)
        rsvp.cancel()
        promoted = _promote(locked) if locked.accepts_rsvps else []
        notifications.rsvp_cancelled(rsvp)
        _notify_promoted(forum, promoted)
    return RSVPOutcome(rsvp=rsvp, promoted=promoted)


def delete_rsvp(rsvp):
    """Remove an RSVP (the admin's delete) and offer its seats to the waitlist."""
    forum = rsvp.forum
    with transaction.atomic():
        locked = lock_forum(forum)
        RSVP.objects.filter(pk=rsvp.pk).delete()
        promoted = _promote(locked) if locked.accepts_rsvps else []
        _notify_promoted(forum, promoted)
    return promoted


def resend_confirmation(rsvp):
    """Queue the RSVP's confirmation (or waitlist notice) again, with its link.
    False when there is nothing to send: cancelled, erased or no address."""
    with transaction.atomic():
        rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if rsvp.is_cancelled or not rsvp.email:
            return False
        rsvp.forum = ForumPage.objects.select_related("venue", "series").get(
            pk=rsvp.forum_id
        )
        if rsvp.is_pending:
            notifications.rsvp_confirm_request(rsvp)
        else:
            _notify_rsvp(rsvp, updated=False)
    return True


def promote_waitlist(forum):
    """Offer freed seats (a raised capacity, say) to the waitlist."""
    with transaction.atomic():
        locked = lock_forum(forum)
        promoted = _promote(locked) if locked.accepts_rsvps else []
        _notify_promoted(forum, promoted)
    return promoted


def _notify_rsvp(rsvp, updated):
    if rsvp.is_confirmed:
        notifications.rsvp_confirmed(rsvp, updated=updated)
    elif rsvp.is_waitlisted:
        notifications.rsvp_waitlisted(rsvp, updated=updated)
    elif rsvp.is_offered:
        notifications.rsvp_offered(rsvp)


def _notify_promoted(forum, promoted):
    for rsvp in promoted:
        rsvp.forum = forum
        if rsvp.is_offered:
            notifications.rsvp_offered(rsvp)
        else:
            notifications.rsvp_promoted(rsvp)


# Scheduled jobs --------------------------------------------------------------------
# The tasks stay here, where queued jobs name them (engage 0003); the work is in
# ``reminders`` and ``retention``.


@task()
def send_forum_reminders():
    """For a scheduler, like ``manage.py send_forum_reminders``."""
    return reminders.send_due_reminders()


@task()
def purge_rsvp_personal_data():
    """For a scheduler, like ``manage.py purge_rsvp_personal_data``."""
    retention.drop_unconfirmed()
    return retention.purge_personal_data()
