"""Results read from running totals, with small groups protected.

The totals (``surveys.tallies``) hold the figures of every combination of
language, forum, area and month, kept up to date as responses are stored; every
view (the whole survey, one group, a run of whole months) is added up from them
in Python, so all views are published under the same decisions and cost the
same whatever the number of responses. ``surveys.disclosure`` says which
figures may be shown.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from engage.i18n import LANGUAGE_CODES

from . import disclosure, tallies
from .answer_layout import adds_up, matrix_withheld, options, places
from .models import Answer, Audience, InvitationCode, Question, Response
from .vocabulary import (
    CHOICE_KINDS,
    GRID_KINDS,
    POINT_KINDS,
    TEXT_KINDS,
    QuestionKind,
    value_label,
)

TREND_KINDS = [
    QuestionKind.SCALE,
    QuestionKind.RATING,
    QuestionKind.YES_NO,
    QuestionKind.NUMBER,
]
REFUSALS = {
    disclosure.COMBINATION_ERROR: _(
        "Choose one filter at a time: a language, a forum, an area or a range of dates."
    ),
    disclosure.MONTH_RANGE_ERROR: _(
        "Dates must cover whole months: from the first day of a month to the last "
        "day of a month."
    ),
}
# Where each dimension sits in a cell: (language, forum, area, month).
POSITION = {"language": 0, "forum": 1, "area": 2, "month": 3}


@dataclass
class Row:
    code: str
    label: str
    count: int | None
    share: float | None
    # A ranked choice's mean place.
    mean: float | None = None
    # The id of the choice counted, whose label may be shown untranslated.
    choice: int | None = None

    @property
    def suppressed(self):
        return self.count is None

    @property
    def bar(self):
        """Whole-number percent for the bar's width (never a localized decimal)."""
        return round((self.share or 0) * 100)


@dataclass
class StatementResult:
    """One statement of a matrix question: its counts per point of the scale."""

    code: str
    label: str
    answered: int | None
    mean: float | None = None
    rows: list = field(default_factory=list)
    # The id of the statement's choice, whose label may be shown untranslated.
    choice: int | None = None

    @property
    def suppressed(self):
        return self.answered is None


@dataclass
class QuestionResult:
    question: Question
    number: int
    answered: int | None
    mean: float | None = None
    rows: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    # Left out so that a small group elsewhere cannot be worked out.
    withheld: bool = False

    @property
    def suppressed(self):
        return self.answered is None

    @property
    def followed_over_time(self):
        return self.question.kind in TREND_KINDS


@dataclass
class SurveyResults:
    survey: object
    total: int | None
    questions: list
    codes_issued: int = 0
    codes_used: int = 0
    min_group: int = 5
    # A group or range of months, rather than the whole survey.
    narrowed: bool = False
    refused: str = ""

    @property
    def suppressed(self):
        return self.total is None

    @property
    def response_rate(self):
        return self.codes_used / self.codes_issued if self.codes_issued else None


def filter_responses(survey, filters=None):
    """The survey's responses narrowed by language, forum, area and date range."""
    filters = filters or {}
    responses = Response.objects.filter(survey=survey)
    if filters.get("language"):
        responses = responses.filter(language=filters["language"])
    if filters.get("forum"):
        responses = responses.filter(forum=filters["forum"])
    if filters.get("area"):
        responses = responses.filter(area=filters["area"])
    if filters.get("start"):
        responses = responses.filter(submitted_on__gte=filters["start"])
    if filters.get("end"):
        responses = responses.filter(submitted_on__lte=filters["end"])
    return responses


def count_cells(survey):
    """Figures for each (language, forum, area, month) with responses, read from
    the running totals (``surveys.tallies``) in one query."""
    return tallies.survey_cells(survey.pk, totals=False)


def count_totals(survey):
    """The survey's figures per language and month, in one query of a row each:
    all the unfiltered results need, however many forums and areas there are."""
    return tallies.survey_cells(survey.pk, totals=True)


def add_up(cells, keep=lambda cell: True):
    total = Counter()
    for cell, figures in cells.items():
        if keep(cell):
            total.update(figures)
    return total


