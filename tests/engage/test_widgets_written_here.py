"""Radio buttons and check boxes written in Python must be the markup Django's
own widget templates write, value for value and escape for escape: the survey,
RSVP and follow forms, their labels, errors and browser tests rely on it."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from engage.forms_rendering import WidgetRenderer
from engage.widgets import CheckboxSelectMultiple, RadioSelect

CHOICES = [
    ("agree", "Agree"),
    ("o'neil", "Quotes \" and ' & <b>tags</b>"),
    ("marked", mark_safe('<span lang="en" dir="ltr">Marked</span>')),
    ("lazy", gettext_lazy("Search")),
    (3, "A number"),
]
GROUPED = [
    ("Morning", [("early", "Early"), ("late", "Late & later")]),
    ("alone", "On its own"),
]
ATTRIBUTES = [
    None,
    {"id": "id_q_7"},
    {"id": "id_q_7", "class": "scale <wide>", "required": True, "disabled": False},
    {"aria-describedby": 'q_about "x"', "data-n": 0, "data-one": 1},
]


def pairs():
    for ours, django in (
        (RadioSelect, forms.RadioSelect),
        (CheckboxSelectMultiple, forms.CheckboxSelectMultiple),
    ):
        for choices in (CHOICES, GROUPED):
            for attrs in ATTRIBUTES:
                yield ours, django, choices, attrs


@pytest.mark.parametrize(("ours", "django", "choices", "attrs"), list(pairs()))
@pytest.mark.parametrize("value", [None, "o'neil", ["agree", "3", "late"], ""])
def test_the_markup_is_djangos(ours, django, choices, attrs, value):
    if ours is RadioSelect and isinstance(value, list):
        value = value[0]
    expected = django(choices=choices).render(
        "q_7", value, attrs=attrs, renderer=WidgetRenderer()
    )
    assert ours(choices=choices).render("q_7", value, attrs=attrs) == expected


def test_a_bound_field_renders_the_same_through_a_form():
    class Ours(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=RadioSelect)
        many = forms.MultipleChoiceField(choices=GROUPED, widget=CheckboxSelectMultiple)

    class Djangos(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
        many = forms.MultipleChoiceField(
            choices=GROUPED, widget=forms.CheckboxSelectMultiple
        )

    data = {"pick": "marked", "many": ["early", "alone"]}
    for name in ("pick", "many"):
        assert str(Ours(data)[name]) == str(Djangos(data)[name])
        assert str(Ours()[name]) == str(Djangos()[name])
