"""What came out of a forum: its summary page and the action items it records.

The summary is a child page of its forum so that it goes through Wagtail's
workflow (draft, review by a lead organizer, published) like any other page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from cms.blocks import BodyBlock
from cms.models import translated_related_fields, translated_search_fields
from cms.pages import EngagePageMixin
from cms.withdrawal import past_withdrawals_of
from engage.i18n import LANGUAGE_CODES
from engage.links import absolute_url
from forums.models import ForumPage

from ..choices import OPEN_STATUSES, ActionStatus
from .item_record import record_published_terms, with_changes
from .summary_form import ForumSummaryForm, item_kept
from .summary_record import record_summary_terms, summary_changes
from .withdrawal import Withdrawal

SUMMARY_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
MAX_PEOPLE = 100_000


class ForumSummaryPage(Withdrawal, EngagePageMixin, RoutablePageMixin, Page):
    """One forum's outcomes, published after review and sent to the department."""

    forum = models.OneToOneField(
        "forums.ForumPage",
        verbose_name=_("forum"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="summary",
        help_text=_("The parent forum, kept so listings find it in one query."),
    )
    residents_attended = models.PositiveIntegerField(
        _("residents who RSVPed and came"),
        default=0,
        validators=[MaxValueValidator(MAX_PEOPLE)],
    )
    walk_ins = models.PositiveIntegerField(
        _("walk-ins"), default=0, validators=[MaxValueValidator(MAX_PEOPLE)]
    )
    officers_attended = models.PositiveIntegerField(
        _("department members present"),
        default=0,
        validators=[MaxValueValidator(MAX_PEOPLE)],
    )
    units_present = ParentalManyToManyField(
        "outcomes.DepartmentUnit",
        verbose_name=_("units present"),
        blank=True,
        related_name="+",
    )
    officers_present = models.TextField(
        _("officers present"),
        blank=True,
        help_text=_("Rank and name, one per line."),
    )
    topics = RichTextField(
        _("topics discussed"), features=SUMMARY_TEXT_FEATURES, blank=True
    )
    concerns = RichTextField(
        _("community concerns raised"), features=SUMMARY_TEXT_FEATURES, blank=True
    )
    responses = RichTextField(
        _("the department's responses"), features=SUMMARY_TEXT_FEATURES, blank=True
    )
    highlights = StreamField(BodyBlock(), verbose_name=_("highlights"), blank=True)

    base_form_class = ForumSummaryForm
    content_panels = Page.content_panels + [
        HelpPanel(
            content=format_lazy(
                "<p>{}</p>",
                _(
                    "Once the summary is published, each correction of its title, "
                    "attendance, officers present, topics, concerns or responses is "
                    "listed on its page, dated, with what it said before."
                ),
            )
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("residents_attended"),
                        FieldPanel("walk_ins"),
                        FieldPanel("officers_attended"),
                    ]
                ),
            ],
            heading=_("Attendance"),
            help_text=_(
                "Filled in from the check-in and walk-in counts when the summary "
                "is created; correct them if needed."
            ),
        ),
        FieldPanel("units_present"),
        FieldPanel("officers_present"),
        FieldPanel("topics"),
        FieldPanel("concerns"),
        FieldPanel("responses"),
        FieldPanel("highlights"),
        InlinePanel(
            "action_items",
            label=_("Action items"),
            help_text=_(
                "Once the summary is published, a change to an item's wording, "
                "due date or owner is shown to the public, dated, with what it "
                "said before."
            ),
        ),
        InlinePanel("photos", label=_("Photos")),
        InlinePanel("documents", label=_("Documents")),
    ]
    search_fields = (
        Page.search_fields
        + translated_search_fields(
            "title", "topics", "concerns", "responses", "highlights"
        )
        + translated_related_fields("action_items", "description", "declined_reason")
        + translated_related_fields("photos", "caption")
        + translated_related_fields("documents", "title")
    )

    parent_page_types = ["forums.ForumPage"]
    subpage_types = []
    max_count_per_parent = 1
    exclude_fields_in_copy = [
        "forum",
        "withdrawn_at",
        "withdrawal_reason",
        "withdrawal_language",
    ]

    class Meta:
        verbose_name = _("forum summary")
        verbose_name_plural = _("forum summaries")

    def save(self, *args, update_fields=None, **kwargs):
        touches_live = update_fields is None or "live" in update_fields
        if touches_live and self.published_since_loaded():
            # An editor's copy read before an approval published the summary (an
            # autosave racing "Approve and Publish") would write ``live=False``
            # over it. Like any edit of a live page, it is kept as a draft
            # revision only (``save_revision`` still records it).
            return
        self.drop_duplicate_documents()
        if self.path:
            self.forum_id = self.get_parent().pk
        super().save(*args, update_fields=update_fields, **kwargs)
        if self.live and update_fields is None:
            # What a live save writes, the public reads from now on.
            record_summary_terms(self)
        if self.live and (update_fields is None or "action_items" in update_fields):
            record_published_terms(self.action_items.all())

    def save_revision(self, *args, **kwargs):
        self.drop_duplicate_documents()
        self.keep_recorded_statuses()
        return super().save_revision(*args, **kwargs)

    def keep_recorded_statuses(self):
        """Keep each item's status as its latest recorded update set it.

        An editor whose form was opened before an organizer recorded an update
        posts the status it replaced; saving that would undo the update at the
        next publish. Any other status the editor chose is kept.
        """
        items = [item for item in self.action_items.all() if item.pk]
        stored = {
            item.pk: item
            for item in ActionItem.objects.filter(
                pk__in=[item.pk for item in items]
            ).prefetch_related("updates")
        }
        for item in items:
            row = stored.get(item.pk)
            updates = list(row.updates.all()) if row else []
            if not updates:
                continue
            latest = max(updates, key=lambda update: (update.created_at, update.pk))
            if item.status == latest.previous_status != row.status:
                for field in ActionItem.RECORDED_FIELDS:
                    setattr(item, field, getattr(row, field))

    def clean(self):
        super().clean()
        removed = self.removed_published_items()
        if removed:
            raise ValidationError([item_kept(item) for item in removed])

    def removed_published_items(self):
        """The stored action items of a summary once published that this copy
        leaves out. Saving it would delete them with their public history, and
        the department has been sent them: an item agreed in public is declined
        in public, with a reason, never quietly dropped."""
        if self.pk is None or not self.first_published_at:
            return []
        kept = [item.pk for item in self.action_items.all() if item.pk]
        return list(
            ActionItem.objects.filter(summary_id=self.pk)
            .exclude(pk__in=kept)
            .order_by("sort_order", "pk")
        )

    def published_since_loaded(self):
        """True when this unpublished copy is older than the summary's last publish."""
        if self.pk is None or self.live:
            return False
        return (
            ForumSummaryPage.objects.filter(pk=self.pk, live=True)
            .exclude(last_published_at=self.last_published_at)
            .exists()
        )

    def drop_duplicate_documents(self):
        """Attach each document once.

        A form posted without the ids of documents an earlier save (an autosave)
        already stored would add them a second time; the stored row is kept.
        """
        documents = list(self.documents.all())
        kept = {}
        for document in documents:
            first = kept.get(document.document_id)
            if first is None or (first.pk is None and document.pk is not None):
                kept[document.document_id] = document
        if len(kept) < len(documents):
            order = {id(document): n for n, document in enumerate(documents)}
            self.documents.set(sorted(kept.values(), key=lambda d: order[id(d)]))

    @property
    def total_attended(self):
        return self.residents_attended + self.walk_ins

    def summary_context(self):
        """Everything the page, the print view and emails show, in few queries."""
        forum = (
            ForumPage.objects.select_related("venue", "series")
            .filter(pk=self.forum_id)
            .first()
        )
        items = list(self.action_items.select_related("responsible_unit").all())
        carried = list(carried_forward_items(forum)) if forum else []
        with_changes(items + carried)
        return {
            "summary": self,
            "forum": forum,
            "action_items": items,
            "units": list(self.units_present.all()),
            "officer_lines": [
                line.strip() for line in self.officers_present.splitlines() if line
            ],
            "carried_forward": carried,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.summary_context())
        # A photo saved before consent was asked for is not shown until an
        # organizer records it.
        photos = self.photos.select_related("image")
        context["photos"] = [photo for photo in photos if photo.consent_given]
        context["documents"] = list(self.documents.select_related("document"))
        context["changes"] = summary_changes(self)
        context["past_withdrawals"] = past_withdrawals_of(self)
        context["print_url"] = self.url + self.reverse_subpage("print")
        context["public_url"] = absolute_url(self)
        return context

    @path("print/", name="print")
    def print_view(self, request):
        """A one- or two-page briefing to read out at roll call."""
        context = self.get_context(request)
        return TemplateResponse(request, "outcomes/summary/print.html", context)


