"""The survey page's edit form in the Wagtail admin (its ``base_form_class``)."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .responses import Answer


def _marked_deleted(form):
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


class SurveyPageAdminForm(WagtailAdminPageForm):
    """Keeps answered questions and choices from being deleted, keeps question
    codes unique, and checks that conditions point at an earlier question."""

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
            key = data.get("key") or slugify(data.get("text_en") or "")[:40]
            if key in seen:
                form.add_error("key", _("Another question already uses this code."))
            condition = data.get("condition_key")
            if condition and condition not in seen:
                form.add_error(
                    "condition_key",
                    _("Give the short code of a question that comes before this one."),
                )
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
