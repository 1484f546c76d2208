"""Survey index and survey pages: who may answer, when, and where results go."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import hooks
from wagtail.actions.copy_page import CopyPageAction
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import find_available_slug
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.models import (
    INTRO_FEATURES,
    translated_related_fields,
    translated_search_fields,
)
from cms.pages import EngagePageMixin, held_in_memory

from .edit_form import SurveyPageAdminForm
from .questions import asked_as_edited, questions_of
from .results_withdrawal import ResultsWithdrawal

# Newest opened first; a survey with no opening date, open since it was
# published, after those opened at a known time, on every database (by default
# PostgreSQL sorts it first and SQLite last).
NEWEST_OPENED_FIRST = models.F("opens_at").desc(nulls_last=True)


def open_surveys(now=None):
    """Live surveys taking responses now, soonest to close first."""
    now = now or timezone.now()
    return (
        SurveyPage.objects.live()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by(models.F("closes_at").asc(nulls_last=True), NEWEST_OPENED_FIRST)
    )


def keep_nested_rows_with_their_owners(model, content):
    """Drop the ids of grandchild rows (a question's choices) that belong to
    another parent in the database, so saving ``content`` adds new rows rather
    than moving them.

    Wagtail's page copy gives the copy's revisions new ids for the page's own
    child rows (questions) but keeps the originals' ids one level down: without
    this, editing or publishing a copied survey moved the original's choices to
    the copy and took their answers out of the original's results. Checked on
    every load of a revision, so copies made before this fix heal too."""
    for relation in get_all_child_relations(model):
        if not issubclass(relation.related_model, ClusterableModel):
            continue
        children = content.get(relation.get_accessor_name()) or []
        for nested in get_all_child_relations(relation.related_model):
            name, parent = nested.get_accessor_name(), nested.field.name
            rows = [
                (child.get("pk"), row)
                for child in children
                for row in child.get(name) or []
            ]
            ids = [row["pk"] for _owner, row in rows if row.get("pk") is not None]
            stored = dict(
                nested.related_model._base_manager.filter(pk__in=ids).values_list(
                    "pk", nested.field.attname
                )
            )
            for owner, row in rows:
                if row.get("pk") in stored and stored[row["pk"]] != owner:
                    row["pk"] = None
                row[parent] = owner
    return content


class SurveyIndexPage(EngagePageMixin, Page):
    """Lists the surveys that are open now and those whose results are published."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + translated_search_fields("title", "intro")

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["surveys.SurveyPage"]

    class Meta:
        verbose_name = _("survey index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        surveys = list(
            SurveyPage.objects.child_of(self).live().order_by(NEWEST_OPENED_FIRST)
        )
        now = timezone.now()
        context["open_surveys"] = [s for s in surveys if s.is_open(now)]
        context["past_surveys"] = [
            s
            for s in surveys
            if (s.results_public or s.results_withdrawn)
            and s.closes_at
            and s.closes_at <= now
        ]
        return context


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    RESIDENTS = "residents", _("Signed-in residents")
    INVITED = "invited", _("Holders of an invitation code")


class SurveyPage(ResultsWithdrawal, EngagePageMixin, RoutablePageMixin, Page):
    """One survey: its questions, who may answer, and how results are published."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    thank_you_text = RichTextField(
        _("thank-you message"), features=INTRO_FEATURES, blank=True
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    audience = models.CharField(
        _("who may answer"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.ANYONE,
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Responses keep no link to an account or a code, and only the day "
            "they were given."
        ),
    )
    allow_editing = models.BooleanField(
        _("residents may change their answers while the survey is open"),
        default=False,
        help_text=_("Only for surveys of signed-in residents that are not anonymous."),
    )
    results_public = models.BooleanField(_("publish results"), default=False)
    ask_area = models.BooleanField(
        _("ask for the respondent's neighbourhood"),
        default=False,
        help_text=_("Lets results be broken down by area."),
    )
    forum = models.ForeignKey(
        "forums.ForumPage",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The forum this survey collects feedback for. Web responses record "
            "it, and its attendees can be emailed codes."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "questions",
            label=_("Questions"),
            help_text=_(
                "Once a survey has responses, questions and choices that have "
                "answers cannot be deleted, so that published results stay true. "
                "Tick “hidden” to stop asking them."
            ),
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("audience"),
                FieldPanel("anonymous"),
                FieldPanel("allow_editing"),
                FieldPanel("results_public"),
                FieldPanel("ask_area"),
                FieldPanel("forum"),
            ],
            heading=_("Settings"),
        ),
    ]
    search_fields = (
        Page.search_fields
        + translated_search_fields("title", "intro")
        + [
            index.RelatedFields(
                "questions",
                translated_search_fields("text", "help_text")
                + translated_related_fields("choices", "label"),
            )
        ]
    )
    base_form_class = SurveyPageAdminForm

    parent_page_types = ["surveys.SurveyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("survey")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The survey must close after it opens.")
        if self.allow_editing and (
            self.anonymous or self.audience != Audience.RESIDENTS
        ):
            errors["allow_editing"] = _(
                "Only a survey of signed-in residents that is not anonymous can "
                "let people change their answers."
            )
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        return super().with_content_json(
            keep_nested_rows_with_their_owners(type(self), content)
        )

    def start_next(self, user):
        """A draft copy to field again: the same questions (new rows) and
        settings, without dates, forum or invitation codes (codes are never
        copied) and without this survey's page history."""
        parent = self.get_parent()
        return CopyPageAction(
            self,
            to=parent,
            update_attrs={
                "slug": find_available_slug(parent, self.slug),
                "opens_at": None,
                "closes_at": None,
                "forum_id": None,
            },
            keep_live=False,
            copy_revisions=False,
            user=user,
        ).execute()

    def is_open(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    @property
    def fielded_on(self):
        """The date the survey stands for in a trend: its opening, else publication."""
        moment = self.opens_at or self.first_published_at or timezone.now()
        return timezone.localtime(moment).date()

    def asked_questions(self):
        """Questions still asked, with their visible choices, in order. A preview
        reads them from the page as edited, which modelcluster keeps in memory
        (``asked_as_edited``); a saved survey's are read by queries compiled once
        (``questions_of``)."""
        if self._questions_as_edited():
            return asked_as_edited(self.questions.all())
        return questions_of(self.pk)

    def questions_with_choices(self):
        """Every question, hidden or not, with all its choices, in order: what
        the results count. From memory for a page as edited, as above."""
        if self._questions_as_edited():
            return list(self.questions.all())
        return questions_of(self.pk, asked_only=False)

    def _questions_as_edited(self):
        """Whether the questions are held in memory (a preview, a revision, a
        page not yet saved) rather than read from the database."""
        return held_in_memory(self, "questions")

    def can_view_results(self, user):
        return self.results_public or self.user_is_organizer(user)

    def user_is_organizer(self, user):
        return bool(
            user.is_authenticated and self.permissions_for_user(user).can_edit()
        )

    @path("")
    def answer(self, request):
        return self.serve_route("answer", request)

    @path("thanks/")
    def thanks(self, request):
        return self.serve_route("thanks", request)

    @path("results/")
    def results(self, request):
        return self.serve_route("results", request)

    @path("paper/")
    def paper(self, request):
        return self.serve_route("paper", request)

    def serve_route(self, route, request):
        """Run the view registered for ``route`` with the ``surveys_page_view``
        hook (see wagtail_hooks.py): the views build on these models, so the
        models do not import them."""
        views = {}
        for registered in hooks.get_hooks("surveys_page_view"):
            views.update(registered())
        return views[route](request, self)

    def data_url(self, fmt):
        """The open-data download of this survey's aggregate results."""
        return reverse("surveys:results_data", args=[self.pk, fmt])
