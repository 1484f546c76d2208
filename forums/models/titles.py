"""How a forum is named: a series' forums share its title, so the date beside it
is read from the forum's own start and follows the forum when it moves."""

from babel.dates import format_date
from django.utils import timezone
from django.utils.translation import gettext

from engage.i18n import babel_locale
from engage.timezones import site_timezone


def dated_title(title, series_id, start):
    """``ForumPage.display_title`` from its columns, for code that reads rows."""
    if not series_id or not start:
        return title
    day = timezone.localtime(start, site_timezone()).date()
    # Translators: a forum of a series, named by the series and its date. Chinese
    # sets a full-width colon.
    return gettext("%(title)s: %(date)s") % {
        "title": title,
        "date": format_date(day, format="long", locale=babel_locale()),
    }
