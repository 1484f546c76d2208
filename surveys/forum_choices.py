"""The forums a survey's results can be narrowed to, named for the reader."""

from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import get_language

from engage.i18n import columns_in, translated_value
from forums.models import ForumPage, dated_title

from .models import ResultCell
from .models.cells import ALL, NONE

# The forum filter lists this many forums, the most recent first; dates narrow
# the list to reach earlier ones. A survey handed out at every forum for years
# should not make its results page list them all.
FORUM_CHOICES = 24


class ForumChoices(NamedTuple):
    choices: list
    more: bool  # are there earlier forums in the window than those listed?
    # The forums named by their English title alone, untranslated. A series'
    # forum is named by its title and a date in the reader's language, which
    # one mark on the option cannot tell apart: it is not among them.
    in_english: set


def survey_forums(survey, start=None, end=None, chosen=None):
    """(id, name) of the survey's own forum and of those its responses came
    from: the ``FORUM_CHOICES`` most recent between ``start`` and ``end``, and
    the ``chosen`` one if it is among them at all. One query of the columns a
    name is made of (one row more, to tell whether earlier ones were left out),
    two when the chosen forum is older than the list."""
    linked = Q(
        pk__in=ResultCell.objects.filter(survey=survey)
        .exclude(forum_pk__in=[NONE, ALL])
        .order_by()
        .values("forum_pk")
    )
    if survey.forum_id:
        linked |= Q(pk=survey.forum_id)
    forums = ForumPage.objects.filter(linked).order_by("-start", "-pk")
    window = forums
    if start:
        window = window.filter(start__date__gte=start)
    if end:
        window = window.filter(start__date__lte=end)
    titles = columns_in(get_language(), "title")
    columns = ("pk", "series", "start", *titles)
    rows = list(window.values(*columns)[: FORUM_CHOICES + 1])
    more = len(rows) > FORUM_CHOICES
    rows = rows[:FORUM_CHOICES]
    if chosen and chosen not in {row["pk"] for row in rows}:
        rows += forums.filter(pk=chosen).values(*columns)
    choices, in_english = [], set()
    for row in rows:
        title = translated_value(row, "title")
        choices.append((row["pk"], dated_title(title, row["series"], row["start"])))
        # Read from a later column than the reader's own: the English one.
        if title and not row[titles[0]] and not row["series"]:
            in_english.add(row["pk"])
    return ForumChoices(choices, more, in_english)
