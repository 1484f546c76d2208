"""Generating a series' forum pages from its recurrence rule: never twice a date,
never two forums of one series in one month."""

from django.db import transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES
from engage.timezones import site_timezone

from .models import ForumIndexPage, ForumPage, ForumSeries


def occurrence_month(day):
    """A series holds at most one forum per month: this is its key."""
    return day.year, day.month


def occupied_months(series, tz=None):
    """The months in which ``series`` already has a forum, whatever its state
    (draft, cancelled, moved): a new date there would be a second forum."""
    tz = tz or site_timezone()
    forums = ForumPage.objects.filter(series=series).values_list(
        "occurrence_date", "start"
    )
    return {
        occurrence_month(day or timezone.localtime(start, tz).date())
        for day, start in forums
    }


def lock_series(series):
    """Hold the series' row until the transaction ends, so two generations (or a
    generation and a plan) never decide on the same free month at once."""
    return ForumSeries.objects.select_for_update().get(pk=series.pk)


def generate_forums(series, count=6, after=None):
    """Make sure the next ``count`` dates of ``series`` have a published page.

    A date in a month that already has a forum of the series is skipped (its
    forum may have moved, been cancelled, or follow an earlier rule: the series
    plan reconciles those), so running this again never creates a duplicate.
    """
    tz = site_timezone()
    after = after or timezone.localdate(timezone=tz)
    created = []
    with transaction.atomic():
        series = lock_series(series)
        taken = occupied_months(series, tz)
        for day in series.occurrence_dates(count, after=after):
            if occurrence_month(day) in taken:
                continue
            created.append(create_forum(series, day, tz))
            taken.add(occurrence_month(day))
    return created


def create_forum(series, day, tz=None):
    """Publish the series' forum for ``day``, with the series' defaults.

    Its title is the series' title: the date shown beside it comes from the
    forum's own start (``ForumPage.display_title``), so it follows a move. The
    slug names the month, which a move within the month leaves true.
    """
    tz = tz or site_timezone()
    # Fresh from the database: the tree's child count decides the new page's path.
    parent = ForumIndexPage.objects.get(pk=series.index_page_id)
    start, end = series.times_on(day, tz)
    forum = ForumPage(
        series=series,
        occurrence_date=day,
        slug=_free_slug(parent, f"{series.slug}-{day:%Y-%m}"),
        start=start,
        end=end,
        format=series.format,
        venue=series.venue,
        online_url=series.online_url,
        capacity=series.capacity,
        interpretation_languages=series.interpretation_languages,
    )
    for code in LANGUAGE_CODES:
        title = getattr(series, build_localized_fieldname("title", code))
        setattr(forum, build_localized_fieldname("title", code), title or series.title)
        intro = getattr(series, build_localized_fieldname("description", code))
        setattr(forum, build_localized_fieldname("intro", code), intro or "")
    with transaction.atomic():
        parent.add_child(instance=forum)
        forum.areas.set(series.areas.all())
        forum.save_revision().publish()
    return forum


def preview_dates(series, count=12):
    """The next dates of a series, each with whether its month has a forum yet."""
    tz = site_timezone()
    after = timezone.localdate(timezone=tz)
    taken = occupied_months(series, tz)
    return [
        (day, occurrence_month(day) in taken)
        for day in series.occurrence_dates(count, after=after)
    ]


def _free_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate
