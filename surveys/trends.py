"""One question followed across surveys, with the results page's protection of
small groups: a survey's point shows only the figures its results page shows,
read from the same running totals (``surveys.tallies``)."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from . import tallies
from .models import Question
from .results import TREND_KINDS, Plan
from .vocabulary import QuestionKind


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
    # Surveys asking it whose results were withdrawn, left out and said so.
    withdrawn: list = field(default_factory=list)

    @property
    def plotted(self):
        return [p for p in self.points if p.value is not None]


def compute_trend(key, include_private=False):
    """The same question (same short code) across surveys, by survey date."""
    questions = Question.objects.filter(
        key=key, kind__in=TREND_KINDS, page__live=True
    ).select_related("page")
    withdrawn = []
    if not include_private:
        withdrawn = [
            question.page
            for question in questions.filter(
                page__results_public=False, page__withdrawn_at__isnull=False
            ).order_by("page__withdrawn_at")
        ]
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
    figures = Counter()
    wanted = {q.pk for q in comparable}
    for cells in tallies.stored({q.page_id for q in comparable}, totals=True).values():
        for cell in cells.values():
            for name, value in cell.items():
                if name != "n" and name[1] in wanted:
                    figures[name] += value
    minimum = settings.SURVEYS_MIN_GROUP_SIZE
    points = []
    for question in comparable:
        plan = Plan.of(question, figures, minimum)
        value = None
        numbers = figures[("numbers", question.pk)]
        if plan.answered and plan.complete and numbers:
            value = float(figures[("sum", question.pk)] / numbers)
            if question.kind == QuestionKind.YES_NO:
                value *= 100
        points.append(
            TrendPoint(
                survey=question.page,
                date=question.page.fielded_on,
                responses=plan.answered,
                value=value,
            )
        )
    trend = Trend(key=key, question=latest, points=points, withdrawn=withdrawn)
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
