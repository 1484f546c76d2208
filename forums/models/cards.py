"""The forums of the public listings (the forum index, the home page), read as
cards.

A card shows a dozen of a forum's columns, its venue's name, its areas and its
seats. Building a Wagtail page for each, with every language's columns and its
venue's and areas' rows, cost the forum index more than the rest of its work; a
card holds what it shows, in the reader's language and the one it falls back to.
"""

from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import translation

from cms.listings import ChildAddresses
from engage.compiled import rows_for_keys
from engage.i18n import RowText, columns_in, ordered_as_shown

from .choices import ForumFormat
from .listing import attach_seats
from .places import PLACE_COLUMNS, ForumPlace
from .seats import ForumSeatsMixin
from .titles import HEADLINE_COLUMNS, ForumHeadline

COLUMNS = (
    "pk",
    "url_path",
    *HEADLINE_COLUMNS,
    *PLACE_COLUMNS,
    "end",
    "capacity",
    "online_capacity",
    "interpretation_languages",
    "has_summary",
)
TRANSLATED = ("title", "intro", "venue__name")


class Named:
    """A venue or an area as a card names it: ``name`` in the reader's language,
    with the columns ``engage.i18n.fallback_attributes`` compares to mark it as
    English when it is not translated."""

    def __init__(self, columns):
        self.__dict__.update(columns)

    name = RowText("name")


class ForumCard(ForumHeadline, ForumPlace, ForumSeatsMixin):
    """What a card (``forums.templatetags.forum_cards``) shows of a forum. The
    seats are attached by ``attach_seats``, as they were to pages."""

    def __init__(self, row, url, areas):
        self.__dict__.update(row)
        self.url = url
        self.areas = areas
        venue = {
            key.removeprefix("venue__"): value
            for key, value in row.items()
            if key.startswith("venue__")
        }
        self.venue = Named(venue) if self.venue_id else None

    title = RowText("title")
    intro = RowText("intro")

    def get_format_display(self):
        return dict(ForumFormat.choices).get(self.format, self.format)


def forum_cards(forums, request):
    """``forums`` (filtered, ordered and sliced as the listing shows them) as
    ``ForumCard``s, in that order: three queries however many."""
    rows = list(card_rows(forums, translation.get_language()))
    return cards_of(rows, forums.model, request)


def card_rows(forums, language):
    """What the cards of ``forums`` show, as ``values()`` rows in ``language``."""
    return forums.annotate(
        has_summary=ExpressionWrapper(
            Q(summary__live=True), output_field=BooleanField()
        )
    ).values(*COLUMNS, *columns_in(language, *TRANSLATED))


def cards_of(rows, model, request):
    """``card_rows`` of ``model`` pages as ``ForumCard``s with their areas and
    seats, in two more queries."""
    if not rows:
        return []
    language = translation.get_language()
    areas = _areas_of(model, [row["pk"] for row in rows], language)
    addresses = ChildAddresses(request)
    cards = [
        ForumCard(row, addresses(row["url_path"]), areas[row["pk"]]) for row in rows
    ]
    attach_seats(cards)
    return cards


def _areas_query(forum_ids, model, language):
    return (
        model.areas.through.objects.filter(forumpage_id__in=forum_ids)
        .order_by(ordered_as_shown("area__name", language), "area")
        .values("forumpage_id", *columns_in(language, "area__name"))
    )


def _areas_of(model, forum_ids, language):
    """Each forum's areas, ordered by name as the reader sees it, as the areas'
    own listing orders them."""
    rows = rows_for_keys(_areas_query, forum_ids, model, language)
    areas = defaultdict(list)
    for row in rows:
        forum = row.pop("forumpage_id")
        areas[forum].append(
            Named({key.removeprefix("area__"): value for key, value in row.items()})
        )
    return areas
