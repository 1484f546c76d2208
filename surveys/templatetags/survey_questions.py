"""A survey question as the answering page shows it, written here rather than by
an included template: a survey draws one per question, and the template's
branches for every kind cost five questions 0.4 ms, three times their widgets.

Everything shown is escaped as the template would: values by
``conditional_escape``, numbers in translated sentences as
``{% blocktranslate %}`` writes them (the translation trusted, its values not)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

# Kinds whose inputs are a group of choices, shown in a fieldset named by its
# legend, besides any radio buttons and check boxes.
GROUPED_KINDS = ("matrix", "ranking")


def _value(value):
    """A value as ``{{ value }}`` writes it: localized, then escaped."""
    return conditional_escape(localize(value))


def _sentence(text, **values):
    """``text`` (already translated) with its values written as values."""
    return text % {name: _value(value) for name, value in values.items()}


def _help(text, attributes=""):
    return f'<p class="help"{attributes}>{text}</p>'


def _errors(field):
    if not field.errors:
        return ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in field.errors)
    return f'<ul class="errorlist" id="{_value(field.auto_id)}_error">{items}</ul>'


def _choice_hint(question):
    """What the reader is asked to choose, for the kinds that say so."""
    kind = question.kind
    if kind == "multiple":
        low, high = question.min_choices, question.max_choices
        if low and high:
            text = _sentence(
                gettext("Choose between %(low)s and %(high)s."), low=low, high=high
            )
        elif high:
            text = _sentence(
                ngettext(
                    "Choose at most %(counter)s.", "Choose at most %(counter)s.", high
                ),
                counter=high,
            )
        elif low:
            text = _sentence(
                ngettext(
                    "Choose at least %(counter)s.", "Choose at least %(counter)s.", low
                ),
                counter=low,
            )
        else:
            text = conditional_escape(gettext("Choose all that apply."))
        return _help(text)
    if kind == "ranking":
        return _help(
            conditional_escape(
                gettext(
                    "Give each choice a different rank: 1 for the one that matters "
                    "most to you."
                )
            )
        )
    if kind == "rating":
        return _help(
            _sentence(
                gettext("1 is the lowest, %(high)s the highest."),
                high=question.rating_max,
            )
        )
    return ""


def _other(other):
    """The box for an answer in the reader's own words, under the choices."""
    if other is None:
        return ""
    error_class = " field--error" if other.errors else ""
    return (
        f'<div class="survey-other{error_class}">\n'
        f'<label for="{_value(other.id_for_label)}">{_value(other.label)}</label>\n'
        f"{_errors(other)}\n{other}\n</div>"
    )


def _grouped(row, field, heading):
    question = row.question
    auto_id = _value(field.auto_id)
    described = f"{auto_id}_about"
    if field.errors:
        described += f" {auto_id}_error"
    about = [f'<div id="{auto_id}_about">']
    if row.condition:
        about.append(f'<p class="help survey-condition">{_value(row.condition)}</p>')
    if field.help_text:
        about.append(_help(_value(field.help_text)))
    about += [_choice_hint(question), "</div>"]
    return "\n".join(
        [
            f'<fieldset aria-describedby="{described}">',
            f"<legend>{heading}</legend>",
            "\n".join(about),
            _errors(field),
            f'<div class="survey-options survey-options--{_value(question.kind)}">'
            f"{field}</div>",
            _other(row.other),
            "</fieldset>",
        ]
    )


def _single(row, field, heading):
    question = row.question
    kind = question.kind
    lines = [f'<label for="{_value(field.id_for_label)}">{heading}</label>']
    if row.condition:
        lines.append(f'<p class="help survey-condition">{_value(row.condition)}</p>')
    if field.help_text:
        lines.append(
            _help(_value(field.help_text), f' id="{_value(field.auto_id)}_helptext"')
        )
    if (
        kind == "number"
        and question.min_value is not None
        and question.max_value is not None
    ):
        lines.append(
            _help(
                _sentence(
                    gettext("A number from %(low)s to %(high)s."),
                    low=floatformat(question.min_value, "-2"),
                    high=floatformat(question.max_value, "-2"),
                )
            )
        )
    if kind == "date":
        lines.append(_help(_value(field.field.example_help())))
    lines += [_errors(field), str(field)]
    if kind in ("short_text", "long_text"):
        limit = question.text_limit
        text = ngettext(
            "Up to %(limit)s character.", "Up to %(limit)s characters.", limit
        )
        lines.append(_help(_sentence(text, limit=limit)))
    return "\n".join(lines)


@register.simple_tag
def survey_question(row):
    """``{% survey_question row %}``: one question of the answering form (a
    ``QuestionRow``) with its number, label, hints, errors and inputs; hidden
    with its notice when an earlier answer sets it aside."""
    field, question = row.field, row.question
    widget = field.field.widget
    grouped = (
        getattr(widget, "input_type", None) == "radio"
        or getattr(widget, "allow_multiple_selected", False)
        or question.kind in GROUPED_KINDS
    )
    required = ""
    if row.required:
        required = (
            f' <span class="required">({conditional_escape(gettext("required"))})'
            "</span>"
        )
    heading = (
        f'<span class="survey-question__number">{_value(row.number)}.</span> '
        f"{_value(field.label)}{required}"
    )
    classes = "field survey-question"
    if field.errors:
        classes += " field--error"
    attributes = f' id="question-{_value(question.pk)}"'
    if row.shown_when:
        attributes += (
            f' data-shown-when="{_value(row.shown_when)}"'
            f' data-question="{_value(question.pk)}"'
        )
    if not row.applies:
        attributes += " hidden"
    body = (_grouped if grouped else _single)(row, field, heading)
    html = f'<div class="{classes}"{attributes}>\n{body}\n</div>'
    if row.shown_when:
        aside = _sentence(
            gettext(
                "Your answer to question %(n)s no longer applies, so it will not be "
                "sent. Change your earlier answer to bring the question back."
            ),
            n=row.number,
        )
        html += (
            f'\n<p class="notice survey-set-aside" id="question-{_value(question.pk)}'
            f'-aside" role="status" hidden>{aside}</p>'
        )
    # Safe: every value in it is escaped above; fields render their own markup.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
