"""Text boxes, check boxes, text areas and drop-downs written by the form
renderer (``engage.forms_rendering``) must be the markup Django's Jinja2 widget
templates write, value for value and escape for escape: every form, its labels,
its errors and the browser tests rely on it."""

import pytest
from django import forms
from django.forms.renderers import Jinja2
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from engage.forms_rendering import INPUT_TEMPLATES, WRITTEN_HERE, WidgetRenderer
from engage.widgets import LanguageSelect, MarkedSelect

CHOICES = [
    ("", "---------"),
    ("agree", "Agree"),
    ("o'neil", "Quotes \" and ' & <b>tags</b>"),
    ("marked", mark_safe("<i>Marked</i>")),
    ("lazy", gettext_lazy("Search")),
    (3, "A number"),
]
GROUPED = [
    ("Morning & <b>noon</b>", [("early", "Early"), ("late", "Late & later")]),
    ("alone", "On its own"),
]
WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    forms.EmailInput(attrs={"autocomplete": "email"}),
    forms.NumberInput(attrs={"min": 0, "step": "any"}),
    forms.URLInput(),
    forms.DateInput(),
    forms.TimeInput(),
    forms.DateTimeInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.FileInput(),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 3}),
    forms.Select(choices=CHOICES),
    forms.Select(choices=GROUPED),
    forms.SelectMultiple(choices=GROUPED),
    forms.NullBooleanSelect(),
    LanguageSelect(choices=[("", "Any"), ("en", "English"), ("ar", "العربية")]),
    MarkedSelect(choices=CHOICES, in_english={"agree"}),
]
VALUES = [
    None,
    "",
    "agree",
    "o'neil",
    'Quotes " & <script>',
    mark_safe("<i>safe</i>"),
    gettext_lazy("Search"),
    0,
    3,
    True,
    False,
    ["early", "alone"],
]
ATTRIBUTES = [
    None,
    {"id": "id_name"},
    {
        "id": "id_name",
        "class": "wide <b>",
        "required": True,
        "disabled": False,
        "aria-describedby": 'id_name_helptext "x"',
        "data-zero": 0,
        "maxlength": 200,
    },
]


def cases():
    for widget in WIDGETS:
        for attrs in ATTRIBUTES:
            yield widget, attrs


@pytest.mark.parametrize(("widget", "attrs"), list(cases()))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_markup_is_djangos(widget, attrs, language):
    with override(language):
        for value in VALUES:
            try:
                expected = widget.render("field", value, attrs, renderer=Jinja2())
            except TypeError:  # a list given to a yes-or-no drop-down
                with pytest.raises(TypeError):
                    widget.render("field", value, attrs, renderer=WidgetRenderer())
                continue
            ours = widget.render("field", value, attrs, renderer=WidgetRenderer())
            assert ours == expected, (widget, value)


def test_the_templates_written_here_are_the_ones_every_case_draws():
    """The cases above reach every template the renderer writes itself."""
    drawn = {widget.template_name for widget in WIDGETS} | {
        "django/forms/widgets/input.html"
    }
    assert set(WRITTEN_HERE) - drawn == set()
    assert INPUT_TEMPLATES <= set(WRITTEN_HERE)


def test_an_option_with_a_template_of_its_own_renders_through_its_template():
    class Boxed(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Boxed(choices=[("a", "A & B")])
    expected = widget.render("field", "a", renderer=Jinja2())
    assert widget.render("field", "a", renderer=WidgetRenderer()) == expected
    assert "<label" in expected


def test_a_form_renders_its_fields_as_before():
    class Form(forms.Form):
        name = forms.CharField(max_length=50, help_text="Your name")
        email = forms.EmailField(required=False)
        agree = forms.BooleanField()
        notes = forms.CharField(widget=forms.Textarea)
        pick = forms.ChoiceField(choices=CHOICES)

    data = {"name": "O'Neil <b>", "agree": "on", "notes": "a\nb", "pick": "o'neil"}
    for form_data in (None, data, {"name": ""}):
        ours = Form(form_data, renderer=WidgetRenderer())
        theirs = Form(form_data, renderer=Jinja2())
        for name in Form.base_fields:
            assert str(ours[name]) == str(theirs[name])
