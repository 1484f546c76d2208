"""Where a forum happens, in words: the same for a forum page and for a forum
read as a row (the calendar feeds)."""

import functools

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery
from engage.models import Area

from .choices import ForumFormat

# The columns ``ForumPlace`` reads of a forum read as a row.
PLACE_COLUMNS = ("format", "venue_id")


class VenueLine:
    """Reads ``name`` and ``address``."""

    @property
    def one_line(self):
        """Name and address on one line, for calendars and add-to-calendar links."""
        address = ", ".join(line.strip() for line in self.address.splitlines() if line)
        return f"{self.name}, {address}" if address else self.name


class ForumPlace:
    """Reads ``format``, ``venue_id`` and ``venue``."""

    @property
    def has_venue(self):
        return self.format != ForumFormat.ONLINE and self.venue_id is not None

    @property
    def is_online(self):
        return self.format != ForumFormat.IN_PERSON

    @property
    def location_text(self):
        if self.has_venue:
            return self.venue.one_line
        return str(_("Online")) if self.is_online else ""


@functools.cache
def _areas_query(language):
    """A forum's areas in the order the areas' own listing uses in ``language``
    (``as_shown`` sorts by the name in that language), compiled once per
    language with the forum's key (``engage.compiled``)."""
    return CompiledQuery(Area.objects.filter(forums=KEY_PLACEHOLDER).as_shown())


def areas_of(forum_key):
    """The areas of the saved forum ``forum_key``, as the reader's language
    sorts them."""
    return _areas_query(get_language()).rows(forum_key)
