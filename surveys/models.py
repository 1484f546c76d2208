"""Survey pages, their questions and choices, and the responses they collect.

A choice is identified by its row (and a stable ``code``), never by its label, so
answers given in Spanish and in English count together and rewording a label
leaves old answers intact. Anonymous responses hold no link to a person, a code
or a time beyond the day.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from cms.models import INTRO_FEATURES, translated_search_fields
from cms.pages import EngagePageMixin

from .forms import SurveyPageAdminForm


def open_surveys(now=None):
    """Live surveys taking responses now, soonest to close first."""
    now = now or timezone.now()
    return (
        SurveyPage.objects.live()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by(models.F("closes_at").asc(nulls_last=True), "-opens_at")
    )


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
        surveys = list(SurveyPage.objects.child_of(self).live().order_by("-opens_at"))
        now = timezone.now()
        context["open_surveys"] = [s for s in surveys if s.is_open(now)]
        context["past_surveys"] = [
            s
            for s in surveys
            if s.results_public and s.closes_at and s.closes_at <= now
        ]
        return context


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    RESIDENTS = "residents", _("Signed-in residents")
    INVITED = "invited", _("Holders of an invitation code")


class SurveyPage(EngagePageMixin, RoutablePageMixin, Page):
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
    search_fields = Page.search_fields + translated_search_fields("title", "intro")
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
        """Questions still asked, with their visible choices, in order."""
        return self.questions.filter(is_hidden=False).prefetch_related(
            models.Prefetch("choices", queryset=Choice.objects.filter(is_hidden=False))
        )

    def can_view_results(self, user):
        return self.results_public or self.user_is_organizer(user)

    def user_is_organizer(self, user):
        return bool(
            user.is_authenticated and self.permissions_for_user(user).can_edit()
        )

    @path("")
    def answer(self, request):
        from .views import answer_survey

        return answer_survey(request, self)

    @path("thanks/")
    def thanks(self, request):
        from .views import survey_thanks

        return survey_thanks(request, self)

    @path("results/")
    def results(self, request):
        from .views import survey_results

        return survey_results(request, self)

    def data_url(self, fmt):
        """The open-data download of this survey's aggregate results."""
        return reverse("surveys:results_data", args=[self.pk, fmt])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Agreement scale")
    RATING = "rating", _("Rating")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
NUMERIC_KINDS = {
    QuestionKind.SCALE,
    QuestionKind.RATING,
    QuestionKind.YES_NO,
    QuestionKind.NUMBER,
}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}
TEXT_CEILINGS = {QuestionKind.SHORT_TEXT: 500, QuestionKind.LONG_TEXT: 10000}


