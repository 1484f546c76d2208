"""Forum models, one module per concern."""

from .calendar import ForumCalendarEntry
from .choices import ForumFormat, ForumStatus, RSVPStatus
from .messages import RegistrantMessage
from .officers import ForumOfficer
from .pages import ForumIndexPage, ForumPage
from .rsvps import RSVP, ReminderDelivery, WalkIn
from .series import ForumSeries, ForumSeriesExclusion
from .titles import dated_title
from .venues import ForumSettings, Venue

__all__ = [
    "RSVP",
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
    "RegistrantMessage",
    "ReminderDelivery",
    "Venue",
    "WalkIn",
    "dated_title",
]
