"""Organizers writing to a forum's registrants: "the room has changed", "bring
photo ID". One message, each registrant reading it in their own language."""

from django.db import IntegrityError, transaction

from . import notifications
from .models import RegistrantMessage, RSVPStatus


def recipients(forum, to_confirmed, to_waitlisted):
    """Registrants the message goes to: never a cancelled, unconfirmed or
    erased RSVP, nor one taken by phone without an address. Someone offered a
    seat is still waiting for one until they accept it."""
    statuses = [
        status
        for status, wanted in (
            (RSVPStatus.CONFIRMED, to_confirmed),
            (RSVPStatus.WAITLISTED, to_waitlisted),
            (RSVPStatus.OFFERED, to_waitlisted),
        )
        if wanted
    ]
    return (
        forum.rsvps.filter(status__in=statuses, erased_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )


def send_registrant_message(forum, form, user):
    """Log the message on the forum and queue one email per registrant, all in
    one transaction: every email is queued if and only if the log is kept.
    None when this form was already sent (a second press of the button)."""
    subjects, bodies = form.texts()
    data = form.cleaned_data
    try:
        with transaction.atomic():
            message = RegistrantMessage.objects.create(
                forum=forum,
                subjects=subjects,
                bodies=bodies,
                to_confirmed=data["to_confirmed"],
                to_waitlisted=data["to_waitlisted"],
                sent_by=user,
                request_key=data["request_key"],
            )
            sent = 0
            for rsvp in recipients(forum, message.to_confirmed, message.to_waitlisted):
                rsvp.forum = forum
                notifications.registrant_message(rsvp, message)
                sent += 1
            message.recipients = sent
            message.save(update_fields=["recipients"])
    except IntegrityError:
        return None
    return message
