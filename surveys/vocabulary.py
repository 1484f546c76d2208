"""The kinds of question and how their answers read.

Labels of scale points, yes/no and "other", and what an answer looks like to a
condition, shared by the models, the answering form, results and exports.
"""

from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    DROPDOWN = "dropdown", _("Single choice from a drop-down list")
    MULTIPLE = "multiple", _("Multiple choice")
    MATRIX = "matrix", _("Statements on an agreement scale (matrix)")
    RANKING = "ranking", _("Ranking")
    DATE = "date", _("Date")
    SCALE = "scale", _("Agreement scale")
    RATING = "rating", _("Rating")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.DROPDOWN, QuestionKind.MULTIPLE}
# One choice each: the counts add up to the number who answered.
ONE_CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.DROPDOWN}
# Answered with a number for each of the question's choices: a matrix rates each
# statement (its choices) on the agreement scale, a ranking gives each choice
# its place. Stored as one answer per choice, ``choice`` and ``number`` both set.
GRID_KINDS = {QuestionKind.MATRIX, QuestionKind.RANKING}
# The kinds whose choices must be at least two, and what the editor says if not.
FEWEST_CHOICES = {
    QuestionKind.DROPDOWN: _("A drop-down list needs at least two choices."),
    QuestionKind.MATRIX: _("A matrix question needs at least two statements."),
    QuestionKind.RANKING: _("A ranking question needs at least two choices."),
}
# Kinds whose answers cannot decide whether a later question is asked.
NOT_CONDITIONS = GRID_KINDS | {QuestionKind.DATE}
# Answered by picking one of ``Question.scale_values``.
POINT_KINDS = {QuestionKind.SCALE, QuestionKind.RATING, QuestionKind.YES_NO}
NUMERIC_KINDS = POINT_KINDS | {QuestionKind.NUMBER}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}
TEXT_CEILINGS = {QuestionKind.SHORT_TEXT: 500, QuestionKind.LONG_TEXT: 10000}

SCALE_LABELS = {
    5: [
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ],
    7: [
        _("Strongly disagree"),
        _("Disagree"),
        _("Somewhat disagree"),
        _("Neither agree nor disagree"),
        _("Somewhat agree"),
        _("Agree"),
        _("Strongly agree"),
    ],
}
YES_NO = {1: _("Yes"), 0: _("No")}
# The form value, export code and condition token of an "other, please say" answer.
OTHER = "other"
OTHER_LABEL = _("Other")


def value_label(question, value):
    """The reader's-language label of a numeric answer (scale point, yes/no)."""
    if question.kind in (QuestionKind.SCALE, QuestionKind.MATRIX):
        labels = SCALE_LABELS[question.scale_points]
        if 1 <= value <= len(labels):
            return f"{value} · {labels[int(value) - 1]}"
    if question.kind == QuestionKind.YES_NO:
        return YES_NO.get(int(value), str(value))
    return str(int(value)) if value == int(value) else str(value)


def date_month(day):
    """The number a date answer is counted by: its month as YYYYMM. The day
    itself is kept as ISO text beside it (``Answer.text``), for exports."""
    return Decimal(day.year * 100 + day.month)


def condition_tokens(question, value):
    """What an answer looks like to a condition: codes, "yes"/"no" or a number."""
    if value in (None, "", []) or question.kind in NOT_CONDITIONS:
        return set()
    if question.kind in CHOICE_KINDS:
        choices = value if isinstance(value, list) else [value]
        return {c.code.lower() if hasattr(c, "code") else OTHER for c in choices}
    if question.kind == QuestionKind.YES_NO:
        return {"yes" if value else "no"}
    if question.kind in (QuestionKind.SCALE, QuestionKind.RATING, QuestionKind.NUMBER):
        return {Decimal(value).normalize()}
    return {str(value)}


def condition_target(question, condition_value):
    """The condition's answer in the same form as ``condition_tokens`` gives."""
    if question.kind in (QuestionKind.SCALE, QuestionKind.RATING, QuestionKind.NUMBER):
        try:
            return Decimal(condition_value).normalize()
        except InvalidOperation:
            return None
    return condition_value.strip().lower()
