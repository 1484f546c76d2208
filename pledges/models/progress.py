"""A pledge's progress worked out from commitments already loaded with their
latest update: the overall figure, the flags and the counts by status."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from engage.i18n import RowText

from ..choices import NO_REPORT, Principle, Status, stale_after_days, status_style

# The statuses in the order a pledge's counts list them.
STATUSES = tuple(Status)


class Share(NamedTuple):
    """A commitment's part in its pledge's overall progress."""

    weight: int
    percentage: int


def report_flags(report, signed_on, today, stale_days):
    """What a commitment's latest report (``LatestReport``'s columns) says
    against ``today``: (days without an update or None, stale, overdue,
    overdue only against the original target date). Written once for the
    commitment page and for every commitment a listing summarizes."""
    since = report.latest_update_date or signed_on
    days = None if since is None else (today - since).days
    target, original = report.target_date, report.original_target_date
    past_target = bool(target and target < today)
    overdue = report.latest_status != Status.MET and (
        past_target or bool(original and original < today)
    )
    return (
        days,
        days is not None and days > stale_days,
        overdue,
        (overdue and not past_target),
    )


class LatestReport:
    """What a commitment's latest published update says, and the flags read from
    it, for the commitment page and the lighter rows of the pledge index alike.
    Reads ``latest_status``, ``latest_percentage``, ``latest_update_date``,
    ``target_date`` and ``original_target_date``."""

    def _progress(self):
        """Reads the latest update when it was not loaded with the commitment."""

    @property
    def has_update(self):
        self._progress()
        return self.latest_status is not None

    @property
    def status(self):
        self._progress()
        return self.latest_status or Status.NOT_STARTED

    @property
    def status_style(self):
        return status_style(self.status)

    @property
    def percentage(self):
        """0 to 100; a commitment nobody has reported on counts as 0."""
        self._progress()
        return self.latest_percentage or 0

    def _flags(self, signed_on=None, today=None):
        self._progress()
        today = today or timezone.localdate()
        return report_flags(self, signed_on, today, stale_after_days())

    def days_without_update(self, signed_on, today=None):
        """Days since the latest update, or since signing when none was posted."""
        return self._flags(signed_on, today)[0]

    def is_stale(self, signed_on, today=None):
        return self._flags(signed_on, today)[1]

    def is_overdue(self, today=None):
        """Past the target date, or past the original one when it was moved, and
        not met."""
        return self._flags(today=today)[2]

    def is_overdue_only_against_original(self, today=None):
        return self._flags(today=today)[3]


# Separates the status, percentage and date of a latest report read as text
# (``CommitmentQuerySet.with_latest_report``): none of them can hold it.
REPORT_SEPARATOR = "|"


class CommitmentRow(LatestReport):
    """A commitment as a listing shows it, from a ``values()`` row read with its
    latest report (see ``querysets.live_rows_under``). ``url`` is its
    pledge's address followed by its slug, as Wagtail routes it."""

    def __init__(self, values, pledge_url):
        # The row becomes the object's attributes as it is, not copied.
        self.__dict__ = values
        self.url = f"{pledge_url}{values['slug']}/"
        report = values.pop("latest_report")
        if report is None:
            # No published update, as ``with_progress`` reads it.
            self.latest_status = self.latest_percentage = None
            self.latest_update_date = None
            return
        status, percentage, updated = report.split(REPORT_SEPARATOR)
        self.latest_status = status
        self.latest_percentage = int(percentage)
        self.latest_update_date = datetime.date.fromisoformat(updated)

    title = RowText("title")
    responsible_office = RowText("responsible_office")

    def get_principle_display(self):
        """As the page's own ``get_principle_display`` words it."""
        return dict(Principle.choices).get(self.principle, self.principle)


class PledgeRow:
    """A pledge as the index lists it, from a ``values()`` row holding its city
    in the reader's language and in English (``PledgeQuerySet.as_rows``)."""

    def __init__(self, values):
        self.__dict__.update(values)

    city = RowText("city")


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
    # The pledge's address, where a listing worked it out with the summary.
    url: str = ""


def overall_progress(commitments):
    """Weighted mean of the commitments' percentages, as a fraction from 0 to 1.

    A commitment with no published update counts as 0%: silence is not progress."""
    commitments = list(commitments)
    total_weight = sum(c.weight for c in commitments)
    if not total_weight:
        return None
    return sum(c.weight * c.percentage for c in commitments) / (total_weight * 100)


def summarize(pledge, commitments, today=None):
    """Flags every commitment and totals the pledge, without touching the database.
    Each commitment's report is read once: the pledge index summarizes seventy.
    The overall figure is ``overall_progress``'s, worked out in the same pass."""
    today = today or timezone.localdate()
    stale_days = stale_after_days()
    signed_on = pledge.date_signed
    counts = Counter()
    without_update = stale_count = overdue_count = 0
    total_weight = weighted = 0
    latest = None
    for commitment in commitments:
        commitment._progress()
        days, stale, overdue, against_original = report_flags(
            commitment, signed_on, today, stale_days
        )
        # Its own names, not the methods': summarizing the same rows again works.
        commitment.quiet_days = days
        commitment.stale = stale
        commitment.overdue = overdue
        commitment.overdue_against_original = against_original
        stale_count += stale
        overdue_count += overdue
        weight = commitment.weight
        total_weight += weight
        weighted += weight * (commitment.latest_percentage or 0)
        updated, status = commitment.latest_update_date, commitment.latest_status
        if updated and (latest is None or updated > latest):
            latest = updated
        if status is None:
            # Only what an office reported counts under a status; silence has
            # its own line.
            without_update += 1
        else:
            counts[status or Status.NOT_STARTED] += 1
    status_counts = [(status_style(s), counts[s]) for s in STATUSES if s in counts]
    if without_update:
        status_counts.append((NO_REPORT, without_update))
    return PledgeSummary(
        pledge=pledge,
        commitments=commitments,
        overall=weighted / (total_weight * 100) if total_weight else None,
        without_update=without_update,
        latest_update=latest,
        status_counts=status_counts,
        stale_count=stale_count,
        overdue_count=overdue_count,
    )
