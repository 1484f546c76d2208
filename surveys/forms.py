"""The answering form, built from a survey's questions, and the admin forms."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm

from forums.models import ForumPage

SCALE_LABELS = {
    5: [
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ],
    7: [
        _("Strongly disagree"),
        _("Disagree"),
        _("Somewhat disagree"),
        _("Neither agree nor disagree"),
        _("Somewhat agree"),
        _("Agree"),
        _("Strongly agree"),
    ],
}
YES_NO = {1: _("Yes"), 0: _("No")}
OTHER = "other"
OTHER_LABEL = _("Other")
HONEYPOT = "website"


def value_label(question, value):
    """The reader's-language label of a numeric answer (scale point, yes/no)."""
    from .models import QuestionKind

    if question.kind == QuestionKind.SCALE:
        labels = SCALE_LABELS[question.scale_points]
        if 1 <= value <= len(labels):
            return f"{value} · {labels[int(value) - 1]}"
    if question.kind == QuestionKind.YES_NO:
        return YES_NO.get(int(value), str(value))
    return str(int(value)) if value == int(value) else str(value)


def condition_tokens(question, value):
    """What an answer looks like to a condition: codes, "yes"/"no" or a number."""
    from .models import QuestionKind

    if value in (None, "", []):
        return set()
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = value if isinstance(value, list) else [value]
        return {c.code.lower() if hasattr(c, "code") else OTHER for c in choices}
    if question.kind == QuestionKind.YES_NO:
        return {"yes" if value else "no"}
    if question.kind in (QuestionKind.SCALE, QuestionKind.RATING, QuestionKind.NUMBER):
        return {Decimal(value).normalize()}
    return {str(value)}


def condition_target(question, condition_value):
    """The condition's answer in the same form as ``condition_tokens`` gives."""
    from .models import QuestionKind

    if question.kind in (QuestionKind.SCALE, QuestionKind.RATING, QuestionKind.NUMBER):
        try:
            return Decimal(condition_value).normalize()
        except InvalidOperation:
            return None
    return condition_value.strip().lower()


class IdChoiceField(forms.ModelChoiceField):
    """A model choice that turns away ids the database column cannot hold, which
    would otherwise fail in the database and give a 500."""

    def to_python(self, value):
        if value not in self.empty_values:
            pk = self.queryset.model._meta.pk
            limit = 2**63 if pk.get_internal_type() == "BigAutoField" else 2**31
            try:
                number = int(str(value))
            except ValueError:
                number = None
            if number is None or not 0 < number < limit:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


@dataclass
class QuestionRow:
    """What the template needs to show one question."""

    question: object
    number: int
    field: forms.BoundField
    other: forms.BoundField | None
    condition: str
    required: bool


