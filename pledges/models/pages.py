"""A city's pledge and its commitments. Each commitment's status and percentage are
read from its latest published update, never typed in."""

from collections import defaultdict

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Min, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from cms.models import translated_search_fields
from cms.pages import EngagePageMixin
from engage.links import absolute_reverse, absolute_url

from ..blocks import LocalContextBlock
from ..choices import Principle, Status, stale_after_days, status_legend, status_style
from .links import CommitmentActionItem, CommitmentSurveyQuestion, RelatedLinks
from .progress import summarize
from .updates import ProgressUpdatePage, TimelineEntry, UpdateEvidence

INTRO_FEATURES = ["bold", "italic", "link"]


class PledgeQuerySet(PageQuerySet):
    def summaries(self):
        """A summary per pledge, by city, counting live commitments only; two
        queries whatever the number of pledges."""
        pledges = list(self.order_by("city"))
        commitments = (
            CommitmentPage.objects.live()
            .filter(depth__in={pledge.depth + 1 for pledge in pledges})
            .with_progress()
            .order_by("path")
        )
        by_parent = defaultdict(list)
        for commitment in commitments:
            by_parent[commitment.path[: -commitment.steplen]].append(commitment)
        return [summarize(pledge, by_parent[pledge.path]) for pledge in pledges]


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

    objects = PageManager.from_queryset(PledgeQuerySet)()

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
        # A field of the admin form only: pledges.forms.PledgePageForm.
        FieldPanel("start_from_template"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("require_update_approval", permission="pledges.manage_pledges"),
    ]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "city", "intro"
    )

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

    def summary(self):
        """Progress of the live commitments, with their link counts, in one query."""
        commitments = list(
            CommitmentPage.objects.child_of(self)
            .live()
            .with_progress()
            .with_link_counts()
            .order_by("path")
        )
        return summarize(self, commitments)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["summary"] = self.summary()
        context["status_legend"] = status_legend()
        context["share_url"] = absolute_url(self)
        context["share_image_absolute_url"] = absolute_reverse(
            "pledges:share_image", args=[self.pk]
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
            CommitmentActionItem.objects.public()
            .filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(number=Count("action_item", distinct=True))
        )
        questions = (
            CommitmentSurveyQuestion.objects.public()
            .filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(number=Count("question", distinct=True))
        )
        return self.annotate(
            action_item_count=Subquery(action_items.values("number")[:1]),
            question_count=Subquery(questions.values("number")[:1]),
        )


PROGRESS_FIELDS = (
    "latest_status",
    "latest_percentage",
    "latest_update_date",
    "update_count",
    "first_update_date",
)


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

    objects = PageManager.from_queryset(CommitmentQuerySet)()

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
                .values(*PROGRESS_FIELDS)
                .first()
                or {}
            )
            for name in PROGRESS_FIELDS:
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

    def timeline(self):
        """Every published update with the status and percentage it replaced, newest
        first; two queries however long the history."""
        updates = list(
            ProgressUpdatePage.objects.live()
            .filter(commitment=self)
            .select_related("owner")
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=UpdateEvidence.objects.select_related("document").order_by(
                        "sort_order"
                    ),
                )
            )
            .order_by("update_date", "first_published_at", "pk")
        )
        by_id = {update.pk: update for update in updates}
        corrected_by = defaultdict(list)
        for update in updates:
            if update.corrects_id:
                corrected_by[update.corrects_id].append(update)
                update.corrected_update = by_id.get(update.corrects_id)
        entries = []
        previous = None
        for update in updates:
            entries.append(
                TimelineEntry(
                    update=update,
                    previous_status=previous.status if previous else None,
                    previous_percentage=previous.percentage if previous else None,
                    corrected_by=corrected_by[update.pk],
                )
            )
            previous = update
        return list(reversed(entries))

    def public_links(self):
        """The forum action items and survey questions linked to this commitment
        that the public may see. Two queries however many links."""
        action_items = (
            CommitmentActionItem.objects.public()
            .filter(page=self)
            .select_related("action_item__summary__forum")
            .order_by("sort_order", "pk")
        )
        questions = (
            CommitmentSurveyQuestion.objects.public()
            .filter(page=self)
            .select_related("question__page")
            .order_by("sort_order", "pk")
        )
        links = RelatedLinks(
            action_items=_unique(link.action_item for link in action_items),
            questions=_unique(link.question for link in questions),
        )
        for question in links.questions:
            survey = question.page
            question.results_path = (
                survey.reverse_subpage("results") if survey.results_public else ""
            )
        return links

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["links"] = self.public_links()
        pledge = PledgePage.objects.get(path=self.path[: -self.steplen])
        context["pledge"] = pledge
        context["timeline"] = timeline = self.timeline()
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


def _unique(objects):
    seen = {}
    for obj in objects:
        seen.setdefault(obj.pk, obj)
    return list(seen.values())
