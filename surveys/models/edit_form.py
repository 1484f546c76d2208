"""The survey page's edit form in the Wagtail admin (its ``base_form_class``)."""

from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from ..vocabulary import (
    CHOICE_KINDS,
    FEWEST_CHOICES,
    NOT_CONDITIONS,
    NUMERIC_KINDS,
    OTHER,
    QuestionKind,
)
from .responses import Answer

RESULTS_FIXED = _(
    "These results have been public, so they are not hidden from here: withdraw "
    "them, saying why, with the survey's “Withdraw the results” button, or "
    "publish them again with “Publish the results again”."
)


def _marked_deleted(form):
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def _choice_codes(question_form):
    """The codes the question's choices will have once saved."""
    codes = []
    for choice_form in question_form.formsets["choices"].forms:
        data = getattr(choice_form, "cleaned_data", {})
        if not data or data.get("DELETE"):
            continue
        label = data.get("label_en") or data.get("label") or ""
        codes.append(data.get("code") or slugify(label)[:40] or "choice")
    return codes


def condition_value_problem(source_form, value):
    """Why ``value`` can never be an answer to the question in ``source_form``,
    or None when it can."""
    source = source_form.cleaned_data
    kind = source.get("kind")
    value = value.strip()
    if kind in NOT_CONDITIONS:
        return _(
            "Answers to that kind of question cannot decide whether another "
            "question is asked."
        )
    if kind in CHOICE_KINDS:
        codes = _choice_codes(source_form)
        if source.get("allow_other"):
            codes.append(OTHER)
        if value.lower() in [code.lower() for code in codes]:
            return None
        return _(
            "“%(value)s” is not the code of a choice of that question. Use one "
            "of: %(codes)s."
        ) % {"value": value, "codes": ", ".join(codes)}
    if kind == QuestionKind.YES_NO:
        if value.lower() in ("yes", "no"):
            return None
        return _("That question is answered yes or no: write “yes” or “no”.")
    if kind in NUMERIC_KINDS:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            return _("That question is answered with a number: write a number.")
        low, high = _number_range(source)
        whole = kind in (QuestionKind.SCALE, QuestionKind.RATING)
        if (
            (whole and number != number.to_integral_value())
            or (low is not None and number < low)
            or (high is not None and number > high)
        ):
            return _("No answer to that question can be %(value)s.") % {"value": value}
    return None


def _number_range(source):
    kind = source.get("kind")
    if kind == QuestionKind.SCALE:
        return 1, int(source.get("scale_points") or 5)
    if kind == QuestionKind.RATING:
        return 1, int(source.get("rating_max") or 5)
    return source.get("min_value"), source.get("max_value")


class SurveyPageAdminForm(WagtailAdminPageForm):
    """Keeps answered questions and choices from being deleted, keeps question
    codes unique, and checks that conditions point at an earlier question.
    Results once public are not hidden from here: they are withdrawn with a
    reason (``surveys.models.results_withdrawal``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("results_public")
        if field is not None and self.instance.results_public_since:
            field.disabled = True
            field.help_text = RESULTS_FIXED

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("questions")
        if formset is None or not formset.is_valid():
            return cleaned
        answered_questions, answered_choices = self.answered()
        seen = {}
        for form in formset.forms:
            question = form.instance
            if _marked_deleted(form):
                if question.pk in answered_questions:
                    self.add_error(
                        None,
                        _(
                            "“%(question)s” has answers, so it cannot be deleted. "
                            "Tick “hidden” to stop asking it."
                        )
                        % {"question": question.text},
                    )
                continue
            if not form.has_changed() and question.pk is None:
                continue
            for choice_form in form.formsets["choices"].forms:
                choice = choice_form.instance
                if _marked_deleted(choice_form) and choice.pk in answered_choices:
                    self.add_error(
                        None,
                        _(
                            "The choice “%(choice)s” has answers, so it cannot be "
                            "deleted. Tick “hidden” to stop offering it."
                        )
                        % {"choice": choice.label},
                    )
            data = form.cleaned_data
            kind = data.get("kind")
            if kind in FEWEST_CHOICES and len(_choice_codes(form)) < 2:
                form.add_error("kind", FEWEST_CHOICES[kind])
            key = data.get("key") or slugify(data.get("text_en") or "")[:40]
            if key in seen:
                form.add_error("key", _("Another question already uses this code."))
            condition = data.get("condition_key")
            if condition and condition not in seen:
                form.add_error(
                    "condition_key",
                    _("Give the short code of a question that comes before this one."),
                )
            elif condition and data.get("condition_value"):
                problem = condition_value_problem(
                    seen[condition], data["condition_value"]
                )
                if problem:
                    form.add_error("condition_value", problem)
            seen[key] = form
        return cleaned

    def answered(self):
        """Ids of this survey's questions and choices that have answers."""
        if not self.instance.pk:
            return set(), set()
        answers = Answer.objects.filter(question__page_id=self.instance.pk)
        questions = set(answers.values_list("question_id", flat=True).distinct())
        choices = set(
            answers.exclude(choice=None).values_list("choice_id", flat=True).distinct()
        )
        return questions, choices
