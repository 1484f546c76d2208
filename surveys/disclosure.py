"""Which figures may be published without letting a small group be worked out.

A count of 1 to ``minimum - 1`` is sensitive; zero is shown as zero. Every figure
the site publishes about a survey comes from one of these views: the whole survey,
one group of one dimension (a language, a forum, an area or a month), or a run of
whole months. The rules, each checked by tests/surveys/test_disclosure_audit.py:

- Groups. In each dimension, the groups withheld are the small ones and those that
  cannot be chosen (responses without an area or forum). If any is small and
  that leaves exactly one, or a few whose sizes add up to less than ``minimum`` or
  to no more than their number (so each would have to be 1), the next smallest
  groups are withheld too. The survey total minus the groups shown then only ever
  gives the sum of two or more withheld groups. If no group is left to add, the
  whole dimension is withheld, empty groups included.
- Whole-survey answers. Within one question whose counts add up to the number who
  answered it (single choice, drop-down, scale, rating, yes/no, the months of a
  date, a ranking's firsts) and within each statement of a matrix (its points add
  up to the number who rated it), the same rule withholds the next smallest
  non-zero counts, so "answered by minus the others" gives no single hidden
  count; a statement rated by a small number is withheld whole. Means are
  published only when every count they are made from is: a ranking's mean places
  only when no choice's count at any place is small, as they give those away.
- Breakdowns. A question is broken down by a dimension only when none of its
  figures is sensitive: not in the whole survey, not in any group shown, and not
  in the withheld groups taken together. Then every published figure of the
  question in that dimension is zero or at least ``minimum``, and the withheld
  groups are covered by the group rule. Otherwise every group shows the question as
  withheld.
- Conditions. A question asked only after a given answer to another counts the
  people who gave it, so it is shown only where that other question is shown in
  full.
- Filters. One dimension at a time; a date range must cover whole months, each of
  them shown, so a range is the sum of published months and says nothing new.
"""

import calendar

MONTH_RANGE_ERROR = "months"
COMBINATION_ERROR = "combination"


def sensitive(count, minimum):
    return 0 < count < minimum


def _needs_more(sizes, hidden, minimum):
    if not any(sensitive(sizes[key], minimum) for key in hidden):
        return False
    total = sum(sizes[key] for key in hidden)
    return len(hidden) == 1 or total < minimum or total <= len(hidden)


def _complete(sizes, hidden, minimum):
    """Add the next smallest non-zero cells to ``hidden`` until it is safe; False
    when no cell is left to add."""
    while _needs_more(sizes, hidden, minimum):
        spare = [key for key, size in sizes.items() if size and key not in hidden]
        if not spare:
            return False
        hidden.add(min(spare, key=lambda key: sizes[key]))
    return True


def withheld_cells(counts, minimum, adds_up):
    """The keys of one question's counts to withhold, or None when the question
    must be withheld whole. ``adds_up``: the counts add up to the number who
    answered (one answer each)."""
    hidden = {key for key, count in counts.items() if sensitive(count, minimum)}
    if adds_up and not _complete(counts, hidden, minimum):
        return None
    return hidden


def withheld_groups(sizes, choosable, minimum):
    """The groups of one dimension to withhold, or None when the whole dimension
    is withheld. ``sizes`` maps each group (empty ones included) to its count."""
    hidden = {
        group
        for group, size in sizes.items()
        if size and (group not in choosable or size < minimum)
    }
    return hidden if _complete(sizes, hidden, minimum) else None


def month_of(day):
    return day.replace(day=1)


def months_in(start, end, known):
    """The months of a range; ``known`` are the months with responses."""
    return {
        month
        for month in known
        if (start is None or month >= start) and (end is None or month <= end)
    }


def refusal(filters):
    """Why a set of filters cannot be published, or None."""
    chosen = [key for key in ("language", "forum", "area") if filters.get(key)]
    if filters.get("start") or filters.get("end"):
        chosen.append("month")
    if len(chosen) > 1:
        return COMBINATION_ERROR
    start, end = filters.get("start"), filters.get("end")
    if start and start.day != 1:
        return MONTH_RANGE_ERROR
    if end and end.day != calendar.monthrange(end.year, end.month)[1]:
        return MONTH_RANGE_ERROR
    return None
