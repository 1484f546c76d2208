"""What came out of a forum: its summary, the department roster, and the
distributions that send the summary to that roster."""

from .deliveries import Delivery, DeliveryStatus, Distribution, DistributionStatus
from .roster import DepartmentMember, DepartmentUnit
from .summaries import (
    ActionItem,
    ActionStatus,
    ForumSummaryPage,
    SummaryDocument,
    SummaryPhoto,
    carried_forward_items,
)

__all__ = [
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
]
