"""Mayoral pledges: one page per city, a child page per commitment, and a child page
per progress update, so Wagtail's page permissions scope each mayor's office to its
own city and a workflow assigned to a pledge holds its updates for approval.

Everything is importable from here, as it was when this was a single module."""

from ..choices import (
    Frequency,
    Principle,
    Status,
    StatusStyle,
    stale_after_days,
    status_legend,
    status_style,
)
from .amendments import Amendment, Term
from .evidence import UpdateEvidence
from .index import PledgeIndexPage
from .latest import LatestUpdate
from .links import CommitmentActionItem, CommitmentSurveyQuestion, RelatedLinks
from .pages import CommitmentPage, PledgePage, PledgeQuerySet
from .progress import PledgeSummary, overall_progress, summarize
from .querysets import CommitmentQuerySet
from .related import (
    FollowerQuerySet,
    MayorsOffice,
    OfficeReminder,
    PledgeFollower,
    PledgeShareImage,
)
from .updates import AppendOnlyError, ProgressUpdatePage, TimelineEntry

__all__ = [
    "Amendment",
    "AppendOnlyError",
    "CommitmentActionItem",
    "CommitmentPage",
    "CommitmentQuerySet",
    "CommitmentSurveyQuestion",
    "FollowerQuerySet",
    "Frequency",
    "LatestUpdate",
    "MayorsOffice",
    "OfficeReminder",
    "PledgeFollower",
    "PledgeIndexPage",
    "PledgePage",
    "PledgeQuerySet",
    "PledgeShareImage",
    "PledgeSummary",
    "Principle",
    "ProgressUpdatePage",
    "RelatedLinks",
    "Status",
    "StatusStyle",
    "Term",
    "TimelineEntry",
    "UpdateEvidence",
    "overall_progress",
    "stale_after_days",
    "status_legend",
    "status_style",
    "summarize",
]
