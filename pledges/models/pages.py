"""A city's pledge and its commitments. Each commitment's status and percentage are
read from its latest published update, never typed in."""

from collections import defaultdict

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from cms.listings import ChildAddresses, for_cards
from cms.models import translated_search_fields
from cms.pages import EngagePageMixin, held_in_memory
from engage.i18n import columns_in, ordered_as_shown
from engage.links import absolute_reverse, absolute_url

from ..blocks import LocalContextBlock
from ..choices import Principle, stale_after_days, status_legend
from .amendments import (
    COMMITMENT_TERMS,
    PLEDGE_TERMS,
    author_of,
    pending_changes,
    public_record,
    record_amendments,
    stored_values,
    was_published,
)
from .links import RelatedLinks
from .no_expiry import NoExpiry
from .progress import (
    LatestReport,
    PledgeRow,
    PledgeSummary,
    overall_progress,
    summarize,
)
from .querysets import (
    PROGRESS_FIELDS,
    ChildrenOf,
    CommitmentQuerySet,
    commitment_rows_of,
    live_progress_under,
)
from .updates import timeline

INTRO_FEATURES = ["bold", "italic", "link"]


def change_reason_field():
    return models.TextField(
        _("reason for the change"),
        blank=True,
        help_text=_(
            "Required when you change the terms of a published pledge. Say in plain "
            "language why; it is shown publicly beside the change."
        ),
    )


# What a listing reads of each pledge besides its city (``PledgeQuerySet.as_rows``).
LISTING_COLUMNS = ("pk", "path", "depth", "slug", "mayor_name", "date_signed")


class PledgeQuerySet(PageQuerySet):
    def for_listing(self):
        """The pledges by city as the reader sees its name, with only the
        columns a listing shows."""
        return for_cards(self).order_by(ordered_as_shown("city"), "pk")

    def summaries(self, limit=None):
        """A summary per pledge, by city; the first ``limit`` cities only when
        given."""
        return summarize_pledges(list(self.for_listing()[:limit]))

    def as_rows(self, *extra):
        """The pledges by city as the reader sees its name, as ``PledgeRow``
        values: the ``LISTING_COLUMNS``, then ``extra``, and the city in the
        reader's language and in English. A page object carries every language's
        columns and cost more to build than its card did to draw."""
        city = columns_in(get_language(), "city")
        return (
            self.order_by(ordered_as_shown("city"), "pk")
            .rewrite(False)
            .values(*LISTING_COLUMNS, *extra, *city)
        )

    def overviews(self, limit, request=None):
        """The overall progress and latest update of the first ``limit`` pledges
        by city, as the home page shows them, each with its address: the
        pledges and their commitments are read as rows, in two queries."""
        pledges = [PledgeRow(row) for row in self.as_rows("url_path")[:limit]]
        if not pledges:
            return []
        shares, dates = live_progress_under(pledges)
        addresses = ChildAddresses(request)
        return [
            PledgeSummary(
                pledge=pledge,
                commitments=[],
                overall=overall_progress(shares[pledge.path]),
                latest_update=max(dates[pledge.path], default=None),
                url=addresses(pledge.url_path),
            )
            for pledge in pledges
        ]


def summarize_pledges(pledges):
    """A summary per pledge given, counting live commitments only: one query for
    the commitments of them all, however many other pledges there are."""
    if not pledges:
        return []
    commitments = (
        for_cards(CommitmentPage.objects.live())
        .filter(ChildrenOf(pledges))
        .with_progress()
        .order_by("path")
    )
    by_parent = defaultdict(list)
    for commitment in commitments:
        by_parent[commitment.path[: -commitment.steplen]].append(commitment)
    return [summarize(pledge, by_parent[pledge.path]) for pledge in pledges]