class Question(ClusterableModel, Orderable):
    """One question. Its ``key`` names it in exports, conditions and trends: give
    the same key to the same question in each survey of a series."""

    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    key = models.SlugField(
        _("short code"),
        max_length=50,
        blank=True,
        help_text=_(
            "Names the question in exports and conditions; use the same code for "
            "the same question across surveys to follow it over time. Made from "
            "the English text when left empty."
        ),
    )
    required = models.BooleanField(_("required"), default=False)
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("No longer asked; answers already given are kept and counted."),
    )
    scale_points = models.PositiveSmallIntegerField(
        _("points on the agreement scale"), choices=[(5, "5"), (7, "7")], default=5
    )
    rating_max = models.PositiveSmallIntegerField(
        _("highest rating"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
    )
    min_choices = models.PositiveSmallIntegerField(
        _("fewest choices"), null=True, blank=True
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most choices"), null=True, blank=True
    )
    allow_other = models.BooleanField(_("offer “other, please say”"), default=False)
    min_value = models.DecimalField(
        _("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(
        _("longest answer (characters)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(TEXT_CEILINGS[QuestionKind.LONG_TEXT])],
    )
    condition_key = models.SlugField(
        _("show only when question"),
        max_length=50,
        blank=True,
        help_text=_("The short code of an earlier question."),
    )
    condition_value = models.CharField(
        _("has the answer"),
        max_length=50,
        blank=True,
        help_text=_("A choice's code, “yes” or “no”, or a number."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("key")]),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("is_hidden")]),
        InlinePanel("choices", label=_("Choices (single and multiple choice)")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("min_choices"),
                        FieldPanel("max_choices"),
                        FieldPanel("allow_other"),
                    ]
                ),
                FieldRowPanel([FieldPanel("scale_points"), FieldPanel("rating_max")]),
                FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value")]),
                FieldPanel("max_length"),
            ],
            heading=_("Limits for this kind of question"),
        ),
        FieldRowPanel([FieldPanel("condition_key"), FieldPanel("condition_value")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = default_key(self)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.kind == QuestionKind.MULTIPLE and self.min_choices and self.max_choices:
            if self.min_choices > self.max_choices:
                errors["max_choices"] = _("Must be at least the fewest choices.")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors["max_value"] = _("Must be at least the smallest number.")
        if self.kind in TEXT_KINDS and self.max_length:
            if self.max_length > TEXT_CEILINGS[self.kind]:
                errors["max_length"] = _("At most %(limit)s characters.") % {
                    "limit": TEXT_CEILINGS[self.kind]
                }
        if bool(self.condition_key) != bool(self.condition_value):
            errors["condition_value"] = _(
                "Give both the question's code and the answer, or neither."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def text_limit(self):
        return min(
            self.max_length or TEXT_LIMITS.get(self.kind, 0),
            TEXT_CEILINGS.get(self.kind, 0),
        )

    @property
    def scale_values(self):
        """The numbers an answer can take for scale, rating and yes/no questions."""
        if self.kind == QuestionKind.SCALE:
            return list(range(1, self.scale_points + 1))
        if self.kind == QuestionKind.RATING:
            return list(range(1, self.rating_max + 1))
        if self.kind == QuestionKind.YES_NO:
            return [1, 0]
        return []


def default_key(question):
    base = slugify(question.text_en or question.text or "")[:40]
    return base or f"q{question.sort_order or 0}"


class Choice(Orderable):
    """An answer option; answers point at this row, never at its label."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    code = models.SlugField(
        _("code"),
        max_length=50,
        blank=True,
        help_text=_("Stays the same when the label is reworded; used in exports."),
    )
    label = models.CharField(_("label"), max_length=255)
    is_hidden = models.BooleanField(_("hidden"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("code")]),
        FieldPanel("is_hidden"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = slugify(self.label_en or self.label or "")[:40] or "choice"
        super().save(*args, **kwargs)


class Source(models.TextChoices):
    WEB = "web", _("Web")
    PAPER = "paper", _("Paper")


class InvitationCode(models.Model):
    """A one-time code. It is marked used, with no time, and is never linked to
    the response of an anonymous survey; for such a survey it keeps no address."""

    survey = models.ForeignKey(
        SurveyPage, on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    email = models.EmailField(_("sent to"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, default=settings.LANGUAGE_CODE
    )
    batch = models.CharField(_("batch"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["batch", "code"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        return f"{self.code[:4]}-{self.code[4:]}"


class CodeRecipient(models.Model):
    """That an address was emailed a code for a survey, kept apart from the codes
    and only as a keyed hash: enough never to send it a second code."""

    survey = models.ForeignKey(
        SurveyPage, on_delete=models.CASCADE, related_name="code_recipients"
    )
    email_hash = models.CharField(max_length=64)
    issued_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("code recipient")
        verbose_name_plural = _("code recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email_hash"], name="surveys_one_code_per_address"
            )
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.email_hash[:12]}"


class Participation(models.Model):
    """That a signed-in resident has answered a survey, kept apart from what they
    said so an anonymous survey can still be answered once per person."""

    survey = models.ForeignKey(
        SurveyPage, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="surveys_one_participation"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.survey}"


class Response(models.Model):
    """One person's answers. The random id carries no order; anonymous responses
    keep only the day and no user or code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        SurveyPage, on_delete=models.PROTECT, related_name="responses"
    )
    language = models.CharField(_("language"), max_length=10)
    submitted_on = models.DateField(_("date"))
    submitted_at = models.DateTimeField(_("time"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    area = models.ForeignKey(
        "engage.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forum = models.ForeignKey(
        "forums.ForumPage",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.OneToOneField(
        InvitationCode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["survey", "submitted_on"]),
            models.Index(fields=["survey", "language"]),
            models.Index(fields=["survey", "forum"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="surveys_one_response_per_user",
            )
        ]

    def __str__(self):
        return f"{self.survey} · {self.submitted_on} · {self.get_source_display()}"


class Answer(models.Model):
    """One answer to one question: a choice, a number, or text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers"
    )
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    text = models.TextField(blank=True)
    approved = models.BooleanField(
        _("approved for publication"),
        default=False,
        help_text=_("Shown on the public results page, without any other detail."),
    )
    quote = models.TextField(
        _("text to publish"),
        blank=True,
        help_text=_(
            "The answer as it will be quoted, with names and other personal "
            "details taken out. Leave empty to quote it as written."
        ),
    )

    panels = [
        FieldPanel("text", read_only=True),
        FieldPanel("quote"),
        FieldPanel("approved"),
    ]

    class Meta:
        verbose_name = _("free-text answer")
        verbose_name_plural = _("free-text answers")
        indexes = [
            models.Index(fields=["question", "choice"]),
            models.Index(fields=["question", "number"]),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def published_text(self):
        return self.quote or self.text
