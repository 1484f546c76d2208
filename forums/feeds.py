"""The forums of the public calendar feeds, read as rows.

A feed lists up to a hundred forums. Building a Wagtail page for each, with every
language's columns, its venue and its calendar entry, had cost twice what writing
their events did; a row holds only what an event says.
"""

from wagtail.models import Page

from engage.i18n import LANGUAGE_FIELD_SUFFIXES, translated_value

from .models import ForumCalendarEntry, ForumPage, dated_title
from .models.places import ForumPlace, VenueLine


def _localized(name):
    return [f"{name}_{suffix}" for suffix in LANGUAGE_FIELD_SUFFIXES]


COLUMNS = (
    "pk",
    "slug",
    "url_path",
    "series_id",
    "start",
    "end",
    "status",
    "format",
    "venue_id",
    *_localized("title"),
    *_localized("intro"),
    *_localized("venue__name"),
    "venue__address",
    *_localized("venue__accessibility_notes"),
    "calendar_entry__uid",
    "calendar_entry__sequence",
    "calendar_entry__modified_at",
)


class FeedVenue(VenueLine):
    def __init__(self, row):
        self.name = translated_value(row, "venue__name")
        self.address = row["venue__address"]
        self.accessibility_notes = translated_value(row, "venue__accessibility_notes")


class FeedEntry:
    """What a feed says of a forum's ``ForumCalendarEntry``."""

    def __init__(self, row):
        self.ical_uid = ForumCalendarEntry.ical_uid_of(row["calendar_entry__uid"])
        self.sequence = row["calendar_entry__sequence"]
        self.modified_at = row["calendar_entry__modified_at"]


class FeedForum(ForumPlace):
    """What ``forums.ical`` writes of a forum, in the active language."""

    def __init__(self, row, url):
        self.pk = row["pk"]
        self.url = url
        self.series_id = row["series_id"]
        self.start, self.end = row["start"], row["end"]
        self.status, self.format = row["status"], row["format"]
        self.venue_id = row["venue_id"]
        self.venue = FeedVenue(row) if self.venue_id else None
        self.title = translated_value(row, "title")
        self.intro = translated_value(row, "intro")
        if row["calendar_entry__uid"] is None:
            # Forums published before calendar entries existed get one now.
            forum = ForumPage.objects.get(pk=self.pk)
            self.calendar_entry = ForumCalendarEntry.for_forum(forum)
        else:
            self.calendar_entry = FeedEntry(row)

    @property
    def display_title(self):
        return dated_title(self.title, self.series_id, self.start)


def feed_rows(forums, request=None):
    """``forums`` (a queryset in feed order) as ``FeedForum`` rows. Each links to
    its index's address followed by its slug, as Wagtail routes it; the index's
    address is worked out once."""
    index_urls = {}
    rows = []
    for row in forums.values(*COLUMNS):
        index_path = row["url_path"][: -len(row["slug"]) - 1]
        if index_path not in index_urls:
            index_urls[index_path] = Page(url_path=index_path).get_url(request)
        index_url = index_urls[index_path]
        # A page Wagtail cannot route has no address; the feed then links none.
        rows.append(FeedForum(row, f"{index_url}{row['slug']}/" if index_url else ""))
    return rows