class PledgePage(NoExpiry, EngagePageMixin, Page):
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

    change_reason = change_reason_field()

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
        FieldPanel("change_reason"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("require_update_approval", permission="pledges.manage_pledges"),
    ]
    search_fields = Page.search_fields + translated_search_fields(
        "title", "city", "intro", "local_context"
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

    def term_changes(self):
        """The changes of terms that saving this pledge would make public."""
        stored = stored_values(PledgePage, self.pk, PLEDGE_TERMS)
        return pending_changes(self, PLEDGE_TERMS, stored, None)

    def save(self, *args, **kwargs):
        """Records, as amendments, changes to the signing date and the local
        figures of a pledge that has been published."""
        stored = stored_values(PledgePage, self.pk, PLEDGE_TERMS)
        changes = pending_changes(
            self, PLEDGE_TERMS, stored, kwargs.get("update_fields")
        )
        result = super().save(*args, **kwargs)
        if changes:
            record_amendments(
                self, None, changes, self.change_reason, author_of(self, stored)
            )
        return result

    def summary(self):
        """Progress of the live commitments, with their link counts, in one query."""
        commitments = list(
            for_cards(CommitmentPage.objects.child_of(self))
            .live()
            .with_progress()
            .with_link_counts()
            .order_by("path")
        )
        return summarize(self, commitments)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        commitments = commitment_rows_of(self, self.get_url(request), with_links=True)
        context["summary"] = summarize(self, commitments)
        # One query for the whole record of changes, newest first.
        amendments = public_record(self.pk)
        latest = amendments[0] if amendments else None
        context["amendment_count"] = len(amendments)
        context["latest_amendment"] = latest
        context["latest_amendment_commitment"] = amended_commitment(latest, commitments)
        context["pledge_amendments"] = [a for a in amendments if not a.commitment_id]
        context["status_legend"] = status_legend()
        if self.pk is not None:
            context["share_url"] = absolute_url(self)
            context["share_image_absolute_url"] = absolute_reverse(
                "pledges:share_image", args=[self.pk]
            )
        return context


def amended_commitment(amendment, rows):
    """The commitment ``amendment`` changed, as the pledge page lists it (with
    its title and address): a public amendment names a live commitment, which
    the page has read already. Loading every amendment's commitment page with
    it cost a pledge page a tenth of its time. A commitment since moved to
    another pledge is read on its own."""
    if amendment is None or amendment.commitment_id is None:
        return None
    listed = (row for row in rows if row.pk == amendment.commitment_id)
    return next(listed, None) or amendment.commitment


class CommitmentPage(LatestReport, NoExpiry, EngagePageMixin, Page):
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
    # The target date when the commitment was first published: a date moved
    # later never hides that the original one passed.
    original_target_date = models.DateField(
        _("original target date"), null=True, blank=True, editable=False
    )
    change_reason = change_reason_field()

    objects = PageManager.from_queryset(CommitmentQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("principle"),
        FieldPanel("description"),
        FieldPanel("responsible_office"),
        FieldPanel("target_date"),
        FieldPanel("weight"),
        FieldPanel("change_reason"),
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
    def number_of_updates(self):
        self._progress()
        return self.update_count or 0

    def save(self, *args, **kwargs):
        """Records, as amendments, changes to the terms of a commitment once it
        and its pledge have been published, and keeps the original target date."""
        stored = stored_values(
            CommitmentPage, self.pk, COMMITMENT_TERMS, "original_target_date"
        )
        pledge = self._pledge_for_terms(stored)
        changes = []
        if pledge is None:
            self.original_target_date = self.target_date
        else:
            self.original_target_date = stored["original_target_date"]
            changes = pending_changes(
                self, COMMITMENT_TERMS, stored, kwargs.get("update_fields")
            )
        result = super().save(*args, **kwargs)
        if changes:
            record_amendments(
                pledge, self, changes, self.change_reason, author_of(self, stored)
            )
        return result

    def term_changes(self):
        """The changes of terms that saving this commitment would make public."""
        stored = stored_values(CommitmentPage, self.pk, COMMITMENT_TERMS)
        if self._pledge_for_terms(stored) is None:
            return []
        return pending_changes(self, COMMITMENT_TERMS, stored, None)

    def _pledge_for_terms(self, stored):
        """The pledge, when this commitment's terms are public record: both it
        and its pledge have been published."""
        if not was_published(stored) or not self.path:
            return None
        pledge = PledgePage.objects.filter(path=self.path[: -self.steplen]).first()
        return pledge if pledge and (pledge.live or pledge.first_published_at) else None

    def timeline(self, previewed_update=None):
        """Every published update, newest first, with what it replaced; with
        ``previewed_update`` among them as if published (``timeline``)."""
        return timeline(self, previewed_update)

    def public_links(self):
        """The forum action items and survey questions linked to this commitment
        that the public may see. Two queries however many links."""
        links = RelatedLinks(
            action_items=self._public_targets("related_action_items", "summary__forum"),
            questions=self._public_targets("related_questions", "page"),
        )
        for question in links.questions:
            survey = question.page
            question.results_path = (
                survey.reverse_subpage("results") if survey.results_public else ""
            )
        return links

    def _public_targets(self, relation, related):
        """What the links of ``relation`` name, once each, in their order: as
        edited when the page is held in memory (a preview, a commitment not yet
        saved), else as saved; with each, what ``related`` names from it."""
        links = getattr(self, relation)
        queryset = links.model.objects.all()
        target = queryset.TARGET
        if not held_in_memory(self, relation):
            saved = (
                queryset.public()
                .filter(page=self)
                .select_related(f"{target}__{related}")
                .order_by("sort_order", "pk")
            )
            return _unique(getattr(link, target) for link in saved)
        edited = sorted(links.all(), key=lambda link: link.sort_order or 0)
        keys = [getattr(link, f"{target}_id") for link in edited]
        shown = queryset.public_targets(keys).select_related(related)
        by_key = {item.pk: item for item in shown}
        return _unique(by_key[key] for key in keys if key in by_key)

    def get_context(self, request, *args, previewed_update=None, **kwargs):
        """``previewed_update``: an update being previewed, shown as published."""
        context = super().get_context(request, *args, **kwargs)
        context["links"] = self.public_links()
        pledge = PledgePage.objects.get(path=self.path[: -self.steplen])
        context["pledge"] = pledge
        context["timeline"] = timeline = self.timeline(previewed_update)
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
        context["amendments"] = amendments = (
            list(self.amendments.order_by("-made_at", "-pk")) if self.pk else []
        )
        if self.is_overdue_only_against_original():
            context["target_moved_on"] = next(
                a.made_at for a in amendments if a.term == "target_date"
            )
        context["status_legend"] = status_legend()
        return context


def _unique(objects):
    seen = {}
    for obj in objects:
        seen.setdefault(obj.pk, obj)
    return list(seen.values())
