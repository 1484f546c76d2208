"""Drop-downs whose options say what language they are in, and choices written
without a template per option.

An option holds text only, not a marked ``<span>``, so the mark goes on the
option itself. A printed form that draws the same options as text
(``surveys.views.paper``) asks ``option_attributes`` for the same marks.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from markupsafe import escape

from .i18n import FALLBACK_ATTRIBUTES, language_attributes, missing_translations


class MarkedOptionsSelect(forms.Select):
    def option_attributes(self, value):
        """The ``lang`` and ``dir`` of the option of ``value``, if it needs any."""
        return {}

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        option["attrs"].update(self.option_attributes(value))
        return option


class MarkedSelect(MarkedOptionsSelect):
    """Options named by a translated field are marked when shown in English. For
    a model choice, ``field`` names the field its label shows; for plain
    choices, ``in_english`` holds the values whose label is English."""

    def __init__(self, attrs=None, choices=(), field=None, in_english=()):
        super().__init__(attrs, choices)
        self.field = field
        self.in_english = set(in_english)

    def option_attributes(self, value):
        instance = getattr(value, "instance", None)
        if instance is not None and self.field:
            english = bool(missing_translations(instance, [self.field]))
        else:
            english = value in self.in_english
        return FALLBACK_ATTRIBUTES if english else {}


class LongSelect(MarkedSelect):
    """A select whose options are written here, straight from its choices, as
    Django's ``optgroups`` would choose and mark them (the first option of a
    value is the one selected; groups are listed flat): a list of many forums
    should cost neither a template render nor an option dictionary per forum."""

    def render(self, name, value, attrs=None, renderer=None):
        values = set(self.format_value(value))
        options, has_selected = [], False
        for option_value, label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(label, (list, tuple))
            choices = label if grouped else [(option_value, label)]
            for choice_value, choice_label in choices:
                selected = not has_selected and str(choice_value) in values
                has_selected |= selected
                option_attrs = {"selected": True} if selected else {}
                option_attrs.update(self.option_attributes(choice_value))
                options.append(
                    f'<option value="{conditional_escape(choice_value)}"'
                    f"{flatatt(option_attrs)}>{conditional_escape(choice_label)}"
                    "</option>"
                )
        # Safe: every value and label is escaped as it is written (above).
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # noqa: S308  # nosec B308 B703
        )


class LanguageSelect(MarkedOptionsSelect):
    """A list of languages, each named in its own language (the value of each
    option is its code) and marked so: "简体中文" on an English page is read by
    a Chinese voice, "العربية" right to left."""

    def option_attributes(self, value):
        return language_attributes(value) if value else {}


def attributes(attrs):
    """An element's attributes as Django's ``attrs.html`` writes them: ``True``
    as a bare name, ``False`` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option):
    """One radio button or check box with its label, as ``input_option.html``."""
    attrs, value = option["attrs"], option["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    field = (
        f'<input type="{escape(option["type"])}" name="{escape(option["name"])}"'
        f"{shown}{attributes(attrs)}>"
    )
    if not option["wrap_label"]:
        return field
    target = f' for="{escape(attrs["id"])}"' if attrs.get("id") else ""
    return f"<label{target}>{field} {escape(option['label'])}</label>"


class OptionsWrittenHere:
    """Radio buttons or check boxes written here rather than through Django's
    widget templates, which include four templates per button: the benchmark's
    survey page, with 17 buttons, spent 0.5 ms of its 7 on them. The markup is
    that of Django's ``multiple_input.html``, escaped as its Jinja2 templates
    escape (``markupsafe``)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        element_id, css = widget["attrs"].get("id"), widget["attrs"].get("class")
        parts = [
            "<div",
            f' id="{escape(element_id)}"' if element_id else "",
            f' class="{escape(css)}"' if css else "",
            ">",
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{escape(group)}</label>")
            parts.extend(f"<div>\n    {_option(option)}</div>" for option in options)
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        # Safe: every value is escaped as it is written (above).
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


class RadioSelect(OptionsWrittenHere, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(OptionsWrittenHere, forms.CheckboxSelectMultiple):
    pass
