"""Reminders before each forum, at most one per RSVP and offset."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications
from .models import ForumPage, ForumStatus, ReminderDelivery


def send_due_reminders(now=None):
    """Send each reminder at most once per RSVP; safe to run every few minutes.

    When several offsets are due at once (the job was down), one email goes and
    all of them are marked sent, so nobody gets two reminders in a row.
    """
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=31)
    forums = (
        ForumPage.objects.live()
        .filter(status=ForumStatus.SCHEDULED, start__gt=now, start__lte=horizon)
        .select_related("series", "venue")
    )
    sent = 0
    for forum in forums:
        due = [
            h
            for h in forum.reminder_offsets
            if forum.start - datetime.timedelta(hours=h) <= now
        ]
        if not due:
            continue
        rsvps = (
            forum.rsvps.confirmed()
            .filter(erased_at__isnull=True)
            .exclude(email="")  # taken by phone: nothing to send
            .exclude(reminders__hours_before=min(due))
        )
        for rsvp in rsvps:
            rsvp.forum = forum
            if _claim_and_queue_reminder(rsvp, due, now):
                sent += 1
    return sent


def _claim_and_queue_reminder(rsvp, due, now):
    """Record the due reminders and queue the email in one transaction: both or
    neither. False if another run already claimed the latest one."""
    try:
        with transaction.atomic():
            ReminderDelivery.objects.create(
                rsvp=rsvp, hours_before=min(due), sent_at=now
            )
            ReminderDelivery.objects.bulk_create(
                [ReminderDelivery(rsvp=rsvp, hours_before=h, sent_at=now) for h in due],
                ignore_conflicts=True,
            )
            notifications.reminder(rsvp)
    except IntegrityError:
        return False
    return True
