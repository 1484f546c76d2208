"""The answering form, built from a survey's questions.

Every answer is checked on the server, conditions applied in order; the result
is the list of answer rows that ``services.submit_response`` stores.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.forms import HONEYPOT_FIELD
from engage.models import Area

from ..services import find_code
from ..vocabulary import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    OTHER,
    OTHER_LABEL,
    POINT_KINDS,
    YES_NO,
    QuestionKind,
    condition_target,
    condition_tokens,
    value_label,
)
from .fields import IdChoiceField


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
            if question.kind in CHOICE_KINDS and question.allow_other:
                self.fields[self.other_name(question)] = forms.CharField(
                    label=_("Other, please say"),
                    required=False,
                    max_length=200,
                )
            source = by_key.get(question.condition_key)
            if question.condition_key and source is not None:
                self.conditions[question.pk] = source
        if survey.ask_area:
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
            self.fields[HONEYPOT_FIELD] = forms.CharField(
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
        if kind in CHOICE_KINDS:
            options = [(str(c.pk), c.label) for c in question.choices.all()]
            if question.allow_other:
                options.append((OTHER, OTHER_LABEL))
            if kind == QuestionKind.SINGLE:
                return forms.ChoiceField(
                    choices=options, widget=forms.RadioSelect, **common
                )
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if kind in POINT_KINDS:
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
        if kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=12,
                decimal_places=2,
                **common,
            )
        widget = forms.Textarea if kind == QuestionKind.LONG_TEXT else forms.TextInput
        return forms.CharField(
            max_length=question.text_limit, widget=widget(), **common
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            self.add_error(HONEYPOT_FIELD, _("Leave this field empty."))
        if self.code_required and cleaned.get("code"):
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
        if kind in CHOICE_KINDS:
            chosen = [value] if isinstance(value, str) and value else list(value or [])
            other_text = cleaned.get(self.other_name(question), "")
            if other_text and OTHER not in chosen:
                if kind == QuestionKind.SINGLE and chosen:
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
            if kind == QuestionKind.MULTIPLE and rows:
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
        if kind in NUMERIC_KINDS:
            return [{"question": question, "number": Decimal(value)}]
        return [{"question": question, "text": value}]

    @staticmethod
    def token_value(question, rows):
        if question.kind in CHOICE_KINDS:
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
        if source.kind in CHOICE_KINDS:
            answer = next(
                (c.label for c in source.choices.all() if c.code == target), target
            )
        elif source.kind == QuestionKind.YES_NO:
            answer = YES_NO[1] if target.lower() == "yes" else YES_NO[0]
        elif source.kind == QuestionKind.SCALE:
            try:
                answer = value_label(source, int(target))
            except ValueError:
                pass
        return _("Answer this only if you answered “%(answer)s” to question %(n)s.") % {
            "answer": answer,
            "n": self.numbers[source.pk],
        }
