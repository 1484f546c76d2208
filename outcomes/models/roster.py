"""The police department's roster: who receives forum summaries.

Department members are not site users; they never sign in. They receive
summaries by email and acknowledge them through a signed link.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class DepartmentUnit(index.Indexed, models.Model):
    """A unit, precinct or district; distributions and reports group by it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # Told after an acknowledgement deadline who in the unit has not acknowledged.
    commander = models.ForeignKey(
        "outcomes.DepartmentMember",
        verbose_name=_("commander"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Receives, after each acknowledgement deadline, the list of the "
            "unit's members who have not acknowledged the summary."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("commander")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("department unit")
        verbose_name_plural = _("department units")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="forums_unit_name_ci")
        ]

    def __str__(self):
        return self.name


class DepartmentMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class DepartmentMember(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("email"), unique=True, help_text=_("Stored in lower case; one per member.")
    )
    unit = models.ForeignKey(
        DepartmentUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("role or rank"), max_length=120, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive members receive no distributions."),
    )
    address_needs_attention = models.BooleanField(
        _("address needs attention"),
        default=False,
        help_text=_("Set when an email to this address bounced permanently."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DepartmentMemberQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("email"),
        FieldPanel("unit"),
        FieldPanel("preferred_language"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("address_needs_attention")]),
    ]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("department member")
        verbose_name_plural = _("department members")
        indexes = [models.Index(fields=["active", "unit"], name="forums_member_unit")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
