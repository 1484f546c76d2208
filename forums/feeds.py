"""The forums of the public calendar feeds, read as rows.

A feed lists up to a hundred forums. Building a Wagtail page for each, with every
language's columns, its venue and its calendar entry, had cost twice what writing
their events did; a row holds only what an event says.
"""

from django.utils import translation

from cms.listings import ChildAddresses
from engage.i18n import columns_in, translated_value

from .models import ForumCalendarEntry, ForumPage
from .models.places import PLACE_COLUMNS, ForumPlace, VenueLine
from .models.titles import HEADLINE_COLUMNS, ForumHeadline

# The translated fields an event shows.
TRANSLATED = ("title", "intro", "venue__name", "venue__accessibility_notes")
COLUMNS = (
    "pk",
    "url_path",
    *HEADLINE_COLUMNS,
    *PLACE_COLUMNS,
    "end",
    "venue__address",
    "calendar_entry__uid",
    "calendar_entry__sequence",
    "calendar_entry__modified_at",
)


class FeedVenue(VenueLine):
    def __init__(self, row, language):
        self.name = translated_value(row, "venue__name", language)
        self.address = row["venue__address"]
        self.accessibility_notes = translated_value(
            row, "venue__accessibility_notes", language
        )


class FeedEntry:
    """What a feed says of a forum's ``ForumCalendarEntry``."""

    def __init__(self, row):
        self.ical_uid = ForumCalendarEntry.ical_uid_of(row["calendar_entry__uid"])
        self.sequence = row["calendar_entry__sequence"]
        self.modified_at = row["calendar_entry__modified_at"]


class FeedForum(ForumHeadline, ForumPlace):
    """What ``forums.ical`` writes of a forum, in ``language``."""

    def __init__(self, row, url, language):
        self.pk = row["pk"]
        # A forum Wagtail cannot route has no address; the feed then links none.
        self.url = url or ""
        self.series_id = row["series_id"]
        self.start, self.end = row["start"], row["end"]
        self.status, self.format = row["status"], row["format"]
        self.venue_id = row["venue_id"]
        self.venue = FeedVenue(row, language) if self.venue_id else None
        self.title = translated_value(row, "title", language)
        self.intro = translated_value(row, "intro", language)
        if row["calendar_entry__uid"] is None:
            # Forums published before calendar entries existed get one now.
            forum = ForumPage.objects.get(pk=self.pk)
            self.calendar_entry = ForumCalendarEntry.for_forum(forum)
        else:
            self.calendar_entry = FeedEntry(row)


class FeedReader:
    """Reads forums as ``FeedForum`` rows for one request, in its language."""

    def __init__(self, request=None):
        self.addresses = ChildAddresses(request)
        self.language = translation.get_language()

    def select(self, forums):
        """``forums`` read as rows: filter and order them after, so that the
        columns are resolved once for every list taken from them."""
        return forums.raw_values(*COLUMNS, *columns_in(self.language, *TRANSLATED))

    def rows(self, selected):
        """``selected`` rows, in feed order."""
        return [
            FeedForum(row, self.addresses(row["url_path"]), self.language)
            for row in selected
        ]