class SurveyForm(forms.Form):
    """Every question validated on the server, conditions applied in order.

    Fields are never required at field level: whether an answer is needed
    depends on the answers before it, which only ``clean`` can know.
    """

    def __init__(
        self,
        *args,
        survey,
        questions,
        code_required=False,
        honeypot=False,
        **kwargs,
    ):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(questions)
        self.code_required = code_required
        self.invitation = None
        self.answers = []
        by_key = {q.key: q for q in self.questions}
        self.numbers = {q.pk: i for i, q in enumerate(self.questions, start=1)}
        self.conditions = {}
        for question in self.questions:
            self.fields[self.field_name(question)] = self.build_field(question)
            if question.kind in ("single", "multiple") and question.allow_other:
                self.fields[self.other_name(question)] = forms.CharField(
                    label=_("Other, please say"),
                    required=False,
                    max_length=200,
                )
            source = by_key.get(question.condition_key)
            if question.condition_key and source is not None:
                self.conditions[question.pk] = source
        if survey.ask_area:
            from engage.models import Area

            self.fields["area"] = IdChoiceField(
                Area.objects.all(),
                label=_("Your neighbourhood"),
                required=False,
                empty_label=_("Prefer not to say"),
            )
        if code_required:
            self.fields["code"] = forms.CharField(
                label=_("Your invitation code"),
                max_length=20,
                help_text=_("The code on your invitation, for example ABCD-2345."),
            )
        if honeypot:
            self.fields[HONEYPOT] = forms.CharField(
                label=_("Leave this field empty"),
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )

    @staticmethod
    def field_name(question):
        return f"q{question.pk}"

    @staticmethod
    def other_name(question):
        return f"q{question.pk}_other"

    def build_field(self, question):
        kind = question.kind
        common = {
            "label": question.text,
            "help_text": question.help_text,
            "required": False,
        }
        if kind in ("single", "multiple"):
            options = [(str(c.pk), c.label) for c in question.choices.all()]
            if question.allow_other:
                options.append((OTHER, OTHER_LABEL))
            if kind == "single":
                return forms.ChoiceField(
                    choices=options, widget=forms.RadioSelect, **common
                )
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if kind in ("scale", "rating", "yes_no"):
            options = [
                (str(v), value_label(question, v)) for v in question.scale_values
            ]
            return forms.TypedChoiceField(
                choices=options,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                **common,
            )
        if kind == "number":
            return forms.DecimalField(
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=12,
                decimal_places=2,
                **common,
            )
        widget = forms.Textarea if kind == "long_text" else forms.TextInput
        return forms.CharField(
            max_length=question.text_limit, widget=widget(), **common
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            self.add_error(HONEYPOT, _("Leave this field empty."))
        if self.code_required and cleaned.get("code"):
            from .services import find_code

            self.invitation, error = find_code(self.survey, cleaned["code"])
            if error:
                self.add_error("code", error)
        tokens = {}
        answers = []
        for question in self.questions:
            name = self.field_name(question)
            if not self.is_shown(question, tokens):
                cleaned.pop(name, None)
                continue
            if name in self._errors:
                continue
            values = self.answers_for(question, cleaned)
            if values is None:
                continue
            if not values:
                if question.required:
                    self.add_error(name, _("Please answer this question."))
                continue
            tokens[question.key] = condition_tokens(
                question, self.token_value(question, values)
            )
            answers.extend(values)
        self.answers = answers
        return cleaned

    def is_shown(self, question, tokens):
        source = self.conditions.get(question.pk)
        if source is None:
            return True
        return condition_target(source, question.condition_value) in tokens.get(
            source.key, set()
        )

    def answers_for(self, question, cleaned):
        """The answer rows for one question, or None when an error was added."""
        name = self.field_name(question)
        value = cleaned.get(name)
        kind = question.kind
        if kind in ("single", "multiple"):
            chosen = [value] if isinstance(value, str) and value else list(value or [])
            other_text = cleaned.get(self.other_name(question), "")
            if other_text and OTHER not in chosen:
                if kind == "single" and chosen:
                    self.add_error(
                        self.other_name(question),
                        _("Choose “Other” to give your own answer, or clear this box."),
                    )
                    return None
                chosen.append(OTHER)
            if OTHER in chosen and not other_text:
                self.add_error(self.other_name(question), _("Please say what it is."))
                return None
            by_pk = {str(c.pk): c for c in question.choices.all()}
            rows = [
                {"question": question, "choice": by_pk[pk]}
                for pk in chosen
                if pk != OTHER
            ]
            if OTHER in chosen:
                rows.append({"question": question, "text": other_text})
            if kind == "multiple" and rows:
                low, high = question.min_choices, question.max_choices
                if low and len(rows) < low:
                    message = ngettext(
                        "Choose at least %(count)d answer.",
                        "Choose at least %(count)d answers.",
                        low,
                    )
                    self.add_error(name, message % {"count": low})
                    return None
                if high and len(rows) > high:
                    message = ngettext(
                        "Choose at most %(count)d answer.",
                        "Choose at most %(count)d answers.",
                        high,
                    )
                    self.add_error(name, message % {"count": high})
                    return None
            return rows
        if value is None or value == "":
            return []
        if kind in ("scale", "rating", "yes_no", "number"):
            return [{"question": question, "number": Decimal(value)}]
        return [{"question": question, "text": value}]

    @staticmethod
    def token_value(question, rows):
        if question.kind in ("single", "multiple"):
            return [row.get("choice") or OTHER for row in rows]
        if "number" in rows[0]:
            return rows[0]["number"]
        return rows[0]["text"]

    def question_rows(self):
        rows = []
        for question in self.questions:
            other = self.other_name(question)
            rows.append(
                QuestionRow(
                    question=question,
                    number=self.numbers[question.pk],
                    field=self[self.field_name(question)],
                    other=self[other] if other in self.fields else None,
                    condition=self.describe_condition(question),
                    required=question.required,
                )
            )
        return rows

    def describe_condition(self, question):
        source = self.conditions.get(question.pk)
        if source is None:
            return ""
        target = question.condition_value
        answer = target
        if source.kind in ("single", "multiple"):
            answer = next(
                (c.label for c in source.choices.all() if c.code == target), target
            )
        elif source.kind == "yes_no":
            answer = YES_NO[1] if target.lower() == "yes" else YES_NO[0]
        elif source.kind == "scale":
            try:
                answer = value_label(source, int(target))
            except ValueError:
                pass
        return _("Answer this only if you answered “%(answer)s” to question %(n)s.") % {
            "answer": answer,
            "n": self.numbers[source.pk],
        }


class PaperResponseForm(SurveyForm):
    """A paper form typed in by an organizer: the same checks, plus its language
    and the day it was filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper_language"] = forms.ChoiceField(
            label=_("Language of the paper form"),
            choices=settings.LANGUAGES,
            initial=settings.LANGUAGE_CODE,
        )
        self.fields["paper_date"] = forms.DateField(
            label=_("Date on the form"),
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["paper_forum"] = IdChoiceField(
            ForumPage.objects.order_by("-start", "-pk"),
            label=_("Forum where the form was filled in"),
            required=False,
            empty_label=_("No forum"),
            initial=self.survey.forum_id,
        )


class ResultsFilterForm(forms.Form):
    """Narrow results by language, forum, area and dates; junk is ignored, not
    fatal."""

    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages"))]
    )
    forum = forms.TypedChoiceField(
        label=_("Forum"), required=False, coerce=int, empty_value=None
    )
    area = IdChoiceField(
        queryset=None, label=_("Area"), required=False, empty_label=_("All areas")
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, survey=None, **kwargs):
        from engage.models import Area

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages"))] + list(
            settings.LANGUAGES
        )
        if survey is not None and survey.ask_area:
            self.fields["area"].queryset = Area.objects.all()
        else:
            del self.fields["area"]
        self.forums = {}
        if survey is not None:
            from .results import survey_forums

            self.forums = {forum.pk: forum for forum in survey_forums(survey)}
        if self.forums:
            self.fields["forum"].choices = [("", _("All forums"))] + [
                (pk, forum.title) for pk, forum in self.forums.items()
            ]
        else:
            del self.fields["forum"]

    def filters(self):
        """Only the valid values, so a bad parameter widens rather than breaks."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        if data.get("forum"):
            data["forum"] = self.forums[data["forum"]]
        return {
            key: data[key]
            for key in ("language", "forum", "area", "start", "end")
            if data.get(key) and key not in self.errors
        }


class PrintedCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many codes"), min_value=1, max_value=1000, initial=50
    )
    batch = forms.CharField(
        label=_("Batch name"),
        max_length=100,
        required=False,
        help_text=_("For example “Eastside library door, 12 May”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


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
        from .models import Answer

        if not self.instance.pk:
            return set(), set()
        answers = Answer.objects.filter(question__page_id=self.instance.pk)
        questions = set(answers.values_list("question_id", flat=True).distinct())
        choices = set(
            answers.exclude(choice=None).values_list("choice_id", flat=True).distinct()
        )
        return questions, choices
