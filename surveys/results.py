"""Results counted in the database, with small groups suppressed.

A fixed handful of grouped queries, whatever the number of responses. Any group
of fewer than ``SURVEYS_MIN_GROUP_SIZE`` responses (the whole filtered set, one
question's respondents, or one answer's count) is withheld so no one can be
singled out.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Q

from forums.models import ForumPage

from .models import Answer, Audience, InvitationCode, Question, Response
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
        pk__in=Response.objects.filter(survey=survey, forum__isnull=False)
        .order_by()
        .values("forum_id")
    )
    if survey.forum_id:
        linked |= Q(pk=survey.forum_id)
    return list(ForumPage.objects.filter(linked).order_by("start", "pk"))


def _suppress(count, minimum):
    return count if count == 0 or count >= minimum else None


def compute_results(survey, filters=None, quotes=True):
    """Counts, shares and means for each question of ``survey``."""
    minimum = settings.SURVEYS_MIN_GROUP_SIZE
    responses = filter_responses(survey, filters)
    total = responses.count()
    questions = list(survey.questions.prefetch_related("choices"))
    codes = {}
    if survey.audience == Audience.INVITED:
        codes = InvitationCode.objects.filter(survey=survey).aggregate(
            issued=Count("id"), used=Count("id", filter=Q(used=True))
        )
    results = SurveyResults(
        survey=survey,
        total=_suppress(total, minimum) if total else 0,
        questions=[],
        codes_issued=codes.get("issued") or 0,
        codes_used=codes.get("used") or 0,
        min_group=minimum,
    )
    if not total or results.suppressed:
        return results

    answers = Answer.objects.filter(response__in=responses)
    counts = {}
    for row in (
        answers.filter(Q(choice__isnull=False) | Q(number__isnull=False))
        .values("question_id", "choice_id", "number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = row["choice_id"] if row["choice_id"] else row["number"]
        counts[(row["question_id"], key)] = row["n"]
    summaries = {
        row["question_id"]: row
        for row in answers.values("question_id")
        .annotate(
            answered=Count("response_id", distinct=True),
            mean=Avg("number"),
            texts=Count("id", filter=Q(choice=None, number=None)),
        )
        .order_by()
    }
    published = {}
    if quotes and any(q.kind in TEXT_KINDS for q in questions):
        for answer in Answer.objects.filter(question__page=survey, approved=True).only(
            "question_id", "text", "quote"
        ):
            published.setdefault(answer.question_id, []).append(answer.published_text)

    number = 0
    for question in questions:
        summary = summaries.get(question.pk, {})
        if question.is_hidden and not summary:
            continue
        number += 1
        answered = summary.get("answered", 0)
        result = QuestionResult(
            question=question,
            number=number,
            answered=_suppress(answered, minimum),
            quotes=published.get(question.pk, []),
        )
        results.questions.append(result)
        if result.suppressed or not answered:
            continue
        if question.kind != QuestionKind.YES_NO and summary.get("mean") is not None:
            result.mean = float(summary["mean"])
        options = []
        if question.kind in CHOICE_KINDS:
            options = [(c.pk, c.code, c.label) for c in question.choices.all()]
            if question.allow_other or summary.get("texts"):
                options.append((None, OTHER, str(OTHER_LABEL)))
        elif question.kind in POINT_KINDS:
            options = [
                (value, str(value), value_label(question, value))
                for value in question.scale_values
            ]
        for key, code, label in options:
            if key is None:
                count = summary.get("texts", 0)
            else:
                count = counts.get((question.pk, key), 0)
            shown = _suppress(count, minimum)
            result.rows.append(
                Row(
                    code=code,
                    label=label,
                    count=shown,
                    share=shown / answered if shown is not None else None,
                )
            )
    return results


@dataclass
class TrendPoint:
    survey: object
    date: object
    responses: int | None
    value: float | None


@dataclass
class Trend:
    key: str
    question: Question | None
    points: list
    unit: str = ""
    low: float = 0
    high: float = 1

    @property
    def plotted(self):
        return [p for p in self.points if p.value is not None]


def compute_trend(key, include_private=False):
    """The same question (same short code) across surveys, by survey date."""
    questions = Question.objects.filter(
        key=key, kind__in=TREND_KINDS, page__live=True
    ).select_related("page")
    if not include_private:
        questions = questions.filter(page__results_public=True)
    questions = list(questions)
    if not questions:
        return Trend(key=key, question=None, points=[])
    questions.sort(key=lambda q: q.page.fielded_on)
    latest = questions[-1]
    comparable = [
        q
        for q in questions
        if q.kind == latest.kind
        and (q.kind != QuestionKind.SCALE or q.scale_points == latest.scale_points)
        and (q.kind != QuestionKind.RATING or q.rating_max == latest.rating_max)
    ]
    stats = {
        row["question_id"]: row
        for row in Answer.objects.filter(question__in=comparable)
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True), mean=Avg("number"))
        .order_by()
    }
    minimum = settings.SURVEYS_MIN_GROUP_SIZE
    points = []
    for question in comparable:
        row = stats.get(question.pk, {})
        count = _suppress(row.get("n", 0), minimum)
        value = None
        if count and row.get("mean") is not None:
            value = float(row["mean"])
            if question.kind == QuestionKind.YES_NO:
                value *= 100
        points.append(
            TrendPoint(
                survey=question.page,
                date=question.page.fielded_on,
                responses=count,
                value=value,
            )
        )
    trend = Trend(key=key, question=latest, points=points)
    if latest.kind == QuestionKind.YES_NO:
        trend.unit, trend.low, trend.high = "%", 0, 100
    elif latest.kind in (QuestionKind.SCALE, QuestionKind.RATING):
        trend.low, trend.high = 1, max(latest.scale_values)
    else:
        values = [p.value for p in trend.plotted] or [0, 1]
        trend.low, trend.high = min(0, min(values)), max(values) or 1
    return trend


def _coordinate(value):
    """SVG coordinates as plain strings, so no locale turns 12.5 into "12,5"."""
    return f"{value:.1f}"


def trend_chart(trend, width=640, height=280, margin=56):
    """Coordinates for an SVG line chart; the template draws it."""
    plotted = trend.plotted
    span = (trend.high - trend.low) or 1
    inner_w, inner_h = width - 2 * margin, height - 2 * margin

    def y_of(value):
        return margin + inner_h - (value - trend.low) / span * inner_h

    step = inner_w / (len(plotted) - 1) if len(plotted) > 1 else 0
    points = []
    for index, point in enumerate(plotted):
        x = margin + (index * step if step else inner_w / 2)
        points.append(
            {"x": _coordinate(x), "y": _coordinate(y_of(point.value)), "point": point}
        )
    ticks = [
        {
            "y": _coordinate(y_of(trend.low + span * i / 4)),
            "value": trend.low + span * i / 4,
        }
        for i in range(5)
    ]
    return {
        "width": width,
        "height": height,
        "left": _coordinate(margin),
        "right": _coordinate(width - margin),
        "tick_x": _coordinate(margin - 8),
        "date_y": _coordinate(height - margin + 24),
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "ticks": ticks,
    }
