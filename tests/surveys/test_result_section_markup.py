"""``{% result_section %}`` writes in Python what ``surveys/includes/results.html``
wrote with a template loop for each question's results: withheld, too few,
answered with a mean and a trend link, a table or a table per statement, and the
answers quoted in full, in several languages, with markup typed into a
question's text or a quote kept as text. Compared with whitespace collapsed and
the whitespace between tags left out, as a browser reads it."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from surveys.results import QuestionResult, Row, StatementResult
from surveys.templatetags.survey_results import result_section
from tests.factories.surveys import ALL_KINDS, NEW_KINDS, make_survey
from tests.helpers import markup_as_read

pytestmark = pytest.mark.django_db

# The template loop this tag replaced, as it was, to hold the tag to its markup.
TEMPLATE = """{% load i18n engage_tags survey_results %}
  {% for item in results.questions %}
    <section class="survey-result" aria-labelledby="result-{{ item.question.pk }}">
      <h2 id="result-{{ item.question.pk }}">{{ item.number }}. {% marked item.question "text" %}</h2>
      {% if item.withheld %}
        <p>{% translate "Not shown here, so that a small group cannot be worked out from the other figures." %}</p>
      {% elif item.suppressed %}
        <p>{% blocktranslate count minimum=results.min_group %}Fewer than {{ minimum }} response.{% plural %}Fewer than {{ minimum }} responses.{% endblocktranslate %}</p>
      {% else %}
        <p class="survey-result__meta">
          {% blocktranslate count counter=item.answered %}Answered by {{ counter }} person.{% plural %}Answered by {{ counter }} people.{% endblocktranslate %}
          {% if item.mean is not None %}{% blocktranslate with mean=item.mean|format_number:2 %}Mean: {{ mean }}.{% endblocktranslate %}{% endif %}
          {% if item.followed_over_time %}<a href="{% url 'surveys:trend' item.question.key %}">{% translate "Over time" %}</a>{% endif %}
        </p>
        {% if item.statements %}
          {% for statement in item.statements %}
            {% answer_label item.question statement as label %}
            <h3 id="statement-{{ item.question.pk }}-{{ forloop.counter }}">{{ label }}</h3>
            {% if statement.suppressed %}
              <p>{% translate "Not shown here, so that a small group cannot be worked out from the other figures." %}</p>
            {% else %}
              {% if statement.mean is not None %}<p class="survey-result__meta">{% blocktranslate with mean=statement.mean|format_number:2 %}Mean: {{ mean }}.{% endblocktranslate %}</p>{% endif %}
              {% result_table item.question statement.rows label part=forloop.counter %}
            {% endif %}
          {% endfor %}
        {% elif item.rows %}
          {% blocktranslate asvar caption with n=item.number %}Answers to question {{ n }}{% endblocktranslate %}
          {% result_table item.question item.rows caption %}
        {% endif %}
        {% if item.quotes %}
          <h3>{% translate "In their own words" %}</h3>
          <ul class="survey-quotes">
            {% for quote in item.quotes %}<li><blockquote><p>{{ quote }}</p></blockquote></li>{% endfor %}
          </ul>
        {% endif %}
      {% endif %}
    </section>
  {% endfor %}
"""  # noqa: E501


def items(survey):
    questions = {q.key: q for q in survey.questions_with_choices()}
    pick, many, scale, age, long = (
        questions[key] for key in ("pick", "many", "scale", "age", "long")
    )
    feel, order = questions["feel"], questions["order"]
    pick.text_en = 'Is <b>this</b> & "that" fair?'
    agree, disagree = pick.choices.all()
    rows = [
        Row("agree", "Agree", 12, 0.6, choice=agree.pk),
        Row("disagree", "Disagree", None, None, choice=disagree.pk),
        Row("other", "Something <else>", 8, 0.4),
    ]
    fair, listen = feel.choices.all()
    return [
        QuestionResult(pick, 1, 20, rows=rows),
        QuestionResult(many, 2, None),
        QuestionResult(scale, 3, 1, mean=4.256, rows=rows[:1]),
        QuestionResult(age, 4, 30, mean=41.5),
        QuestionResult(long, 5, None, withheld=True),
        QuestionResult(
            long, 6, 7, quotes=["Fix the <script>lights</script>", "Don't stop"]
        ),
        QuestionResult(
            feel,
            7,
            14,
            statements=[
                StatementResult("fair", "Officers are fair", 14, 3.5, rows, fair.pk),
                StatementResult("listen", "Officers listen", None, choice=listen.pk),
            ],
        ),
        QuestionResult(
            order, 8, 9, rows=[Row("patrols", "Patrols", 5, 0.5, mean=1.25)]
        ),
    ]


@pytest.mark.parametrize("language", ["en", "es", "ar", "vi"])
@pytest.mark.parametrize("minimum", [1, 5])
def test_each_section_is_the_templates(survey_index, language, minimum):
    survey = make_survey(survey_index, ALL_KINDS + NEW_KINDS)
    template = Template(TEMPLATE)
    results = SimpleNamespace(min_group=minimum, questions=items(survey))
    with translation.override(language):
        expected = template.render(Context({"results": results}))
        ours = "".join(result_section(item, minimum) for item in results.questions)
    assert markup_as_read(ours) == markup_as_read(expected)
    assert "&lt;script&gt;lights" in ours
    assert "<b>this" not in ours
    # Every branch is drawn: a trend link, statements, a ranking's mean places.
    assert "/survey-trends/" in ours
    assert ours.count('<h3 id="statement-') == 2
    assert ours.count("<blockquote>") == 2
