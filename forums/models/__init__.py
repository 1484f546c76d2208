"""Forum models, one module per concern, so summaries and the roster can add theirs."""

from .choices import ForumFormat, ForumStatus, RSVPStatus
from .deliveries import Delivery, DeliveryStatus, Distribution, DistributionStatus
from .outcomes import (
    ActionItem,
    ActionStatus,
    ForumSummaryPage,
    SummaryDocument,
    SummaryPhoto,
    carried_forward_items,
)
from .pages import ForumCalendarEntry, ForumIndexPage, ForumOfficer, ForumPage
from .roster import DepartmentMember, DepartmentUnit
from .rsvps import RSVP, ReminderDelivery, WalkIn
from .series import ForumSeries, ForumSeriesExclusion
from .venues import ForumSettings, Venue

__all__ = [
    "RSVP",
    "ActionItem",
    "ActionStatus",
    "Delivery",
    "DeliveryStatus",
    "DepartmentMember",
    "DepartmentUnit",
    "Distribution",
    "DistributionStatus",
    "ForumSummaryPage",
    "SummaryDocument",
    "SummaryPhoto",
    "carried_forward_items",
    "ForumCalendarEntry",
    "ForumFormat",
    "ForumIndexPage",
    "ForumOfficer",
    "ForumPage",
    "ForumSeries",
    "ForumSeriesExclusion",
    "ForumSettings",
    "ForumStatus",
    "RSVPStatus",
    "ReminderDelivery",
    "Venue",
    "WalkIn",
]
