"""Mayoral pledges: one page per city, a child page per commitment, and a child page
per progress update, so Wagtail's page permissions scope each mayor's office to its
own city and a workflow assigned to a pledge holds its updates for approval."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Min, OuterRef, Subquery
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from cms.models import translated_search_fields
from cms.pages import EngagePageMixin

from .blocks import LocalContextBlock
from .forms import FollowForm, PledgePageForm, ProgressUpdateForm

INTRO_FEATURES = ["bold", "italic", "link"]
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def stale_after_days():
    """Days without an update after which a commitment is flagged publicly."""
    return int(getattr(settings, "PLEDGES_STALE_AFTER_DAYS", 60))


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    STALLED = "stalled", _("Stalled")
    PARTIALLY_MET = "partially_met", _("Partially met")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


@dataclass(frozen=True)
class StatusStyle:
    code: str
    label: str
    colour: str
    icon: str
    description: str


# Colours all reach 7:1 against white text; the icon and the label carry the
# meaning for anyone who cannot tell the colours apart.
_STATUS_STYLES = {
    Status.NOT_STARTED: (
        "#595959",
        "○",
        _("Nothing has been done on this commitment yet."),
    ),
    Status.IN_PROGRESS: (
        "#12436d",
        "◔",
        _("Work has begun and is moving forward."),
    ),
    Status.STALLED: (
        "#6b4800",
        "‖",
        _("Work began but has stopped or is blocked."),
    ),
    Status.PARTIALLY_MET: (
        "#4f3682",
        "◑",
        _("Part of the commitment has been delivered; the rest is still missing."),
    ),
    Status.MET: (
        "#1d6b34",
        "✓",
        _("The commitment has been delivered in full, with evidence to show it."),
    ),
    Status.NOT_MET: (
        "#a4161a",
        "✗",
        _("The commitment was dropped, or its deadline passed without it being kept."),
    ),
}


def status_style(code):
    """Colour, icon, label and explanation of a status, for pages, feeds and images."""
    status = Status(code or Status.NOT_STARTED)
    colour, icon, description = _STATUS_STYLES[status]
    return StatusStyle(status.value, status.label, colour, icon, description)


def status_legend():
    return [status_style(status) for status in Status]


class Principle(models.TextChoices):
    ACCOUNTABILITY = "accountability", _("Accountability to the community")
    TRAINING = "training", _("Rigorous, sustained training")
    REPRESENTATION = "representation", _("A department that reflects the community")
    PRESERVE_LIFE = "preserve_life", _("Preserving life and avoiding excessive force")
    OVERSIGHT_TECHNOLOGY = (
        "oversight_technology",
        _("Technology for oversight, with privacy"),
    )
    DECRIMINALIZATION = (
        "decriminalization",
        _("Ending the criminalization of communities of color"),
    )
    INVESTMENT = "investment", _("Shifting investment to communities")
    OTHER = "other", _("Other local commitment")


class PledgeIndexPage(EngagePageMixin, Page):
    """Every city whose mayor signed, with overall progress and a grid by principle."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + translated_search_fields("title", "intro")

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["pledges.PledgePage"]
    max_count = 1

    class Meta:
        verbose_name = _("pledge index")

    def get_context(self, request, *args, **kwargs):
        from .services import index_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(index_overview(self))
        context["status_legend"] = status_legend()
        return context


class PledgePage(EngagePageMixin, Page):
    """One city's signed pledge: who signed and when, local context, commitments."""

    city = models.CharField(_("city"), max_length=120)
    mayor_name = models.CharField(_("mayor"), max_length=200)
    date_signed = models.DateField(_("date signed"))
    signed_document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("signed pledge document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    local_context = StreamField(
        LocalContextBlock(),
        verbose_name=_("local context"),
        blank=True,
        help_text=_(
            "The local figures the pledge template asks for, such as how many people "
            "police killed in a given year and who they were, each with its source."
        ),
    )
    require_update_approval = models.BooleanField(
        _("updates need a moderator's approval"),
        default=False,
        help_text=_(
            "When ticked, the mayor's office submits updates and a moderator "
            "publishes them; otherwise the mayor's office publishes directly."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("mayor_name"),
                FieldPanel("date_signed"),
                FieldPanel("signed_document"),
            ],
            heading=_("The signed pledge"),
        ),
        FieldPanel("intro"),
        FieldPanel("local_context"),
        FieldPanel("start_from_template"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("require_update_approval", permission="pledges.manage_pledges"),
    ]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "city", "intro"
    )
    base_form_class = PledgePageForm

    parent_page_types = ["pledges.PledgeIndexPage"]
    subpage_types = ["pledges.CommitmentPage"]

    class Meta:
        verbose_name = _("pledge")
        permissions = [
            (
                "manage_pledges",
                _(
                    "Can add or remove pledge commitments and decide whether "
                    "updates need approval"
                ),
            ),
        ]

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            from .services import sync_pledge_access

            sync_pledge_access(self)
        return result

    def get_context(self, request, *args, **kwargs):
        from .services import pledge_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(pledge_overview(self))
        context["status_legend"] = status_legend()
        context["follow_form"] = FollowForm(
            initial={"language": translation.get_language()}
        )
        return context


