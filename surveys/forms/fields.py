"""Form fields shared by the answering, paper-entry and results forms."""

import datetime
from decimal import Decimal

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from engage.i18n import marked_text

from ..vocabulary import GRID_KINDS, QuestionKind, date_month, value_label


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


# Kinds answered with the fields below, which also say how answers are stored.
ROWS_KINDS = GRID_KINDS | {QuestionKind.DATE}


def rows_field(question, common):
    """The answer field of a matrix, ranking or date question."""
    if question.kind == QuestionKind.DATE:
        return SurveyDateField(**common)
    rows = [(c.pk, marked_text(c, "label")) for c in question.choices.all()]
    if question.kind == QuestionKind.RANKING:
        return RankingField(rows=rows, **common)
    points = [(v, value_label(question, v)) for v in question.scale_values]
    return MatrixField(rows=rows, points=points, **common)


class RowsWidget(forms.Widget):
    """One input per row of a question (a matrix statement, a choice to rank),
    named ``<name>_<row id>``, in fieldsets or labelled selects that work
    without JavaScript. The value is ``{row id: value}``."""

    def __init__(self, rows, options, template_name, attrs=None):
        super().__init__(attrs)
        self.rows = rows  # [(pk, label)]
        self.options = options  # [(value, label)]
        self.template_name = template_name

    def value_from_datadict(self, data, files, name):
        return {pk: data.get(f"{name}_{pk}") for pk, _label in self.rows}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{pk}" in data for pk, _label in self.rows)

    def id_for_label(self, id_):
        return ""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = value if isinstance(value, dict) else {}
        base = attrs.get("id") or f"id_{name}"
        rows = []
        for pk, label in self.rows:
            given = value.get(pk)
            given = "" if given is None else str(given)
            rows.append(
                {
                    "name": f"{name}_{pk}",
                    "id": f"{base}_{pk}",
                    "label": label,
                    "options": [
                        {
                            "value": str(option),
                            "label": option_label,
                            "id": f"{base}_{pk}_{index}",
                            "selected": str(option) == given,
                        }
                        for index, (option, option_label) in enumerate(self.options)
                    ],
                }
            )
        context = {"rows": rows, "disabled": bool(attrs.get("disabled"))}
        # A rendered template is already safe HTML: its values were escaped.
        return render_to_string(self.template_name, context)


def _given(value):
    """The non-empty answers of a ``RowsWidget`` value, as text."""
    if not isinstance(value, dict):
        return {}
    return {pk: str(v) for pk, v in value.items() if v not in (None, "")}


class GridField(forms.Field):
    """A number for each of the question's choices, stored one answer each."""

    def answer_rows(self, question, value):
        by_pk = {c.pk: c for c in question.choices.all()}
        return [
            {"question": question, "choice": by_pk[pk], "number": Decimal(v)}
            for pk, v in value.items()
        ]


class MatrixField(GridField):
    """Each statement rated on one scale: all of them, or none (no answer).

    Requiring every statement once one is rated keeps the number who rated each
    statement equal to the number who answered, so a statement's counts add up
    and are protected as one single-choice question's (``surveys.results``)."""

    def __init__(self, *, rows, points, **kwargs):
        self.rows, self.points = rows, points
        kwargs["widget"] = RowsWidget(rows, points, "surveys/widgets/matrix.html")
        super().__init__(**kwargs)

    def to_python(self, value):
        given = _given(value)
        if not given:
            return None
        allowed = {str(point) for point, _label in self.points}
        if any(v not in allowed for v in given.values()):
            raise forms.ValidationError(
                _("Choose one of the points of the scale for each statement."),
                code="invalid_choice",
            )
        if len(given) < len(self.rows):
            raise forms.ValidationError(
                _("Answer every statement, or leave them all blank."),
                code="incomplete",
            )
        return {pk: int(v) for pk, v in given.items()}


class RankingField(GridField):
    """Every choice given a different place from 1 to N, or none (no answer)."""

    def __init__(self, *, rows, **kwargs):
        self.rows = rows
        places = [(n, str(n)) for n in range(1, len(rows) + 1)]
        kwargs["widget"] = RowsWidget(rows, places, "surveys/widgets/ranking.html")
        super().__init__(**kwargs)

    def to_python(self, value):
        given = _given(value)
        if not given:
            return None
        count = len(self.rows)
        allowed = {str(n) for n in range(1, count + 1)}
        if len(given) < count or any(v not in allowed for v in given.values()):
            raise forms.ValidationError(
                _("Rank every choice, or leave them all blank."), code="incomplete"
            )
        if len(set(given.values())) < count:
            message = ngettext(
                "Give each choice a different rank, from 1 to %(count)d.",
                "Give each choice a different rank, from 1 to %(count)d.",
                count,
            )
            raise forms.ValidationError(message % {"count": count}, code="repeated")
        return {pk: int(v) for pk, v in given.items()}


# What the native date control sends, then what people type in each language.
ISO_DATE = "%Y-%m-%d"
TYPED_DATES = {
    "en": ["%m/%d/%Y", "%m/%d/%y"],
    "es": ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"],
    "vi": ["%d/%m/%Y", "%d-%m-%Y"],
    "ko": ["%Y. %m. %d.", "%Y.%m.%d", "%Y/%m/%d"],
    "zh-hans": ["%Y/%m/%d", "%Y年%m月%d日"],
    "ar": ["%d/%m/%Y", "%d-%m-%Y"],
}
# Arabic-Indic and Persian digits read as the digits they are.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
YEARS = (1900, 2100)
EXAMPLE_DAY = datetime.date(2026, 3, 14)


def typed_date_formats():
    return TYPED_DATES.get(get_language() or "", TYPED_DATES["en"])


class SurveyDateField(forms.DateField):
    """A day from the browser's date control (ISO) or typed the way the reader's
    language writes dates; errors say how to write one."""

    widget = forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = " ".join(str(value).translate(DIGITS).split())[:40]
        for pattern in [ISO_DATE, *typed_date_formats()]:
            try:
                day = datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if not YEARS[0] <= day.year <= YEARS[1]:
                raise forms.ValidationError(
                    _("Give a date between the years %(first)s and %(last)s.")
                    % {"first": YEARS[0], "last": YEARS[1]},
                    code="out_of_range",
                )
            return day
        raise forms.ValidationError(
            _("Enter a date, for example %(example)s.") % {"example": self.example()},
            code="invalid",
        )

    def answer_rows(self, question, value):
        return [{"question": question, "number": date_month(value), "text": str(value)}]

    @staticmethod
    def example():
        return EXAMPLE_DAY.strftime(typed_date_formats()[0])

    def example_help(self):
        return _("For example %(example)s.") % {"example": self.example()}
