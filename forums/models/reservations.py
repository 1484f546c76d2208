from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from .choices import INTERPRETATION_LANGUAGES


class ForumSeatReservation(Orderable):
    """In-room seats kept for residents who ask for interpretation into one
    language, so the interpreter booked for them has an audience: nobody else
    takes these seats, and such a resident takes one of them before a general
    seat."""

    forum = ParentalKey(
        "forums.ForumPage", on_delete=models.CASCADE, related_name="seat_reservations"
    )
    language = models.CharField(
        _("interpretation into"), max_length=10, choices=INTERPRETATION_LANGUAGES
    )
    seats = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("seats")])]

    class Meta(Orderable.Meta):
        verbose_name = _("seats reserved for interpretation")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "language"], name="forums_one_reservation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.get_language_display()}: {self.seats}"


def seats_available(capacity, reserved, taken, language):
    """Seats a party asking for interpretation into ``language`` ("" for none)
    may take. ``reserved`` and ``taken`` map languages to seats kept and people
    holding seats; people beyond their language's reservation sit in general
    seats, which everyone shares."""
    general = capacity - sum(reserved.values())
    overflow = sum(
        max(people - reserved.get(lang, 0), 0) for lang, people in taken.items()
    )
    free = max(general - overflow, 0)
    if language in reserved:
        free += max(reserved[language] - taken.get(language, 0), 0)
    return free
