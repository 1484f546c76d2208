"""A pledge's progress worked out from commitments already loaded with their
latest update: the overall figure, the flags and the counts by status."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from ..choices import NO_REPORT, Status, status_style


class Share(NamedTuple):
    """A commitment's part in its pledge's overall progress."""

    weight: int
    percentage: int


@dataclass
class PledgeSummary:
    pledge: object
    commitments: list
    overall: float | None = None
    without_update: int = 0
    latest_update: datetime.date | None = None
    status_counts: list = field(default_factory=list)
    stale_count: int = 0
    overdue_count: int = 0


def overall_progress(commitments):
    """Weighted mean of the commitments' percentages, as a fraction from 0 to 1.

    A commitment with no published update counts as 0%: silence is not progress."""
    commitments = list(commitments)
    total_weight = sum(c.weight for c in commitments)
    if not total_weight:
        return None
    return sum(c.weight * c.percentage for c in commitments) / (total_weight * 100)


def summarize(pledge, commitments, today=None):
    """Flags every commitment and totals the pledge, without touching the database."""
    today = today or timezone.localdate()
    for commitment in commitments:
        commitment.stale = commitment.is_stale(pledge.date_signed, today)
        commitment.overdue = commitment.is_overdue(today)
        commitment.overdue_against_original = (
            commitment.is_overdue_only_against_original(today)
        )
        commitment.days_without_update = commitment.days_without_update(
            pledge.date_signed, today
        )
    without_update = sum(1 for c in commitments if not c.has_update)
    # Only what an office reported counts under a status; silence has its own line.
    counts = Counter(c.status for c in commitments if c.has_update)
    status_counts = [(status_style(s), counts[s]) for s in Status if counts[s]]
    if without_update:
        status_counts.append((NO_REPORT, without_update))
    dates = [c.latest_update_date for c in commitments if c.latest_update_date]
    return PledgeSummary(
        pledge=pledge,
        commitments=commitments,
        overall=overall_progress(commitments),
        without_update=without_update,
        latest_update=max(dates) if dates else None,
        status_counts=status_counts,
        stale_count=sum(1 for c in commitments if c.stale),
        overdue_count=sum(1 for c in commitments if c.overdue),
    )
