"""Forum models, one module per concern."""

from .calendar import ForumCalendarEntry
from .choices import Attendance, ForumFormat, ForumStatus, RSVPStatus
from .messages import RegistrantMessage
from .officers import ForumOfficer
from .pages import ForumIndexPage, ForumPage
from .reservations import ForumSeatReservation
from .rsvps import RSVP, ReminderDelivery, WalkIn
from .series import ForumSeries, ForumSeriesExclusion
from .titles import dated_title
from .venues import ForumSettings, Venue

__all__ = [
    "RSVP",
    "Attendance",
    "ForumCalendarEntry",
    "ForumFormat",
    "ForumIndexPage",
    "ForumOfficer",
    "ForumPage",
    "ForumSeatReservation",
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
