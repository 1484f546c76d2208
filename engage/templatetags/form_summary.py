"""The error summary every public form shows (GOV.UK Design System pattern).

`base.html` asks for the sent forms that came back with errors, so that the page
title can start with "Error: " and the summary can sit at the top of the page,
whatever the view calls its form.
"""

import re
from dataclasses import dataclass

from django import forms, template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

# Full stops and colons at the end of a label, before any closing tags.
CLOSING_STOP = re.compile(r"[.:。：]+\s*(?=(?:</\w+>)*\s*$)")


@dataclass(frozen=True)
class SummaryError:
    href: str
    label: str  # or markup (SafeData)
    message: str


def _label(bound_field):
    """The field's label without its closing full stop ("Your age: ...", not
    "Your age.: ..."). A label given as markup (a question shown untranslated,
    tagged with its language) stays markup."""
    label = bound_field.label or ""
    stripped = CLOSING_STOP.sub("", str(label)).strip()
    if isinstance(label, SafeData):
        # Markup already safe, less a closing full stop.
        return mark_safe(stripped)  # noqa: S308  # nosec B308 B703
    return stripped


def _field_anchor(bound_field):
    """Where a summary link takes the reader: the input itself, or the first
    option of a group of radio buttons or checkboxes."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.simple_tag
def summary_errors(form):
    """One entry per error, in the order of the fields on the page; errors that
    belong to no visible field link to the form's first visible field."""
    visible = form.visible_fields()
    first = f"#{_field_anchor(visible[0])}" if visible else ""
    entries = [
        SummaryError(href=first, label="", message=str(message))
        for message in form.non_field_errors()
    ]
    for bound_field in form.hidden_fields():
        entries += [
            SummaryError(href=first, label="", message=str(message))
            for message in bound_field.errors
        ]
    for bound_field in visible:
        entries += [
            SummaryError(
                href=f"#{_field_anchor(bound_field)}",
                label=_label(bound_field),
                message=str(message),
            )
            for message in bound_field.errors
        ]
    return entries


@register.simple_tag(takes_context=True)
def forms_with_errors(context):
    """The bound forms in the page's context that have errors, each once."""
    found, seen = [], set()
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance() would evaluate lazy values such
        # as the CSRF token, which sets a cookie on pages that need none.
        if not issubclass(type(value), forms.BaseForm) or id(value) in seen:
            continue
        seen.add(id(value))
        if value.is_bound and value.errors:
            found.append(value)
    return found
