"""The forums a survey's results can be narrowed to, named for the reader."""

import functools
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import get_language

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery
from engage.i18n import columns_in, translated_value
from forums.models import ForumPage, dated_title

from .models import ResultCell
from .models.cells import ALL, NONE

# The forum filter lists this many forums, the most recent first; dates narrow
# the list to reach earlier ones. A survey handed out at every forum for years
# should not make its results page list them all.
FORUM_CHOICES = 24
# Stands for the survey's own forum while a query is compiled.
OWN_FORUM_PLACEHOLDER = -2_147_483_639


class ForumChoices(NamedTuple):
    choices: list
    more: bool  # are there earlier forums in the window than those listed?
    # The forums named by their English title alone, untranslated. A series'
    # forum is named by its title and a date in the reader's language, which
    # one mark on the option cannot tell apart: it is not among them.
    in_english: set


def _linked_forums(survey_key, forum_key):
    """The survey's own forum (``forum_key``, if any) and those its responses
    came from, the most recent first."""
    linked = Q(
        pk__in=ResultCell.objects.filter(survey=survey_key)
        .exclude(forum_pk__in=[NONE, ALL])
        .order_by()
        .values("forum_pk")
    )
    if forum_key:
        linked |= Q(pk=forum_key)
    return ForumPage.objects.filter(linked).order_by("-start", "-pk")


@functools.cache
def _recent_forums_query(language, with_own_forum):
    """The rows ``survey_forums`` lists when no dates narrow them, compiled once
    per language (the columns of the title) and whether the survey has a forum
    of its own, with the survey's key and its forum's (``engage.compiled``):
    building it cost the results page a tenth of its time."""
    own = OWN_FORUM_PLACEHOLDER if with_own_forum else None
    columns = ("pk", "series", "start", *columns_in(language, "title"))
    rows = _linked_forums(KEY_PLACEHOLDER, own).values(*columns)
    placeholders = (KEY_PLACEHOLDER, own) if with_own_forum else (KEY_PLACEHOLDER,)
    return CompiledQuery(rows[: FORUM_CHOICES + 1], placeholders=placeholders)


def survey_forums(survey, start=None, end=None, chosen=None):
    """(id, name) of the survey's own forum and of those its responses came
    from: the ``FORUM_CHOICES`` most recent between ``start`` and ``end``, and
    the ``chosen`` one if it is among them at all. One query of the columns a
    name is made of (one row more, to tell whether earlier ones were left out),
    two when the chosen forum is older than the list."""
    titles = columns_in(get_language(), "title")
    columns = ("pk", "series", "start", *titles)
    if start or end:
        window = _linked_forums(survey.pk, survey.forum_id)
        if start:
            window = window.filter(start__date__gte=start)
        if end:
            window = window.filter(start__date__lte=end)
        rows = list(window.values(*columns)[: FORUM_CHOICES + 1])
    else:
        query = _recent_forums_query(get_language(), bool(survey.forum_id))
        keys = (survey.pk, survey.forum_id) if survey.forum_id else (survey.pk,)
        rows = query.rows(*keys)
    more = len(rows) > FORUM_CHOICES
    rows = rows[:FORUM_CHOICES]
    if chosen and chosen not in {row["pk"] for row in rows}:
        forums = _linked_forums(survey.pk, survey.forum_id)
        rows += forums.filter(pk=chosen).values(*columns)
    choices, in_english = [], set()
    for row in rows:
        title = translated_value(row, "title")
        choices.append((row["pk"], dated_title(title, row["series"], row["start"])))
        # Read from a later column than the reader's own: the English one.
        if title and not row[titles[0]] and not row["series"]:
            in_english.add(row["pk"])
    return ForumChoices(choices, more, in_english)
