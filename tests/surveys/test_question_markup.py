"""``{% survey_question %}`` writes in Python what ``surveys/includes/question.html``
wrote with a template: every kind of question, with its hints, errors, conditions
and "other" box, answered or not, in several languages, with markup typed into
its text kept as text. Compared with whitespace collapsed, as a browser reads it."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from surveys.forms import SurveyForm
from surveys.templatetags.survey_questions import survey_question
from surveys.views.answering import form_options
from tests.factories.surveys import ALL_KINDS, NEW_KINDS, make_survey

pytestmark = pytest.mark.django_db

# The template this tag replaced, as it was, to hold the tag to its markup.
TEMPLATE = """{% load i18n %}
{% with field=row.field question=row.question %}
<div class="field survey-question{% if field.errors %} field--error{% endif %}" id="question-{{ question.pk }}"{% if row.shown_when %} data-shown-when="{{ row.shown_when }}" data-question="{{ question.pk }}"{% endif %}{% if not row.applies %} hidden{% endif %}>
  {% if field.field.widget.input_type == "radio" or field.field.widget.allow_multiple_selected or question.kind == "matrix" or question.kind == "ranking" %}
    <fieldset aria-describedby="{{ field.auto_id }}_about{% if field.errors %} {{ field.auto_id }}_error{% endif %}">
      <legend><span class="survey-question__number">{{ row.number }}.</span> {{ field.label }}{% if row.required %} <span class="required">({% translate "required" %})</span>{% endif %}</legend>
      <div id="{{ field.auto_id }}_about">
        {% if row.condition %}<p class="help survey-condition">{{ row.condition }}</p>{% endif %}
        {% if field.help_text %}<p class="help">{{ field.help_text }}</p>{% endif %}
        {% if question.kind == "multiple" %}
          {% if question.min_choices and question.max_choices %}<p class="help">{% blocktranslate with low=question.min_choices high=question.max_choices %}Choose between {{ low }} and {{ high }}.{% endblocktranslate %}</p>
          {% elif question.max_choices %}<p class="help">{% blocktranslate count counter=question.max_choices %}Choose at most {{ counter }}.{% plural %}Choose at most {{ counter }}.{% endblocktranslate %}</p>
          {% elif question.min_choices %}<p class="help">{% blocktranslate count counter=question.min_choices %}Choose at least {{ counter }}.{% plural %}Choose at least {{ counter }}.{% endblocktranslate %}</p>
          {% else %}<p class="help">{% translate "Choose all that apply." %}</p>{% endif %}
        {% elif question.kind == "ranking" %}
          <p class="help">{% translate "Give each choice a different rank: 1 for the one that matters most to you." %}</p>
        {% elif question.kind == "rating" %}
          <p class="help">{% blocktranslate with high=question.rating_max %}1 is the lowest, {{ high }} the highest.{% endblocktranslate %}</p>
        {% endif %}
      </div>
      {% if field.errors %}<ul class="errorlist" id="{{ field.auto_id }}_error">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
      <div class="survey-options survey-options--{{ question.kind }}">{{ field }}</div>
      {% if row.other %}
        <div class="survey-other{% if row.other.errors %} field--error{% endif %}">
          <label for="{{ row.other.id_for_label }}">{{ row.other.label }}</label>
          {% if row.other.errors %}<ul class="errorlist" id="{{ row.other.auto_id }}_error">{% for error in row.other.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
          {{ row.other }}
        </div>
      {% endif %}
    </fieldset>
  {% else %}
    <label for="{{ field.id_for_label }}"><span class="survey-question__number">{{ row.number }}.</span> {{ field.label }}{% if row.required %} <span class="required">({% translate "required" %})</span>{% endif %}</label>
    {% if row.condition %}<p class="help survey-condition">{{ row.condition }}</p>{% endif %}
    {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}
    {% if question.kind == "number" and question.min_value is not None and question.max_value is not None %}<p class="help">{% blocktranslate with low=question.min_value|floatformat:"-2" high=question.max_value|floatformat:"-2" %}A number from {{ low }} to {{ high }}.{% endblocktranslate %}</p>{% endif %}
    {% if question.kind == "date" %}<p class="help">{{ field.field.example_help }}</p>{% endif %}
    {% if field.errors %}<ul class="errorlist" id="{{ field.auto_id }}_error">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
    {{ field }}
    {% if question.kind == "short_text" or question.kind == "long_text" %}<p class="help">{% blocktranslate count limit=question.text_limit %}Up to {{ limit }} character.{% plural %}Up to {{ limit }} characters.{% endblocktranslate %}</p>{% endif %}
  {% endif %}
</div>
{% if row.shown_when %}<p class="notice survey-set-aside" id="question-{{ question.pk }}-aside" role="status" hidden>{% blocktranslate with n=row.number %}Your answer to question {{ n }} no longer applies, so it will not be sent. Change your earlier answer to bring the question back.{% endblocktranslate %}</p>{% endif %}
{% endwith %}
"""  # noqa: E501

MARKUP = '<b>"bold" & co</b>'

VARIANTS = [
    {
        "key": "atmost",
        "kind": "multiple",
        "max_choices": 2,
        "choices": [("a", "A"), ("b", "B")],
    },
    {
        "key": "atleast",
        "kind": "multiple",
        "min_choices": 1,
        "choices": [("a", "A"), ("b", "B")],
    },
    {
        "key": "any",
        "kind": "multiple",
        "choices": [("a", MARKUP), ("b", "B")],
        "help_text_en": MARKUP,
    },
    {
        "key": "decimal",
        "kind": "number",
        "min_value": "1.5",
        "max_value": "2.25",
        "required": False,
    },
    {"key": "open", "kind": "number", "min_value": 3},
    {
        "key": "said",
        "kind": "short_text",
        "text": MARKUP,
        "condition_key": "yn",
        "condition_value": "yes",
    },
    {
        "key": "pick",
        "kind": "single",
        "choices": [("x", "X"), ("y", "Y")],
        "condition_key": "yn",
        "condition_value": "no",
        "allow_other": True,
    },
]  # noqa: E501


def _collapsed(html):
    return re.sub(r"\s+", " ", str(html)).strip()


def _oracle(row):
    return Template(TEMPLATE).render(Context({"row": row}))


@pytest.fixture
def survey(survey_index):
    return make_survey(survey_index, [*ALL_KINDS, *NEW_KINDS, *VARIANTS])


def _forms(survey):
    questions = list(survey.asked_questions())
    options = form_options(survey)
    yield SurveyForm(survey=survey, questions=questions, **options)
    # Sent with wrong answers everywhere: every question shows its errors.
    wrong = {"website": ""}
    for question in questions:
        wrong[f"q{question.pk}"] = "nonsense"
        wrong[f"q{question.pk}_other"] = "x" * 5000
    yield SurveyForm(wrong, survey=survey, questions=questions, **options)
    # Sent with the condition met for one question and not the other.
    yn = next(q for q in questions if q.key == "yn")
    form = SurveyForm(
        {f"q{yn.pk}": "yes"}, survey=survey, questions=questions, **options
    )
    yield form


@pytest.mark.parametrize("language", ["en", "es", "ar", "zh-hans"])
def test_the_tag_writes_what_the_template_wrote(survey, language):
    with translation.override(language):
        compared = 0
        for form in _forms(survey):
            form.is_bound and form.is_valid()
            for row in form.question_rows():
                assert _collapsed(survey_question(row)) == _collapsed(_oracle(row)), (
                    row.question.key
                )
                compared += 1
    assert compared == 3 * len(survey.asked_questions())


def test_every_state_the_template_knew_is_compared(survey):
    """The cases above reach each branch: errors, hints, conditions, the other box
    and a question set aside."""
    forms = list(_forms(survey))
    forms[1].is_valid()
    forms[2].is_valid()
    written = "".join(
        str(survey_question(row)) for form in forms for row in form.question_rows()
    )
    for piece in [
        'class="errorlist"',
        "Choose between 1 and 2.",
        "Choose at most 2.",
        "Choose at least 1.",
        "Choose all that apply.",
        "Give each choice a different rank",
        "1 is the lowest, 10 the highest.",
        "A number from 16 to 120.",
        "A number from 1.50 to 2.25.",
        "Up to 20 characters.",
        'class="survey-other',
        "data-shown-when=",
        " hidden>",
        "survey-set-aside",
        "&lt;b&gt;&quot;bold&quot; &amp; co&lt;/b&gt;",
    ]:
        assert piece in written, piece
    assert MARKUP not in written