class CommitmentQuerySet(PageQuerySet):
    def with_progress(self):
        """Current status, percentage and dates, read from the latest published
        update in the same query, so listings cost one query however long the
        history."""
        updates = ProgressUpdatePage.objects.filter(
            commitment=OuterRef("pk"), live=True
        )
        latest = updates.order_by("-update_date", "-first_published_at", "-pk")
        counted = (
            updates.order_by()
            .values("commitment")
            .annotate(number=Count("pk"), first=Min("update_date"))
        )
        return self.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_percentage=Subquery(latest.values("percentage")[:1]),
            latest_update_date=Subquery(latest.values("update_date")[:1]),
            update_count=Subquery(counted.values("number")[:1]),
            first_update_date=Subquery(counted.values("first")[:1]),
        )

    def with_link_counts(self):
        """How many published forum action items and survey questions each
        commitment links to, in the same query."""
        action_items = (
            CommitmentActionItem.objects.filter(
                page=OuterRef("pk"),
                action_item__summary__live=True,
                action_item__summary__forum__live=True,
            )
            .order_by()
            .values("page")
            .annotate(number=Count("action_item", distinct=True))
        )
        questions = (
            CommitmentSurveyQuestion.objects.filter(
                page=OuterRef("pk"), question__page__live=True
            )
            .order_by()
            .values("page")
            .annotate(number=Count("question", distinct=True))
        )
        return self.annotate(
            action_item_count=Subquery(action_items.values("number")[:1]),
            question_count=Subquery(questions.values("number")[:1]),
        )


CommitmentManager = PageManager.from_queryset(CommitmentQuerySet)


class CommitmentPage(EngagePageMixin, Page):
    """One promise in a pledge. Its status and percentage are never typed in: they
    come from its latest published progress update."""

    description = models.TextField(_("description"))
    principle = models.CharField(
        _("principle"), max_length=40, choices=Principle.choices
    )
    responsible_office = models.CharField(
        _("responsible department or office"), max_length=255, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "How much this commitment counts in the pledge's overall progress, "
            "from 1 to 100. Give every commitment the same weight to count them "
            "equally."
        ),
    )

    objects = CommitmentManager()

    content_panels = Page.content_panels + [
        FieldPanel("principle"),
        FieldPanel("description"),
        FieldPanel("responsible_office"),
        FieldPanel("target_date"),
        FieldPanel("weight"),
        MultiFieldPanel(
            [
                InlinePanel(
                    "related_action_items",
                    label=_("Forum action item"),
                    help_text=_(
                        "Action items agreed at a forum that work towards this "
                        "commitment. Only items of published forum summaries are "
                        "shown publicly."
                    ),
                ),
                InlinePanel(
                    "related_questions",
                    label=_("Survey question"),
                    help_text=_(
                        "Survey questions whose answers tell whether this "
                        "commitment is felt by residents."
                    ),
                ),
            ],
            heading=_("Links to forums and surveys"),
        ),
    ]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "description", "responsible_office"
    )

    parent_page_types = ["pledges.PledgePage"]
    subpage_types = ["pledges.ProgressUpdatePage"]

    class Meta:
        verbose_name = _("commitment")

    def _progress(self):
        if not hasattr(self, "latest_status"):
            values = (
                CommitmentPage.objects.with_progress()
                .filter(pk=self.pk)
                .values(
                    "latest_status",
                    "latest_percentage",
                    "latest_update_date",
                    "update_count",
                    "first_update_date",
                )
                .first()
                or {}
            )
            for name in (
                "latest_status",
                "latest_percentage",
                "latest_update_date",
                "update_count",
                "first_update_date",
            ):
                setattr(self, name, values.get(name))

    @property
    def has_update(self):
        self._progress()
        return self.latest_status is not None

    @property
    def status(self):
        self._progress()
        return self.latest_status or Status.NOT_STARTED

    @property
    def status_style(self):
        return status_style(self.status)

    @property
    def percentage(self):
        """0 to 100; a commitment nobody has reported on counts as 0."""
        self._progress()
        return self.latest_percentage or 0

    @property
    def number_of_updates(self):
        self._progress()
        return self.update_count or 0

    def days_without_update(self, signed_on, today=None):
        """Days since the latest update, or since signing when none was posted."""
        self._progress()
        today = today or timezone.localdate()
        since = self.latest_update_date or signed_on
        return (today - since).days if since else None

    def is_stale(self, signed_on, today=None):
        days = self.days_without_update(signed_on, today)
        return days is not None and days > stale_after_days()

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(
            self.target_date and self.target_date < today and self.status != Status.MET
        )

    def get_context(self, request, *args, **kwargs):
        from .services import commitment_links, commitment_timeline

        context = super().get_context(request, *args, **kwargs)
        context["links"] = commitment_links(self)
        pledge = PledgePage.objects.get(path=self.path[: -self.steplen])
        context["pledge"] = pledge
        context["timeline"] = timeline = commitment_timeline(self)
        # The history already holds the latest update: no second query for it.
        self.latest_status = timeline[0].update.status if timeline else None
        self.latest_percentage = timeline[0].update.percentage if timeline else None
        self.latest_update_date = timeline[0].update.update_date if timeline else None
        self.first_update_date = timeline[-1].update.update_date if timeline else None
        self.update_count = len(timeline)
        context["stale"] = self.is_stale(pledge.date_signed)
        context["days_without_update"] = self.days_without_update(pledge.date_signed)
        context["stale_after_days"] = stale_after_days()
        context["overdue"] = self.is_overdue()
        context["status_legend"] = status_legend()
        return context


