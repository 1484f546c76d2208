"""Questions and their choices.

A choice is identified by its row (and a stable ``code``), never by its label, so
answers given in Spanish and in English count together and rewording a label
leaves old answers intact.
"""

import copy
import functools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
from wagtail.models import Orderable

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery

from ..vocabulary import TEXT_CEILINGS, TEXT_KINDS, TEXT_LIMITS, QuestionKind


class Question(ClusterableModel, Orderable):
    """One question. Its ``key`` names it in exports, conditions and trends: give
    the same key to the same question in each survey of a series."""

    page = ParentalKey(
        "surveys.SurveyPage", on_delete=models.CASCADE, related_name="questions"
    )
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
    starts_new_page = models.BooleanField(
        _("starts a new page"),
        default=False,
        help_text=_(
            "Begin a new page of the survey with this question; residents see "
            "their progress and can save and finish later."
        ),
    )
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
        FieldRowPanel(
            [
                FieldPanel("required"),
                FieldPanel("is_hidden"),
                FieldPanel("starts_new_page"),
            ]
        ),
        InlinePanel(
            "choices",
            label=_(
                "Choices (single choice, drop-down, multiple choice, ranking) or "
                "statements (matrix)"
            ),
        ),
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
        if self.kind in (QuestionKind.SCALE, QuestionKind.MATRIX):
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


@functools.cache
def _question_queries(asked_only):
    """A survey's questions and their choices (with ``asked_only``, only those
    still asked and visible), each compiled once with the survey's key
    (``engage.compiled``): building and compiling the two queries cost the
    survey page more than reading them."""
    questions = Question.objects.filter(page_id=KEY_PLACEHOLDER)
    choices = Choice.objects.filter(question__page_id=KEY_PLACEHOLDER)
    if asked_only:
        questions = questions.filter(is_hidden=False)
        choices = choices.filter(question__is_hidden=False, is_hidden=False)
    return CompiledQuery(questions), CompiledQuery(choices)


def questions_of(survey_key, asked_only=True):
    """The saved survey ``survey_key``'s questions in order, each with its
    choices in order, as ``prefetch_related`` would have read them, in two
    queries: with ``asked_only``, the questions still asked and their visible
    choices; else all of them, as the results count them."""
    questions_query, choices_query = _question_queries(asked_only)
    questions = questions_query.rows(survey_key)
    choices = defaultdict(list)
    for choice in choices_query.rows(survey_key):
        choices[choice.question_id].append(choice)
    kept = Choice.objects.all()
    if asked_only:
        kept = kept.filter(is_hidden=False)
    for question in questions:
        # Where Django's prefetching keeps a relation's rows, and what it keeps
        # for this one (modelcluster's relations are not narrowed per owner).
        prefetched = kept.all()
        prefetched._result_cache = choices[question.pk]
        prefetched._prefetch_done = True
        question._prefetched_objects_cache = {"choices": prefetched}
    return questions


def asked_as_edited(questions):
    """``questions`` held in memory (a preview, a revision: possibly unsaved, so
    not to be read again from the database) that are still asked, each with its
    visible choices. Copies: the page being previewed keeps its hidden rows."""
    asked = []
    for question in questions:
        if question.is_hidden:
            continue
        choices = [choice for choice in question.choices.all() if not choice.is_hidden]
        question = copy.copy(question)
        question._cluster_related_objects = {
            **getattr(question, "_cluster_related_objects", {}),
            "choices": choices,
        }
        asked.append(question)
    return asked
