"""``{% form_field %}`` writes in Python what ``includes/form_field.html`` wrote
with a template: the same markup for every kind of field, bound or not, with
help text, errors and markup typed into labels kept as text."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils.safestring import mark_safe

from engage.widgets import CheckboxSelectMultiple, RadioSelect

# The template this tag replaced, as it was, to hold the tag to its markup.
TEMPLATE = """{% load i18n %}
<div class="field{% if field.errors %} field--error{% endif %}{% if field.field.widget.input_type == 'checkbox' %} field--checkbox{% endif %}">
  {% if field.field.widget.input_type == "checkbox" %}
    {{ field }} <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="required">({% translate "required" %})</span>{% endif %}</label>
  {% elif field.field.widget.allow_multiple_selected or field.field.widget.input_type == "radio" %}
    <fieldset{% if field.help_text or field.errors %} aria-describedby="{% if field.help_text %}{{ field.auto_id }}_helptext {% endif %}{% if field.errors %}{{ field.auto_id }}_error{% endif %}"{% endif %}>
      <legend>{{ field.label }}{% if field.field.required %} <span class="required">({% translate "required" %})</span>{% endif %}</legend>
      {{ field }}
    </fieldset>
  {% else %}
    <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="required">({% translate "required" %})</span>{% endif %}</label>
    {{ field }}
  {% endif %}
  {% if field.help_text %}<div class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</div>{% endif %}
  {% if field.errors %}
    <ul class="errorlist" id="{{ field.auto_id }}_error">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>
  {% endif %}
</div>"""  # noqa: E501


class Everything(forms.Form):
    name = forms.CharField(label="Your <b>name</b>", help_text="As you like & say it")
    email = forms.EmailField(required=False)
    agree = forms.BooleanField(label="I agree", help_text="Needed")
    maybe = forms.BooleanField(required=False, label="Maybe")
    pick = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=RadioSelect, help_text="One"
    )
    many = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=CheckboxSelectMultiple, required=False
    )
    colour = forms.ChoiceField(
        choices=[("r", "Red")], label=mark_safe('<span lang="en">Colour</span>')
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)


def squeezed(html):
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "<script>", "email": "not an email", "pick": "zzz", "many": ["q"]},
        {"name": "Ann", "agree": "on", "pick": "a", "many": ["x"], "colour": "r"},
    ],
)
def test_each_field_is_written_as_the_template_wrote_it(data):
    form = Everything(data) if data is not None else Everything()
    tag = Template("{% load form_fields %}{% form_field field %}")
    reference = Template(TEMPLATE)
    for field in form:
        ours = tag.render(Context({"field": field}))
        theirs = reference.render(Context({"field": field}))
        assert squeezed(ours) == squeezed(theirs), field.name
