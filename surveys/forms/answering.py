"""The answering form, built from a survey's questions.

Every answer is checked on the server, conditions applied in order; the result
is the list of answer rows that ``services.submit_response`` stores.
"""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.forms import HONEYPOT_FIELD
from engage.i18n import marked_text
from engage.models import Area
from engage.widgets import CheckboxSelectMultiple, MarkedSelect, RadioSelect

from ..services import find_code
from ..vocabulary import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    ONE_CHOICE_KINDS,
    OTHER,
    OTHER_LABEL,
    POINT_KINDS,
    YES_NO,
    QuestionKind,
    condition_target,
    condition_tokens,
    value_label,
)
from .fields import ROWS_KINDS, IdChoiceField, rows_field


@dataclass
class QuestionRow:
    """What the template needs to show one question."""

    question: object
    number: int
    field: forms.BoundField
    other: forms.BoundField | None
    condition: str
    required: bool
    applies: bool
    shown_when: str


# The hidden input listing the conditional questions the resident was shown.
ASKED = "asked"


class SurveyForm(forms.Form):
    """Every question validated on the server, conditions applied in order.

    Fields are never required at field level: whether an answer is needed
    depends on the answers before it, which only ``clean`` can know.

    A question that depends on another is shown only once the answer it depends
    on is given: live in the browser (surveys/js/conditions.js), otherwise when
    the page comes back from the server. The page lists in ``asked`` the
    conditional questions it showed, so the server can tell a question the
    resident has not seen yet (shown, and the answers kept, before anything is
    stored) from one they left blank, and an answer they typed into a question
    that no longer applies (they are told, not silently ignored).
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
                Area.objects.as_shown(),
                label=_("Your neighbourhood"),
                required=False,
                empty_label=_("Prefer not to say"),
                widget=MarkedSelect(field="name"),
            )
        if code_required:
            self.fields["code"] = forms.CharField(
                label=_("Your invitation code"),
                max_length=20,
                help_text=_("The code on your invitation, for example ABCD-2345."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
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
            # Marked lang="en" where shown untranslated (engage.i18n.marked_text).
            "label": marked_text(question, "text"),
            "help_text": marked_text(question, "help_text"),
            "required": False,
        }
        if kind in CHOICE_KINDS:
            options = [
                (str(c.pk), marked_text(c, "label")) for c in question.choices.all()
            ]
            if question.allow_other:
                options.append((OTHER, OTHER_LABEL))
            if kind == QuestionKind.SINGLE:
                return forms.ChoiceField(choices=options, widget=RadioSelect, **common)
            if kind == QuestionKind.DROPDOWN:
                return forms.ChoiceField(
                    choices=[("", _("Choose an answer")), *options], **common
                )
            return forms.MultipleChoiceField(
                choices=options, widget=CheckboxSelectMultiple, **common
            )
        if kind in POINT_KINDS:
            options = [
                (str(v), value_label(question, v)) for v in question.scale_values
            ]
            return forms.TypedChoiceField(
                choices=options,
                coerce=int,
                empty_value=None,
                widget=RadioSelect,
                **common,
            )
        if kind in ROWS_KINDS:
            return rows_field(question, common)
        if kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=12,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),  # any digits
                **common,
            )
        widget = forms.Textarea if kind == QuestionKind.LONG_TEXT else forms.TextInput
        return forms.CharField(
            max_length=question.text_limit, widget=widget(), **common
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            self.turn_away_filled_trap()
        if self.code_required and cleaned.get("code"):
            self.invitation, error = find_code(self.survey, cleaned["code"])
            if error:
                self.add_error("code", error)
        tokens = {}
        answers = []
        asked = self.asked()
        for question in self.questions:
            name = self.field_name(question)
            if not self.is_shown(question, tokens):
                if asked is not None and question.pk in asked:
                    self.set_aside(question, cleaned)
                cleaned.pop(name, None)
                cleaned.pop(self.other_name(question), None)
                continue
            if asked is not None and question.pk in self.conditions:
                if question.pk not in asked:
                    self.add_error(None, self.now_applies(question))
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

    def turn_away_filled_trap(self):
        """People never see the trap, so its error is said where they look,
        and the trap is emptied so that sending again works."""
        self.add_error(
            None,
            _(
                "Your answers were not sent: a hidden anti-spam box was filled "
                "in, perhaps by your browser. Please send them again."
            ),
        )
        self.data = self.data.copy()
        self.data[HONEYPOT_FIELD] = ""

    def asked(self):
        """Ids of the conditional questions the page showed; None when the
        data did not come from the survey page (then all count as shown)."""
        if not self.is_bound or ASKED not in self.data:
            return None
        return {
            int(part)
            for part in str(self.data[ASKED]).split(",")
            if part.strip().isdigit() and len(part.strip()) < 12
        }

    def set_aside(self, question, cleaned):
        """An answer typed into a question that no longer applies is not kept
        without the resident being told."""
        value = cleaned.get(self.field_name(question))
        other = cleaned.get(self.other_name(question))
        if value in (None, "", []) and not other:
            return
        self.add_error(
            None,
            _(
                "Your answer to question %(n)s was left out: it is only for "
                "people who answered “%(answer)s” to question %(source)s. Send "
                "your answers again to go on without it."
            )
            % self.condition_parts(question),
        )

    def now_applies(self, question):
        return _(
            "Because of your answer to question %(source)s, question %(n)s now "
            "applies to you. Answer it, then send your answers again."
        ) % self.condition_parts(question)

    def condition_parts(self, question):
        source = self.conditions[question.pk]
        return {
            "n": self.numbers[question.pk],
            "source": self.numbers[source.pk],
            "answer": self.condition_answer(question),
        }

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
                if kind in ONE_CHOICE_KINDS and chosen:
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
        if kind in ROWS_KINDS:
            return self.fields[name].answer_rows(question, value)
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
        """What the page shows; a question that does not apply is rendered
        hidden, its inputs disabled so the browser does not send them."""
        applying = self.applying()
        rows = []
        for question in self.questions:
            name, other = self.field_name(question), self.other_name(question)
            applies = question.pk in applying
            if not applies:
                self.fields[name].widget.attrs["disabled"] = True
                if other in self.fields:
                    self.fields[other].widget.attrs["disabled"] = True
            rows.append(
                QuestionRow(
                    question=question,
                    number=self.numbers[question.pk],
                    field=self[name],
                    other=self[other] if other in self.fields else None,
                    condition=self.describe_condition(question),
                    required=question.required,
                    applies=applies,
                    shown_when=self.shown_when(question),
                )
            )
        return rows

    def asked_now(self):
        """The ``asked`` value of the page being rendered."""
        applying = self.applying()
        return ",".join(str(pk) for pk in self.conditions if pk in applying)

    def applying(self):
        """Ids of the questions that apply given what the page holds now."""
        tokens = {}
        applying = set()
        for question in self.questions:
            if not self.is_shown(question, tokens):
                continue
            applying.add(question.pk)
            tokens[question.key] = condition_tokens(question, self.raw(question))
        return applying

    def raw(self, question):
        """The question's answer as typed, read the way ``clean`` reads it."""
        name = self.field_name(question)
        if self.is_bound:
            value = self.fields[name].widget.value_from_datadict(
                self.data, self.files, self.add_prefix(name)
            )
        else:
            value = self.initial.get(name)
        if question.kind in CHOICE_KINDS:
            values = [value] if isinstance(value, str) else list(value or [])
            by_pk = {str(c.pk): c for c in question.choices.all()}
            return [
                by_pk.get(str(v), OTHER)
                for v in values
                if str(v) in by_pk or v == OTHER
            ]
        if value in (None, ""):
            return None
        if question.kind in NUMERIC_KINDS:
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                return None
            # Junk such as "NaN" or "1e999999999" counts as no answer.
            return number if number.is_finite() and number.adjusted() < 15 else None
        return str(value)

    def shown_when(self, question):
        """The answer that shows a conditional question, for the browser."""
        source = self.conditions.get(question.pk)
        if source is None:
            return ""
        target = condition_target(source, question.condition_value)
        rule = {"field": self.add_prefix(self.field_name(source))}
        if source.kind in CHOICE_KINDS:
            rule["values"] = [
                str(c.pk) for c in source.choices.all() if c.code.lower() == target
            ] + ([OTHER] if target == OTHER else [])
        elif source.kind == QuestionKind.YES_NO:
            rule["values"] = {"yes": ["1"], "no": ["0"]}.get(target, [])
        elif source.kind in NUMERIC_KINDS:
            rule["number"] = None if target is None else str(target)
        else:
            rule["values"] = [target]
        return json.dumps(rule)

    def describe_condition(self, question):
        if question.pk not in self.conditions:
            return ""
        return _("Answer this only if you answered “%(answer)s” to question %(n)s.") % {
            "answer": self.condition_answer(question),
            "n": self.numbers[self.conditions[question.pk].pk],
        }

    def condition_answer(self, question):
        """The answer a conditional question depends on, as the reader sees it."""
        source = self.conditions[question.pk]
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
        return answer