@dataclass
class Plan:
    """One question as the whole survey publishes it: the answers counted
    (key, code, label), the number who answered (None: small) and the keys
    withheld (None: the whole question)."""

    question: Question
    items: list
    answered: int | None = None
    hidden: set | None = None
    # A ranking's mean places tell its counts at every place: shown only when
    # none of those is small.
    means_safe: bool = True

    @classmethod
    def of(cls, question, figures, minimum):
        pk = question.pk
        plan = cls(question, options(question, figures))
        answered = figures[("answered", pk)]
        if disclosure.sensitive(answered, minimum):
            return plan
        plan.answered = answered
        if question.kind == QuestionKind.MATRIX:
            plan.hidden = matrix_withheld(plan, figures, minimum)
            return plan
        plan.hidden = disclosure.withheld_cells(
            plan.counts(figures), minimum, adds_up(question)
        )
        if question.kind == QuestionKind.RANKING:
            plan.means_safe = not plan.sensitive(figures, minimum)
        return plan

    @property
    def complete(self):
        """Every figure shown, so the mean can be too."""
        return self.answered is not None and self.hidden == set() and self.means_safe

    def counts(self, figures):
        """{key: count} of the rows shown: a ranking's are its firsts."""
        pk = self.question.pk
        if self.question.kind == QuestionKind.RANKING:
            return {key: figures[("point", pk, key, 1)] for key, _c, _l in self.items}
        return {key: figures[("count", pk, key)] for key, _c, _l in self.items}

    def every_count(self, figures):
        """Every count that the question's figures shown in full give away."""
        pk = self.question.pk
        counts = [figures[("answered", pk)]]
        if self.question.kind in GRID_KINDS:
            for key, _c, _l in self.items:
                counts.append(figures[("count", pk, key)])
                counts.extend(figures[("point", pk, key, p)] for p in places(self))
            return counts
        return counts + list(self.counts(figures).values())

    def sensitive(self, figures, minimum):
        """Whether any figure of the question in ``figures`` is a small count."""
        return any(
            disclosure.sensitive(count, minimum) for count in self.every_count(figures)
        )

    def result(self, number, figures, hidden=frozenset(), mean=True):
        """The question's figures, ``hidden`` keys withheld; ``mean`` False
        leaves the mean out."""
        question, pk = self.question, self.question.pk
        answered = figures[("answered", pk)]
        result = QuestionResult(question=question, number=number, answered=answered)
        if not answered:
            return result
        if question.kind == QuestionKind.MATRIX:
            result.statements = [
                self.statement(key, code, label, figures, hidden)
                for key, code, label in self.items
            ]
            return result
        counts = self.counts(figures)
        numbers = figures[("numbers", pk)]
        if mean and numbers and question.kind != QuestionKind.YES_NO:
            if question.kind in POINT_KINDS or question.kind == QuestionKind.NUMBER:
                result.mean = float(figures[("sum", pk)] / numbers)
        for key, code, label in self.items:
            count = None if key in hidden else counts[key]
            share = count / answered if count is not None else None
            row = Row(code=code, label=label, count=count, share=share)
            if question.kind in CHOICE_KINDS or question.kind in GRID_KINDS:
                row.choice = key  # None for "other"
            if question.kind == QuestionKind.RANKING and mean:
                row.mean = self.mean_place(key, figures)
            result.rows.append(row)
        return result

    def mean_place(self, key, figures):
        pk = self.question.pk
        given = figures[("count", pk, key)]
        total = sum(p * figures[("point", pk, key, p)] for p in places(self))
        return float(total / given) if given else None

    def statement(self, key, code, label, figures, hidden):
        """A matrix statement's counts, those in ``hidden`` withheld: (key,
        point), or (key, None) for the whole statement."""
        if (key, None) in hidden:
            return StatementResult(code=code, label=label, answered=None, choice=key)
        pk = self.question.pk
        given = figures[("count", pk, key)]
        item = StatementResult(code=code, label=label, answered=given, choice=key)
        whole = True
        for point in self.question.scale_values:
            count = (
                None if (key, point) in hidden else figures[("point", pk, key, point)]
            )
            whole = whole and count is not None
            share = count / given if count is not None and given else None
            label = value_label(self.question, point)
            item.rows.append(
                Row(code=str(point), label=label, count=count, share=share)
            )
        if whole and given:
            item.mean = self.mean_place(key, figures)
        return item


def follow_conditions(plans):
    """A question asked only after a given answer counts that answer's people:
    it is shown only where the question it follows is shown in full."""
    by_key = {plan.question.key: plan for plan in plans}
    for plan in plans:
        parent = by_key.get(plan.question.condition_key)
        if parent is not None and not parent.complete:
            plan.hidden = None


