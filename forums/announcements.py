"""Telling registrants when a forum or its venue changes: a new calendar
SEQUENCE and an email each, then freed seats offered to the waitlist."""

from django.db import transaction
from django.utils import timezone

from . import notifications
from .models import ForumCalendarEntry, ForumPage, ForumStatus
from .services import promote_waitlist


def announce_forum_changes(forum):
    """After a publish: if time, place, link or status changed, raise the SEQUENCE
    and tell every confirmed and waitlisted registrant; then fill freed seats."""
    forum = ForumPage.objects.select_related("venue", "series").get(pk=forum.pk)
    with transaction.atomic():
        entry = (
            ForumCalendarEntry.objects.select_for_update().filter(forum=forum).first()
        )
        if entry is None:
            ForumCalendarEntry.for_forum(forum)
            changes = []
        else:
            changes = entry.changes_from(forum)
            if changes:
                entry.record(forum)
                entry.sequence += 1
                entry.modified_at = timezone.now()
                entry.save()
        # Queued with the new SEQUENCE: the notices go if and only if it commits.
        if changes:
            registrants = forum.rsvps.active().filter(erased_at__isnull=True)
            for rsvp in registrants:
                rsvp.forum = forum
                if forum.status == ForumStatus.CANCELLED:
                    notifications.forum_cancelled(rsvp)
                else:
                    notifications.forum_changed(rsvp, changes)
    promote_waitlist(forum)
    return changes


def announce_venue_change(venue, now=None):
    """A venue's name or address was edited: tell registrants of every upcoming
    forum held there, with a new calendar SEQUENCE, as for an edit of the forum."""
    forums = (
        ForumPage.objects.live()
        .upcoming(now)
        .filter(venue=venue)
        .exclude(status=ForumStatus.CANCELLED)
        .select_related("venue", "series")
    )
    for forum in forums:
        with transaction.atomic():
            entry = ForumCalendarEntry.for_forum(forum)
            entry = ForumCalendarEntry.objects.select_for_update().get(pk=entry.pk)
            entry.sequence += 1
            entry.modified_at = timezone.now()
            entry.save()
            for rsvp in forum.rsvps.active().filter(erased_at__isnull=True):
                rsvp.forum = forum
                notifications.forum_changed(rsvp, ["venue_id"])
