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
from forums.models import ForumPage

from . import disclosure, tallies
from .models import Answer, Audience, InvitationCode, Question, Response, ResultCell
from .models.cells import NONE
from .vocabulary import (
    CHOICE_KINDS,
    OTHER,
    OTHER_LABEL,
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

    @property
    def suppressed(self):
        return self.count is None

    @property
    def bar(self):
        """Whole-number percent for the bar's width (never a localized decimal)."""
        return round((self.share or 0) * 100)


@dataclass
class QuestionResult:
    question: Question
    number: int
    answered: int | None
    mean: float | None = None
    rows: list = field(default_factory=list)
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


def survey_forums(survey):
    """The survey's own forum and those its responses came from, by date: the
    choices of the forum filter, in one query."""
    linked = Q(
        pk__in=ResultCell.objects.filter(survey=survey)
        .exclude(forum_pk=NONE)
        .order_by()
        .values("forum_pk")
    )
    if survey.forum_id:
        linked |= Q(pk=survey.forum_id)
    return list(ForumPage.objects.filter(linked).order_by("start", "pk"))


def count_cells(survey):
    """Figures for each (language, forum, area, month) with responses, read from
    the running totals (``surveys.tallies``) in one query."""
    return tallies.stored([survey.pk])[survey.pk]


def add_up(cells, keep=lambda cell: True):
    total = Counter()
    for cell, figures in cells.items():
        if keep(cell):
            total.update(figures)
    return total


def options(question, other):
    """(key, code, label) of each answer counted: choices, "other", scale points."""
    if question.kind in CHOICE_KINDS:
        items = [(c.pk, c.code, c.label) for c in question.choices.all()]
        if question.allow_other or other:
            items.append((None, OTHER, str(OTHER_LABEL)))
        return items
    if question.kind in POINT_KINDS:
        return [(v, str(v), value_label(question, v)) for v in question.scale_values]
    return []


def adds_up(question):
    """One answer each, so the counts add up to the number who answered."""
    return question.kind == QuestionKind.SINGLE or question.kind in POINT_KINDS


@dataclass
class Plan:
    """One question as the whole survey publishes it: the answers counted
    (key, code, label), the number who answered (None: small) and the keys
    withheld (None: the whole question)."""

    question: Question
    items: list
    answered: int | None = None
    hidden: set | None = None

    @classmethod
    def of(cls, question, figures, minimum):
        pk = question.pk
        plan = cls(question, options(question, figures[("count", pk, None)]))
        answered = figures[("answered", pk)]
        if disclosure.sensitive(answered, minimum):
            return plan
        counts = {key: figures[("count", pk, key)] for key, _c, _l in plan.items}
        plan.answered = answered
        plan.hidden = disclosure.withheld_cells(counts, minimum, adds_up(question))
        return plan

    @property
    def complete(self):
        """Every figure shown, so the mean can be too."""
        return self.answered is not None and self.hidden == set()

    def sensitive(self, figures, minimum):
        """Whether any figure of the question in ``figures`` is a small count."""
        pk = self.question.pk
        counts = [figures[("count", pk, key)] for key, _c, _l in self.items]
        counts.append(figures[("answered", pk)])
        return any(disclosure.sensitive(count, minimum) for count in counts)

    def result(self, number, figures, hidden=frozenset(), mean=True):
        """The question's figures, ``hidden`` keys withheld; ``mean`` False
        leaves the mean out."""
        question, pk = self.question, self.question.pk
        answered = figures[("answered", pk)]
        result = QuestionResult(question=question, number=number, answered=answered)
        if not answered:
            return result
        numbers = figures[("numbers", pk)]
        if mean and numbers and question.kind != QuestionKind.YES_NO:
            if question.kind in POINT_KINDS or question.kind == QuestionKind.NUMBER:
                result.mean = float(figures[("sum", pk)] / numbers)
        for key, code, label in self.items:
            count = None if key in hidden else figures[("count", pk, key)]
            share = count / answered if count is not None else None
            result.rows.append(Row(code=code, label=label, count=count, share=share))
        return result


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
    cells = count_cells(survey)
    everything = add_up(cells)
    if disclosure.sensitive(everything["n"], minimum):
        results.total = None
        return results
    if not everything["n"]:
        return results
    plans = [
        Plan.of(q, everything, minimum)
        for q in survey.questions.prefetch_related("choices")
        if not q.is_hidden or everything[("answered", q.pk)]
    ]
    follow_conditions(plans)
    published = {}
    if quotes and any(plan.question.kind in TEXT_KINDS for plan in plans):
        for answer in Answer.objects.filter(question__page=survey, approved=True).only(
            "question_id", "text", "quote"
        ):
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
