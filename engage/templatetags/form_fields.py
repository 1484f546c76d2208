"""A form's field with its label, help text and errors, written here rather than
through a template: a form draws one per field, and the RSVP form's eleven cost
0.8 ms through an included template, more than their widgets."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _required(field):
    if not field.field.required:
        return ""
    return f' <span class="required">({conditional_escape(gettext("required"))})</span>'


@register.simple_tag
def form_field(field):
    """One labelled field with its help text and errors tied to it for screen
    readers: a check box before its label, a group of choices in a fieldset
    named by its legend, any other field after its label."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    errors, help_text = field.errors, field.help_text
    auto_id = conditional_escape(field.auto_id)
    label = f"{conditional_escape(field.label)}{_required(field)}"
    classes = "field"
    if errors:
        classes += " field--error"
    if input_type == "checkbox":
        classes += " field--checkbox"
        target = conditional_escape(field.id_for_label)
        body = f'{field} <label for="{target}">{label}</label>'
    elif getattr(widget, "allow_multiple_selected", False) or input_type == "radio":
        described = ""
        if help_text or errors:
            ids = f"{auto_id}_helptext " if help_text else ""
            ids += f"{auto_id}_error" if errors else ""
            described = f' aria-describedby="{ids}"'
        body = f"<fieldset{described}><legend>{label}</legend>{field}</fieldset>"
    else:
        target = conditional_escape(field.id_for_label)
        body = f'<label for="{target}">{label}</label>{field}'
    if help_text:
        body += (
            f'<div class="help" id="{auto_id}_helptext">'
            f"{conditional_escape(help_text)}</div>"
        )
    if errors:
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
        body += f'<ul class="errorlist" id="{auto_id}_error">{items}</ul>'
    # Safe: the field and its widget are Django's own markup, every other value
    # is escaped above.
    return mark_safe(f'<div class="{classes}">{body}</div>')  # noqa: S308  # nosec B308 B703
