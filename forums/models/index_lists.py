"""The forum index's two lists, upcoming and past, each paged and drawn as
cards.

Unfiltered (the way most readers see it), the counts of both lists and the
first page of each are read by queries compiled once per index page and
language with the time now (``engage.compiled``): building them, with the
index's forums below it, cost the page more than running them. A filtered list,
or a later page, is read by a query built for it.
"""

import functools
from typing import NamedTuple

from django.apps import apps
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from engage.compiled import NOW_PLACEHOLDER, CompiledQuery

from .cards import card_rows, cards_of, forum_cards
from .listing import CountedPaginator

PAST_PER_PAGE = 10
UPCOMING_PER_PAGE = 12


class IndexQueries(NamedTuple):
    """The unfiltered lists' counts, and each list's first page as card rows."""

    counts: CompiledQuery
    upcoming: CompiledQuery
    past: CompiledQuery


@functools.lru_cache(maxsize=64)
def _index_queries(index_key, index_path, index_depth, language):
    """The queries of one index page in one language (the columns of the
    cards' text), compiled with the time now."""
    index = Page(pk=index_key, path=index_path, depth=index_depth)
    forums = apps.get_model("forums", "ForumPage").objects.live().child_of(index)
    now = (NOW_PLACEHOLDER,)
    return IndexQueries(
        counts=CompiledQuery(forums.upcoming_and_past_counted(NOW_PLACEHOLDER), now),
        upcoming=CompiledQuery(
            card_rows(forums.upcoming(NOW_PLACEHOLDER)[:UPCOMING_PER_PAGE], language),
            now,
        ),
        past=CompiledQuery(
            card_rows(forums.past(NOW_PLACEHOLDER)[:PAST_PER_PAGE], language), now
        ),
    )


class Forums:
    """A list's forums, built only when a page of them is read: a first page
    read by a compiled query never builds them."""

    def __init__(self, build):
        self.build = build

    def __getitem__(self, index):
        return self.build()[index]


def index_lists(index, request, forums, filtered):
    """The upcoming and past pages of ``forums()`` (the index's live forums,
    ``filtered`` or not) that ``request`` asks for, their forums as cards."""
    now = timezone.now()
    compiled = None
    if filtered:
        upcoming_count, past_count = forums().count_upcoming_and_past(now)
    else:
        compiled = _index_queries(index.pk, index.path, index.depth, get_language())
        upcoming_count, past_count = next(iter(compiled.counts.rows(now)), (0, 0))
    # Both lists are paged, so the page costs the same however many forums a
    # city schedules or has held.
    upcoming = CountedPaginator(
        Forums(lambda: forums().upcoming(now)), UPCOMING_PER_PAGE, upcoming_count
    ).get_page(request.GET.get("upcoming"))
    past = CountedPaginator(
        Forums(lambda: forums().past(now)), PAST_PER_PAGE, past_count
    ).get_page(request.GET.get("page"))
    for listed, first_page in (
        (upcoming, compiled and compiled.upcoming),
        (past, compiled and compiled.past),
    ):
        if not listed.paginator.count:
            # A list its count says is empty is not read at all.
            listed.object_list = []
        elif first_page and listed.number == 1:
            forum_page = apps.get_model("forums", "ForumPage")
            listed.object_list = cards_of(first_page.rows(now), forum_page, request)
        else:
            listed.object_list = forum_cards(listed.object_list, request)
    return upcoming, past
