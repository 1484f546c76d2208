from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_PARTY_SIZE = 6
DEFAULT_REMINDER_HOURS = "48,2"

# Interpretation is often offered in languages the site itself is not written in.
INTERPRETATION_LANGUAGES = list(settings.LANGUAGES) + [
    ("ht", "Kreyòl ayisyen"),
    ("so", "Soomaali"),
    ("tl", "Tagalog"),
    ("ru", "Русский"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("hmn", "Hmoob"),
]


class ForumFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Attendance(models.TextChoices):
    """How a resident takes part: asked only at hybrid forums, whose room and
    online audience each have their own capacity and waitlist. RSVPs to other
    forums are stored with the forum's own mode."""

    IN_ROOM = "in_room", _("In the room")
    ONLINE = "online", _("Online")


class ForumStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class RSVPStatus(models.TextChoices):
    # Asked for on the public form, not yet confirmed by the address's owner
    # through the emailed link: holds no seat and no place in line.
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    # Near the date a freed seat is offered, not given: it is held for the
    # resident until ``offer_expires_at`` and counts as taken meanwhile.
    OFFERED = "offered", _("Offered a seat, not accepted yet")
    CANCELLED = "cancelled", _("Cancelled")
