from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index

from .places import VenueLine


class Venue(VenueLine, index.Indexed, models.Model):
    """Where forums happen; access and transit notes help people decide to come."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("Step-free entrance, lifts, accessible toilets, hearing loop."),
    )
    transit_and_parking = models.TextField(_("transit and parking"), blank=True)
    map_url = models.URLField(_("map link"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("accessibility_notes"),
        FieldPanel("transit_and_parking"),
        FieldPanel("map_url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        venue = super().from_db(db, field_names, values)
        venue._saved_location = venue.location()
        return venue

    def location(self):
        """Name (in every language) and address: what registrants must hear about."""
        return {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.attname == "address" or field.attname.startswith("name")
        }

    @property
    def location_changed(self):
        saved = getattr(self, "_saved_location", None)
        return saved is not None and saved != self.location()


@register_setting(icon="date")
class ForumSettings(BaseSiteSetting):
    rsvp_retention_days = models.PositiveIntegerField(
        _("keep RSVP personal data for (days after the forum)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Names, emails, phone numbers and notes are then erased; counts are kept."
        ),
    )

    panels = [FieldPanel("rsvp_retention_days")]

    class Meta:
        verbose_name = _("forum settings")
