"""Progress updates: the append-only history of a commitment, and their evidence."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Page

from cms.pages import EngagePageMixin
from engage.i18n import LANGUAGE_CODES
from engage.templatetags.engage_tags import format_date

from ..choices import Status, status_style


class AppendOnlyError(ValidationError):
    """Raised when something tries to change or withdraw a published update."""


class ProgressUpdatePage(EngagePageMixin, Page):
    """A dated, evidenced step in a commitment's history. Once published it is never
    changed: a correction is a new update that names the one it corrects."""

    commitment = models.ForeignKey(
        "pledges.CommitmentPage",
        verbose_name=_("commitment"),
        on_delete=models.SET_NULL,
        related_name="updates",
        editable=False,
        null=True,
    )
    update_date = models.DateField(_("date"), default=datetime.date.today)
    status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    percentage = models.PositiveSmallIntegerField(
        _("new percentage"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("How much of the commitment is delivered, from 0 to 100."),
    )
    explanation = models.TextField(
        _("explanation"),
        help_text=_("What happened, what changed and why. This is shown publicly."),
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text=_(
            "Published updates cannot be edited. If this update fixes a mistake in "
            "an earlier one, choose that update here and explain the correction."
        ),
    )

    content_panels = [
        FieldPanel("update_date"),
        FieldPanel("status"),
        FieldPanel("percentage"),
        FieldPanel("explanation"),
        InlinePanel(
            "evidence",
            label=_("Evidence"),
            help_text=_("Documents or links that show what the update says."),
        ),
        FieldPanel("corrects"),
    ]
    promote_panels = []
    settings_panels = []

    parent_page_types = ["pledges.CommitmentPage"]
    subpage_types = []

    # Fields that may never change once the update has been published.
    FROZEN_FIELDS = ("update_date", "status", "percentage", "corrects_id", "live")

    class Meta:
        verbose_name = _("progress update")
        ordering = ["update_date", "first_published_at", "pk"]

    @cached_property
    def status_style(self):
        return status_style(self.status)

    def previous_update(self):
        """The published update of the same commitment just before this one."""
        return (
            ProgressUpdatePage.objects.live()
            .filter(commitment_id=self.commitment_id)
            .exclude(pk=self.pk)
            .filter(update_date__lte=self.update_date)
            .order_by("-update_date", "-first_published_at", "-pk")
            .first()
        )

    def _frozen_fields(self):
        return self.FROZEN_FIELDS + tuple(
            build_localized_fieldname("explanation", code) for code in LANGUAGE_CODES
        )

    def _evidence_snapshot(self, evidence):
        return sorted(
            (item.document_id, item.url or "", item.title or "") for item in evidence
        )

    def _set_titles(self):
        """Updates are named by date and status in every language; nobody types it."""
        if not self.update_date or not self.status:
            return
        for code in LANGUAGE_CODES:
            with translation.override(code):
                title = _("%(date)s: %(status)s, %(percentage)s%%") % {
                    "date": format_date(self.update_date, "medium"),
                    "status": Status(self.status).label,
                    "percentage": self.percentage,
                }
            setattr(self, build_localized_fieldname("title", code), str(title))
        if not self.slug:
            self.slug = f"update-{self.update_date.isoformat()}-{uuid.uuid4().hex[:6]}"

    def full_clean(self, *args, **kwargs):
        self._set_titles()
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.update_date and self.update_date > timezone.localdate():
            errors["update_date"] = _("An update cannot be dated in the future.")
        if self.percentage is not None and self.status:
            if self.status == Status.MET and self.percentage != 100:
                errors["percentage"] = _("A met commitment is at 100%.")
            elif self.status == Status.NOT_STARTED and self.percentage != 0:
                errors["percentage"] = _("A commitment not yet started is at 0%.")
        if self.corrects_id:
            parent_id = self._parent_commitment_id()
            if self.corrects_id == self.pk:
                errors["corrects"] = _("An update cannot correct itself.")
            elif self.corrects.commitment_id != parent_id or not self.corrects.live:
                errors["corrects"] = _(
                    "Choose a published update of the same commitment."
                )
        if errors:
            raise ValidationError(errors)

    def _parent_commitment_id(self):
        if self.path:
            # The commitment model through the foreign key: its module imports
            # this one.
            commitments = self._meta.get_field("commitment").related_model.objects
            return (
                commitments.filter(path=self.path[: -self.steplen])
                .values_list("pk", flat=True)
                .first()
            )
        parent = getattr(self, "_cached_parent_obj", None)
        return parent.pk if parent else self.commitment_id

    def save(self, *args, **kwargs):
        if self.path:
            self.commitment_id = self._parent_commitment_id()
        self._set_titles()
        if self.pk:
            self._refuse_changes_after_publication()
        return super().save(*args, **kwargs)

    def _refuse_changes_after_publication(self):
        stored = (
            ProgressUpdatePage.objects.filter(
                pk=self.pk, first_published_at__isnull=False
            )
            .values(*self._frozen_fields())
            .first()
        )
        if stored is None:
            return
        changed = [
            name for name, value in stored.items() if getattr(self, name) != value
        ]
        stored_evidence = self._evidence_snapshot(
            UpdateEvidence.objects.filter(page_id=self.pk)
        )
        if self._evidence_snapshot(self.evidence.all()) != stored_evidence:
            changed.append("evidence")
        if changed:
            raise AppendOnlyError(
                _(
                    "A published update cannot be changed or withdrawn. "
                    "Post a new update that corrects it instead."
                )
            )

    def serve(self, request, *args, **kwargs):
        """Updates are read on their commitment's timeline, not on their own page."""
        return redirect(f"{self.commitment.url}#update-{self.pk}")


class UpdateEvidence(Orderable):
    """A document or a link that backs up what an update says."""

    page = ParentalKey(
        ProgressUpdatePage, on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("or a link"), max_length=500, blank=True)

    panels = [FieldPanel("title"), FieldPanel("document"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(_("Choose a document or enter a link, not both."))

    @property
    def href(self):
        return self.document.url if self.document_id and self.document else self.url


@dataclass
class TimelineEntry:
    """A published update with the status and percentage it replaced."""

    update: ProgressUpdatePage
    previous_status: str | None
    previous_percentage: int | None
    corrected_by: list

    @property
    def previous_style(self):
        return status_style(self.previous_status) if self.previous_status else None