class CommitmentActionItem(Orderable):
    """A forum action item that bears on a commitment, shown beside its progress."""

    page = ParentalKey(
        CommitmentPage, on_delete=models.CASCADE, related_name="related_action_items"
    )
    action_item = models.ForeignKey(
        "forums.ActionItem",
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("action_item")]

    class Meta(Orderable.Meta):
        verbose_name = _("related forum action item")
        verbose_name_plural = _("related forum action items")


class CommitmentSurveyQuestion(Orderable):
    """A survey question that measures a commitment, shown beside its progress."""

    page = ParentalKey(
        CommitmentPage, on_delete=models.CASCADE, related_name="related_questions"
    )
    question = models.ForeignKey(
        "surveys.Question",
        verbose_name=_("survey question"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("related survey question")
        verbose_name_plural = _("related survey questions")


class AppendOnlyError(ValidationError):
    """Raised when something tries to change or withdraw a published update."""


class ProgressUpdatePage(EngagePageMixin, Page):
    """A dated, evidenced step in a commitment's history. Once published it is never
    changed: a correction is a new update that names the one it corrects."""

    commitment = models.ForeignKey(
        CommitmentPage,
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
    base_form_class = ProgressUpdateForm

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
        from engage.templatetags.engage_tags import format_date

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
            return (
                CommitmentPage.objects.filter(path=self.path[: -self.steplen])
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
        commitment = CommitmentPage.objects.get(pk=self.commitment_id)
        return redirect(f"{commitment.url}#update-{self.pk}")


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


class MayorsOffice(models.Model):
    """The Wagtail group whose members edit one city's pledge, and the document
    collection where they keep their evidence."""

    pledge = models.OneToOneField(
        PledgePage, on_delete=models.CASCADE, related_name="mayors_office"
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="+")
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mayor's office")
        verbose_name_plural = _("mayors' offices")

    def __str__(self):
        return self.group.name


class Frequency(models.TextChoices):
    EACH_UPDATE = "each", _("An email for every update")
    WEEKLY = "weekly", _("A weekly digest")


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class PledgeFollower(models.Model):
    """Someone who asked to hear about a pledge by email and confirmed it."""

    pledge = models.ForeignKey(
        PledgePage,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.EACH_UPDATE,
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge follower")
        verbose_name_plural = _("pledge followers")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "email"], name="pledges_one_follow_per_email"
            )
        ]

    def __str__(self):
        return self.email


class PledgeShareImage(models.Model):
    """The Open Graph picture of a pledge, redrawn whenever an update is published."""

    pledge = models.OneToOneField(
        PledgePage, on_delete=models.CASCADE, related_name="share_image"
    )
    image = models.FileField(upload_to="pledges/share/")
    generated_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("pledge share image")

    def __str__(self):
        return self.image.name
