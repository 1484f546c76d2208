"""How each kind of question's answers are laid out in its results: the
answers counted, the places of a matrix statement or a ranked choice, and which
of a matrix's counts are withheld (``surveys.disclosure``'s rules applied to
each statement)."""

import datetime

from django.utils.formats import date_format

from . import disclosure
from .vocabulary import (
    CHOICE_KINDS,
    GRID_KINDS,
    ONE_CHOICE_KINDS,
    OTHER,
    OTHER_LABEL,
    POINT_KINDS,
    QuestionKind,
    value_label,
)


def options(question, figures):
    """(key, code, label) of each answer counted: choices, "other", scale points,
    months of date answers; the statements of a matrix, the ranked choices."""
    pk = question.pk
    if question.kind in CHOICE_KINDS or question.kind in GRID_KINDS:
        items = [(c.pk, c.code, c.label) for c in question.choices.all()]
        other = question.allow_other or figures[("count", pk, None)]
        if question.kind in CHOICE_KINDS and other:
            items.append((None, OTHER, str(OTHER_LABEL)))
        return items
    if question.kind in POINT_KINDS:
        return [(v, str(v), value_label(question, v)) for v in question.scale_values]
    if question.kind == QuestionKind.DATE:
        months = sorted(
            int(name[2])
            for name, count in figures.items()
            if count and name[0] == "count" and name[1] == pk and name[2] is not None
        )
        return [(m, f"{m // 100}-{m % 100:02}", _month_label(m)) for m in months]
    return []


def _month_label(number):
    return date_format(
        datetime.date(number // 100, number % 100, 1), "YEAR_MONTH_FORMAT"
    )


def adds_up(question):
    """One answer each, so the counts add up to the number who answered (a
    ranking: one choice ranked first each)."""
    return question.kind in ONE_CHOICE_KINDS | POINT_KINDS | {
        QuestionKind.DATE,
        QuestionKind.RANKING,
    }


def places(plan):
    """The points of a matrix statement or the places of a ranked choice."""
    if plan.question.kind == QuestionKind.MATRIX:
        return plan.question.scale_values
    return range(1, len(plan.items) + 1)


def matrix_withheld(plan, figures, minimum):
    """The (statement, point) counts of a matrix to withhold, each statement
    protected as one single-choice question: (statement, None) withholds a
    statement rated by a small number."""
    pk, hidden = plan.question.pk, set()
    for key, _code, _label in plan.items:
        given = figures[("count", pk, key)]
        counts = {p: figures[("point", pk, key, p)] for p in places(plan)}
        withheld = None
        if not disclosure.sensitive(given, minimum):
            withheld = disclosure.withheld_cells(counts, minimum, adds_up=True)
        if withheld is None:
            hidden |= {(key, None), *((key, p) for p in counts)}
        else:
            hidden |= {(key, p) for p in withheld}
    return hidden
