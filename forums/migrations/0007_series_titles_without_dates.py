"""Series forums made before ``ForumPage.display_title`` stored their date in the
title: ``f"{series title}: {format_date(day, 'long', locale)}"`` in each language
column, with ``day`` the forum's occurrence and the date in that column's
language. The date shown is now read from the forum's start, so that suffix is
removed from ``title``, ``draft_title``, every ``title_<lang>`` column and the
latest (and live) revision. Only that exact suffix goes: a title an organizer
wrote otherwise is kept, and running this again changes nothing."""

import zoneinfo

from babel.dates import format_date
from django.conf import settings
from django.db import migrations
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES, babel_locale

PAGE_TABLE = "wagtailcore_page"


def _site_timezone(apps):
    """The zone the old code read a forum's day in, from the historical models."""
    SiteSettings = apps.get_model("engage", "SiteSettings")
    found = SiteSettings.objects.filter(site__is_default_site=True).first()
    try:
        return zoneinfo.ZoneInfo(found.timezone if found else settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _suffixes_by_column(days):
    """The date suffixes the old code could have written, per title column: each
    language column in its own language; ``title`` and ``draft_title`` took
    whichever language was active, so any of them."""
    by_column = {
        build_localized_fieldname("title", code): {
            f": {format_date(day, format='long', locale=babel_locale(code))}"
            for day in days
        }
        for code in LANGUAGE_CODES
    }
    every = set().union(*by_column.values())
    return {"title": every, "draft_title": every, **by_column}


def _strip(value, suffixes):
    for suffix in suffixes:
        if value and value.endswith(suffix) and len(value) > len(suffix):
            return value[: -len(suffix)]
    return value


def _page_columns(connection):
    """The title columns of the page table: wagtail-modeltranslation adds the
    translated ones outside the migration state, so they are read with SQL."""
    with connection.cursor() as cursor:
        present = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, PAGE_TABLE
            )
        }
    wanted = ["title", "draft_title"] + [
        build_localized_fieldname("title", code) for code in LANGUAGE_CODES
    ]
    return [name for name in wanted if name in present]


def _strip_page_row(connection, columns, pk, suffixes):
    """Column names come from the list above, quoted; values are parameters."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(name) for name in columns)} "  # noqa: S608
            f"FROM {quote(PAGE_TABLE)} WHERE {quote('id')} = %s",
            [pk],
        )
        row = dict(zip(columns, cursor.fetchone(), strict=True))
        changed = {
            name: _strip(value, suffixes[name])
            for name, value in row.items()
            if _strip(value, suffixes[name]) != value
        }
        if changed:
            assignments = ", ".join(f"{quote(name)} = %s" for name in changed)
            cursor.execute(
                f"UPDATE {quote(PAGE_TABLE)} SET {assignments} "  # noqa: S608
                f"WHERE {quote('id')} = %s",
                [*changed.values(), pk],
            )


def _strip_revision(revision, suffixes):
    content = {
        name: _strip(value, suffixes[name])
        if name in suffixes and isinstance(value, str)
        else value
        for name, value in revision.content.items()
    }
    if content != revision.content:
        revision.content = content
        revision.save(update_fields=["content"])


def strip_dates(apps, schema_editor):
    """A forum's title may carry its own occurrence, its day, or (copied in the
    admin) another occurrence of its series: any of those dates is stripped."""
    ForumPage = apps.get_model("forums", "ForumPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    connection = schema_editor.connection
    columns = _page_columns(connection)
    tz = _site_timezone(apps)
    forums = ForumPage.objects.filter(series__isnull=False).values_list(
        "pk", "series_id", "start", "latest_revision_id", "live_revision_id"
    )
    occurrences = {}
    for series_id, day in ForumPage.objects.filter(
        series__isnull=False, occurrence_date__isnull=False
    ).values_list("series_id", "occurrence_date"):
        occurrences.setdefault(series_id, set()).add(day)
    for pk, series_id, start, latest, live in list(forums):
        days = set(occurrences.get(series_id, ()))
        if start:
            days.add(timezone.localtime(start, tz).date())
        suffixes = _suffixes_by_column(days)
        _strip_page_row(connection, columns, pk, suffixes)
        for revision in Revision.objects.filter(pk__in={latest, live} - {None}):
            _strip_revision(revision, suffixes)


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0006_rsvp_arrivals_and_calendar_sequence"),
        ("cms", "0002_page_translation_fields"),
        ("engage", "0002_sitesettings_from_cms"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(strip_dates, migrations.RunPython.noop)]
