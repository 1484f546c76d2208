"""What came out of a forum: its summary, the department roster, and the
distributions that send the summary to that roster."""

from .acknowledgements import CommanderNotice, ReminderStep, ScheduledReminder
from .action_history import ActionItemUpdate
from .attachments import SummaryDocument, SummaryPhoto
from .deliveries import Delivery, DeliveryStatus, Distribution, DistributionStatus
from .item_record import PublishedItemTerms
from .roster import DepartmentMember, DepartmentUnit
from .summaries import (
    ActionItem,
    ActionStatus,
    ForumSummaryPage,
    carried_forward_between,
    carried_forward_items,
)
from .summary_record import PublishedSummaryTerms

__all__ = [
    "ActionItem",
    "ActionItemUpdate",
    "ActionStatus",
    "CommanderNotice",
    "Delivery",
    "DeliveryStatus",
    "DepartmentMember",
    "DepartmentUnit",
    "Distribution",
    "DistributionStatus",
    "ForumSummaryPage",
    "PublishedItemTerms",
    "PublishedSummaryTerms",
    "ReminderStep",
    "ScheduledReminder",
    "SummaryDocument",
    "SummaryPhoto",
    "carried_forward_between",
    "carried_forward_items",
]
