"""How a forum is named: a series' forums share its title, so the date beside it
is read from the forum's own start and follows the forum when it moves."""

from babel.dates import format_date
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

from engage.i18n import babel_locale, marked_text
from engage.timezones import site_timezone

from .choices import ForumStatus

# The columns ``ForumHeadline`` reads of a forum read as a row, besides its title
# (read in the reader's language: ``engage.i18n.columns_in``).
HEADLINE_COLUMNS = ("series_id", "start", "status")


def dated_title(title, series_id, start):
    """``ForumPage.display_title`` from its columns, for code that reads rows."""
    if not series_id or not start:
        return title
    return _title_and_date() % {"title": title, "date": _date_of(start)}


def _title_and_date():
    # Translators: a forum of a series, named by the series and its date. Chinese
    # sets a full-width colon.
    return gettext("%(title)s: %(date)s")


def _date_of(start):
    day = timezone.localtime(start, site_timezone()).date()
    return format_date(day, format="long", locale=babel_locale())


def marked_dated_title(forum):
    """``forum.display_title`` as HTML, its title inside ``<span lang="en">``
    when it is shown untranslated; the date beside it is the reader's own."""
    title = marked_text(forum, "title")
    if not forum.series_id or not forum.start:
        return title
    # The translated pattern, made a format string for ``format_html``.
    pattern = (
        conditional_escape(_title_and_date())
        .replace("{", "{{")
        .replace("}", "}}")
        .replace("%(title)s", "{title}")
        .replace("%(date)s", "{date}")
    )
    return format_html(pattern, title=title, date=_date_of(forum.start))


class ForumHeadline:
    """How a forum is named and whether it is off, for a forum page and for a
    forum read as a row (cards, calendar feeds). Reads ``title``, ``series_id``,
    ``start`` and ``status``."""

    @property
    def display_title(self):
        """Use it wherever a forum is named. A series' forums share its title, so
        the date beside it is read from ``start`` and follows the forum's moves."""
        return dated_title(self.title, self.series_id, self.start)

    @property
    def marked_title(self):
        """``display_title`` for a page: see ``marked_dated_title``."""
        return marked_dated_title(self)

    @property
    def is_cancelled(self):
        return self.status == ForumStatus.CANCELLED
