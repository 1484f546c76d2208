"""The demo's summaries dated as they would have come out: some days after
their forums, a correction weeks later, the department sent one the day it
came out and members confirming it over the following days. Loaded all at
once, they would otherwise read as published, corrected and confirmed the
moment the demo was loaded, and confirmed hours after that, in the future."""

import datetime
from contextlib import contextmanager

from django.utils import timezone
from wagtail.models import PageLogEntry

from .models import ForumSummaryPage, PublishedItemTerms, PublishedSummaryTerms

AFTER_THE_FORUM = datetime.timedelta(days=3)
CORRECTED_AFTER = datetime.timedelta(days=30)


def soon_after(start, delay, now):
    """``delay`` after ``start``, or halfway from ``start`` to ``now`` when
    that would be later than halfway: never in the future."""
    return min(start + delay, start + (now - start) / 2)


def published_at(forum, now):
    return soon_after(forum.end, AFTER_THE_FORUM, now)


def corrected_at(summary, now):
    return soon_after(summary.first_published_at, CORRECTED_AFTER, now)


@contextmanager
def dated(summary, when):
    """Date at ``when`` whatever publishing ``summary`` records inside the
    block: its revision, its dates, its history and the public copies of its
    terms. Demo content only: the copies are never changed otherwise."""
    mark = timezone.now()
    yield
    pages = ForumSummaryPage.objects.filter(pk=summary.pk)
    for field in (
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
    ):
        pages.filter(**{f"{field}__gte": mark}).update(**{field: when})
    summary.revisions.filter(created_at__gte=mark).update(created_at=when)
    PageLogEntry.objects.filter(page_id=summary.pk, timestamp__gte=mark).update(
        timestamp=when
    )
    copies = {"recorded_at": when, "published_on": timezone.localdate(when)}
    PublishedSummaryTerms.objects.filter(
        summary_id=summary.pk, recorded_at__gte=mark
    ).update(**copies)
    PublishedItemTerms.objects.filter(
        action_item__summary_id=summary.pk, recorded_at__gte=mark
    ).update(**copies)
    summary.refresh_from_db(fields=["first_published_at", "last_published_at"])
