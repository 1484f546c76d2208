"""How a forum is named: a series' forums share its title, so the date beside it
is read from the forum's own start and follows the forum when it moves."""

from babel.dates import format_date
from django.utils import timezone

from engage.i18n import babel_locale
from engage.timezones import site_timezone


def dated_title(title, series_id, start):
    """``ForumPage.display_title`` from its columns, for code that reads rows."""
    if not series_id or not start:
        return title
    day = timezone.localtime(start, site_timezone()).date()
    return f"{title}: {format_date(day, format='long', locale=babel_locale())}"