def breakdown(cells, plans, dimension, minimum):
    """The groups of ``dimension`` withheld (None: all of them) and, for each
    question, whether it may be broken down by it."""
    position = POSITION[dimension]
    groups = defaultdict(Counter)
    for cell, figures in cells.items():
        groups[cell[position]].update(figures)
    choosable = set(LANGUAGE_CODES) if dimension == "language" else set(groups)
    if dimension in ("forum", "area"):
        choosable.discard(None)
    sizes = {group: figures["n"] for group, figures in groups.items()}
    hidden = disclosure.withheld_groups(sizes, choosable, minimum)
    if hidden is None:
        return None, {}
    looked_at = [f for group, f in groups.items() if group not in hidden]
    looked_at.append(add_up(groups, lambda group: group in hidden))
    shown = {
        plan.question.pk: plan.complete
        and not any(plan.sensitive(f, minimum) for f in looked_at)
        for plan in plans
    }
    by_key = {plan.question.key: plan.question.pk for plan in plans}
    for plan in plans:
        parent = by_key.get(plan.question.condition_key)
        if parent is not None and not shown[parent]:
            shown[plan.question.pk] = False
    return hidden, shown


def select(cells, filters):
    """The dimension a view narrows and the groups of it that the view adds up."""
    for dimension in ("language", "forum", "area"):
        if filters.get(dimension):
            value = filters[dimension]
            return dimension, {value if dimension == "language" else value.pk}
    start, end = filters.get("start"), filters.get("end")
    return "month", disclosure.months_in(
        start and disclosure.month_of(start),
        end and disclosure.month_of(end),
        {cell[3] for cell in cells},
    )


def compute_results(survey, filters=None, quotes=True):
    """Counts, shares and means for each question of ``survey``."""
    filters = filters or {}
    minimum = settings.SURVEYS_MIN_GROUP_SIZE
    results = SurveyResults(
        survey=survey, total=0, questions=[], min_group=minimum, narrowed=bool(filters)
    )
    refusal = disclosure.refusal(filters)
    if refusal:
        results.total = None
        results.refused = REFUSALS[refusal]
        return results
    everything = add_up(count_totals(survey))
    if disclosure.sensitive(everything["n"], minimum):
        results.total = None
        return results
    if not everything["n"]:
        return results
    plans = [
        Plan.of(q, everything, minimum)
        for q in survey.questions_with_choices()
        if not q.is_hidden or everything[("answered", q.pk)]
    ]
    follow_conditions(plans)
    published = {}
    if quotes and any(plan.question.kind in TEXT_KINDS for plan in plans):
        quoted = Answer.objects.filter(
            question__page=survey, approved=True, number=None
        )
        for answer in quoted.only("question_id", "text", "quote"):
            published.setdefault(answer.question_id, []).append(answer.published_text)
    if not filters:
        results.total = everything["n"]
        if survey.audience == Audience.INVITED:
            codes = InvitationCode.objects.filter(survey=survey).aggregate(
                issued=Count("id"), used=Count("id", filter=Q(used=True))
            )
            results.codes_issued = codes["issued"] or 0
            results.codes_used = codes["used"] or 0
        for number, plan in enumerate(plans, 1):
            if plan.answered is None:
                item = QuestionResult(plan.question, number, answered=None)
            elif plan.hidden is None:
                item = QuestionResult(plan.question, number, None, withheld=True)
            else:
                item = plan.result(number, everything, plan.hidden, plan.complete)
            item.quotes = published.get(plan.question.pk, [])
            results.questions.append(item)
        return results
    cells = count_cells(survey)
    dimension, chosen = select(cells, filters)
    position = POSITION[dimension]
    hidden, shown = breakdown(cells, plans, dimension, minimum)
    if hidden is None or set(chosen) & hidden:
        results.total = None
        return results
    figures = add_up(cells, lambda cell: cell[position] in chosen)
    results.total = figures["n"]
    if not results.total:
        return results
    for number, plan in enumerate(plans, 1):
        if shown[plan.question.pk]:
            item = plan.result(number, figures)
        else:
            item = QuestionResult(plan.question, number, None, withheld=True)
        item.quotes = published.get(plan.question.pk, [])
        results.questions.append(item)
    return results
