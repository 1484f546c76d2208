"""Progress updates: the append-only history of a commitment, and their evidence."""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Page

from cms.models import translated_related_fields, translated_search_fields
from cms.pages import EngagePageMixin
from engage.i18n import LANGUAGE_CODES
from engage.templatetags.engage_tags import format_date

from ..choices import Status, status_style
from .evidence import UpdateEvidence
from .latest import LATEST_FIRST
from .no_expiry import NoExpiry

EVIDENCE_REQUIRED = _(
    "A change of status or percentage needs evidence: add at least one document "
    "or link below."
)


class AppendOnlyError(ValidationError):
    """Raised when something tries to change or withdraw a published update."""


class ProgressUpdatePage(NoExpiry, EngagePageMixin, Page):
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
    reported_late = models.BooleanField(
        _("reported late"),
        default=False,
        help_text=_(
            "Tick when this is reported some time after the date above. It is shown "
            "publicly; earlier updates keep what they say."
        ),
    )
    # The status and percentage this update replaced, fixed when it is first
    # published so that nothing posted later can rewrite what it says.
    previous_status = models.CharField(
        _("previous status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        editable=False,
    )
    previous_percentage = models.PositiveSmallIntegerField(
        _("previous percentage"), null=True, blank=True, editable=False
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
        FieldPanel("reported_late"),
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
    search_fields = (
        Page.search_fields
        + translated_search_fields("explanation")
        + translated_related_fields("evidence", "title")
    )

    parent_page_types = ["pledges.CommitmentPage"]
    subpage_types = []

    # Fields that may never change once the update has been published.
    FROZEN_FIELDS = ("update_date", "status", "percentage", "corrects_id", "live")
    FROZEN_FIELDS += ("reported_late", "previous_status", "previous_percentage")

    class Meta:
        verbose_name = _("progress update")
        ordering = ["update_date", "first_published_at", "pk"]
        indexes = [
            # A commitment's updates by date: its latest report is read for
            # every commitment of a listing, and with this index the database
            # reads the newest rows first instead of sorting the whole history.
            models.Index(
                fields=["commitment", "-update_date"], name="pledge_update_latest"
            ),
        ]

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
            .order_by(*LATEST_FIRST)
            .first()
        )

    def latest_published(self):
        """The latest published update of the same commitment, by effective date."""
        return (
            ProgressUpdatePage.objects.live()
            .filter(commitment_id=self.commitment_id)
            .exclude(pk=self.pk)
            .order_by(*LATEST_FIRST)
            .first()
        )

    @property
    def previous_style(self):
        return status_style(self.previous_status) if self.previous_status else None

    def changes_progress(self):
        """Whether this update moves the status or the percentage from where the
        commitment stood (not started, 0%, when nothing was reported)."""
        before = self.latest_published()
        status = before.status if before else Status.NOT_STARTED
        percentage = before.percentage if before else 0
        return (self.status, self.percentage) != (status, percentage)

    def check_evidence(self, evidence):
        """Refuse a change of status or percentage that no document or link backs
        up. The admin form, ``post_update`` and first publication all ask here."""
        backed = any(item.document_id or item.url for item in evidence)
        if not backed and self.changes_progress():
            raise ValidationError({"status": EVIDENCE_REQUIRED})

    def _frozen_fields(self):
        return self.FROZEN_FIELDS + tuple(
            build_localized_fieldname("explanation", code) for code in LANGUAGE_CODES
        )

    def _evidence_snapshot(self, evidence):
        return sorted(
            (item.document_id, item.url or "", item.title or "", item.saved_copy_id)
            for item in evidence
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
        if self.update_date and not self.first_published_at:
            self._check_date(errors)
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

    def _check_date(self, errors):
        """An update is dated between the pledge's signing and today, and never
        before the latest published update: a late report cannot rewrite the
        history already published."""
        if self.update_date > timezone.localdate():
            errors["update_date"] = _("An update cannot be dated in the future.")
            return
        self.commitment_id = self._parent_commitment_id()
        signed = self._date_signed()
        if signed and self.update_date < signed:
            errors["update_date"] = _(
                "An update cannot be dated before the pledge was signed (%(date)s)."
            ) % {"date": format_date(signed, "medium")}
            return
        latest = self.latest_published()
        if latest and self.update_date < latest.update_date:
            errors["update_date"] = _(
                "An update cannot be dated before the latest published update "
                '(%(date)s). Date it on or after that day and tick "reported '
                'late" if it happened earlier.'
            ) % {"date": format_date(latest.update_date, "medium")}

    def _date_signed(self):
        commitments = self._meta.get_field("commitment").related_model.objects
        commitment = commitments.filter(pk=self.commitment_id).first()
        if commitment is None:
            return None
        pledge = commitment.get_parent().specific
        return getattr(pledge, "date_signed", None)

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
        published = False
        if self.pk:
            published = self._refuse_changes_after_publication()
        if self.live and not published:
            # Whatever path publishes it (a form, a workflow, a scheduled
            # revision, code), an update goes public only with its evidence and
            # never dated before an update already published.
            errors = {}
            self._check_date(errors)
            if errors:
                raise ValidationError(errors)
            self.check_evidence(self.evidence.all())
            self._freeze_previous()
        return super().save(*args, **kwargs)

    def _freeze_previous(self):
        """At first publication, write down the status and percentage replaced:
        those of the update just before this one in effective-date order."""
        before = self.previous_update()
        self.previous_status = before.status if before else ""
        self.previous_percentage = before.percentage if before else None

    def _refuse_changes_after_publication(self):
        stored = (
            ProgressUpdatePage.objects.filter(
                pk=self.pk, first_published_at__isnull=False
            )
            .values(*self._frozen_fields())
            .first()
        )
        if stored is None:
            return False
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
        return True

    def serve(self, request, *args, **kwargs):
        """Updates are read on their commitment's timeline, not on their own page."""
        return redirect(f"{self.commitment.url}#update-{self.pk}")

    def get_preview_template(self, request, mode_name):
        return self.commitment_of_preview.get_template(request)

    def get_preview_context(self, request, mode_name):
        """The commitment's page as it will read once this update is published,
        with the update in its history and in where the commitment stands: a
        published update can no longer be changed, so the preview is the
        office's last look at it."""
        commitment = self.commitment_of_preview
        if not self.first_published_at:
            self.commitment_id = commitment.pk
            self._freeze_previous()
        return commitment.get_context(request, previewed_update=self)

    @cached_property
    def commitment_of_preview(self):
        """The commitment this update is (or will be) posted under, by its path:
        a new update's preview has its place in the tree but no commitment yet.
        Read once for the preview's template and its context."""
        commitments = self._meta.get_field("commitment").related_model.objects
        return commitments.get(path=self.path[: -self.steplen])


@dataclass
class TimelineEntry:
    """A published update with the status and percentage it replaced, as frozen
    when it was published, and the later updates that correct it."""

    update: ProgressUpdatePage
    corrected_by: list

    @property
    def previous_status(self):
        return self.update.previous_status or None

    @property
    def previous_percentage(self):
        return self.update.previous_percentage

    @property
    def previous_style(self):
        return self.update.previous_style


def timeline(commitment, previewed=None):
    """Every published update of ``commitment``, newest first, each with what it
    replaced and what corrects it; two queries however long the history. With
    ``previewed``, an update as edited takes its place among them as if it were
    published now."""
    updates = _published_history(commitment)
    if previewed is not None:
        updates = _with_previewed(updates, previewed)
    by_id = {update.pk: update for update in updates}
    corrected_by = defaultdict(list)
    for update in updates:
        if update.corrects_id:
            corrected_by[update.corrects_id].append(update)
            update.corrected_update = by_id.get(update.corrects_id)
    return [
        TimelineEntry(update=update, corrected_by=corrected_by[update.pk])
        for update in reversed(updates)
    ]


def _with_previewed(updates, previewed):
    """``updates`` with ``previewed`` in place of its saved self, in their order:
    one not yet published goes after those of the same date, as publishing it now
    would put it."""
    now = timezone.now()
    updates = [update for update in updates if update.pk != previewed.pk]
    return sorted(
        [*updates, previewed],
        key=lambda update: (
            update.update_date,
            update.first_published_at or now,
            update.pk or 0,
        ),
    )


def _published_history(commitment):
    """``commitment``'s published updates, oldest first, with their authors and
    evidence: none for a commitment not yet saved (a preview)."""
    if commitment.pk is None:
        return []
    return list(
        ProgressUpdatePage.objects.live()
        .filter(commitment=commitment)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=UpdateEvidence.objects.select_related(
                    "document", "saved_copy"
                ).order_by("sort_order"),
            )
        )
        .order_by("update_date", "first_published_at", "pk")
    )
