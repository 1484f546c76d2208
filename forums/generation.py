"""Generating a series' forum pages from its recurrence rule, never twice a date."""

from babel.dates import format_date
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES, babel_locale
from engage.timezones import site_timezone

from .models import ForumPage


def generate_forums(series, count=6, after=None):
    """Make sure the next ``count`` dates of ``series`` have a published page.

    Dates that already have a page (even one later moved to another day) are
    skipped, so running this again never creates a duplicate.
    """
    tz = site_timezone()
    after = after or timezone.localdate(timezone=tz)
    existing = set(
        ForumPage.objects.filter(series=series).values_list(
            "occurrence_date", flat=True
        )
    )
    parent = series.index_page.specific
    areas = list(series.areas.all())
    created = []
    for day in series.occurrence_dates(count, after=after):
        if day in existing:
            continue
        start, end = series.times_on(day, tz)
        forum = ForumPage(
            series=series,
            occurrence_date=day,
            slug=_free_slug(parent, f"{series.slug}-{day.isoformat()}"),
            start=start,
            end=end,
            format=series.format,
            venue=series.venue,
            online_url=series.online_url,
            capacity=series.capacity,
            interpretation_languages=series.interpretation_languages,
        )
        for code in LANGUAGE_CODES:
            title = getattr(series, build_localized_fieldname("title", code)) or (
                series.title
            )
            with translation.override(code):
                date_text = format_date(day, format="long", locale=babel_locale(code))
            setattr(
                forum, build_localized_fieldname("title", code), f"{title}: {date_text}"
            )
            intro = getattr(series, build_localized_fieldname("description", code))
            setattr(forum, build_localized_fieldname("intro", code), intro or "")
        with transaction.atomic():
            parent.add_child(instance=forum)
            forum.areas.set(areas)
            forum.save_revision().publish()
        created.append(forum)
    return created


def preview_dates(series, count=12):
    """The next dates of a series, each with whether its page exists yet."""
    after = timezone.localdate(timezone=site_timezone())
    existing = set(
        ForumPage.objects.filter(series=series).values_list(
            "occurrence_date", flat=True
        )
    )
    return [
        (day, day in existing) for day in series.occurrence_dates(count, after=after)
    ]


def _free_slug(parent, slug):
    slug = slugify(slug)[:240]
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate
