"""A commitment's progress over time as coordinates for a small SVG step chart: the
percentage holds from one published update until the next. The template draws it,
with the same figures in a table as its text alternative."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40
TICKS = (0, 25, 50, 75, 100)


@dataclass
class ChartPoint:
    date: datetime.date
    percentage: int
    style: object
    x: float
    y: float


@dataclass
class ProgressChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    start: datetime.date | None = None
    end: datetime.date | None = None
    points: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    path: str = ""

    @property
    def label_y(self):
        return HEIGHT - BOTTOM + 24

    @property
    def tick_x(self):
        return LEFT - 6


def _y(percentage):
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (100 - percentage) / 100, 1)


def progress_chart(updates, since=None, today=None):
    """Coordinates for ``updates`` (published, oldest first), from ``since`` (the
    signing date) or the first update, to today; None when nothing was reported."""
    updates = list(updates)
    if not updates:
        return None
    today = today or timezone.localdate()
    first = updates[0].update_date
    start = min(since, first) if since else first
    end = max(today, updates[-1].update_date)
    span = max((end - start).days, 1)

    def x(date):
        return round(LEFT + (WIDTH - RIGHT - LEFT) * (date - start).days / span, 1)

    points = [
        ChartPoint(u.update_date, u.percentage, u.status_style, x(u.update_date), 0)
        for u in updates
    ]
    for point in points:
        point.y = _y(point.percentage)
    steps = [f"M{points[0].x},{points[0].y}"]
    for point in points[1:]:
        steps.append(f"H{point.x}V{point.y}")
    steps.append(f"H{x(end)}")
    return ProgressChart(
        start=start,
        end=end,
        points=points,
        ticks=[{"value": tick, "y": _y(tick)} for tick in TICKS],
        path="".join(steps),
    )