def carried_forward_items(forum):
    """Action items still open from earlier forums of the same series (one query)."""
    if forum is None or not forum.series_id:
        return ActionItem.objects.none()
    return carried_forward_between(forum.series_id, forum.start)


def carried_forward_between(series, start):
    """Action items still open from forums of ``series`` before ``start``
    (values, or expressions a compiled query reads by a forum's key)."""
    return (
        ActionItem.objects.open()
        .filter(
            summary__live=True,
            summary__forum__series_id=series,
            summary__forum__start__lt=start,
        )
        .select_related("responsible_unit", "summary__forum")
        .order_by("summary__forum__start", "sort_order", "pk")
    )


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class ActionItem(Orderable):
    """Something the department or organizers agreed to do, with an owner and date."""

    summary = ParentalKey(
        ForumSummaryPage, on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.TextField(_("description"), max_length=2000)
    responsible_unit = models.ForeignKey(
        "outcomes.DepartmentUnit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_person = models.CharField(
        _("responsible person"), max_length=200, blank=True
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        db_index=True,
    )
    declined_reason = models.TextField(
        _("reason for declining"), blank=True, max_length=2000
    )
    # Set by a status update (``ActionItemUpdate``), never in the summary form,
    # so closing an item does not send the summary back through review.
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closing_note = models.TextField(
        _("closing note"), blank=True, max_length=2000, editable=False
    )

    objects = ActionItemQuerySet.as_manager()

    # What a recorded status update sets on the item (see ``ActionItemUpdate``).
    RECORDED_FIELDS = (
        "status",
        "closed_on",
        *(build_localized_fieldname("closing_note", code) for code in LANGUAGE_CODES),
        *(
            build_localized_fieldname("declined_reason", code)
            for code in LANGUAGE_CODES
        ),
    )

    panels = [
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("responsible_unit"), FieldPanel("responsible_person")]
        ),
        FieldRowPanel([FieldPanel("due_date"), FieldPanel("status")]),
        FieldPanel("declined_reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        """Still open after its due date, in the site's time zone."""
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def responsible(self):
        parts = [self.responsible_person, str(self.responsible_unit or "")]
        return ", ".join(part for part in parts if part)

    def clean(self):
        super().clean()
        errors = {}
        description = build_localized_fieldname("description", settings.LANGUAGE_CODE)
        if not (getattr(self, description, "") or "").strip():
            errors[description] = _("Describe the action: what will be done.")
        if not self.responsible_unit_id and not self.responsible_person.strip():
            errors["responsible_person"] = _("Name a responsible unit or person.")
        reason = build_localized_fieldname("declined_reason", settings.LANGUAGE_CODE)
        if (
            self.status == ActionStatus.DECLINED
            and not (getattr(self, reason, "") or "").strip()
        ):
            errors[reason] = _("Say why this action was declined.")
        if errors:
            raise ValidationError(errors)
