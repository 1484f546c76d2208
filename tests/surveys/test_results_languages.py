"""A results page in a language the survey is only partly translated into: every
question, choice and statement shown in English says so (``lang="en"``), so that
a screen reader reads it as English; what is translated, and the interface's own
words, carry no mark."""

import pytest
from bs4 import BeautifulSoup

from engage.i18n import LANGUAGE_CODES
from surveys.models import QuestionKind
from tests.factories.surveys import add_responses, make_survey
from tests.helpers import url_in

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "key": "where",
        "kind": QuestionKind.DROPDOWN,
        "allow_other": True,
        "text": {"en": "Where do you live?", "ar": "أين تسكن؟"},
        "choices": [("north", {"en": "North", "ar": "الشمال"}), ("south", "South")],
    },
    {
        "key": "feel",
        "kind": QuestionKind.MATRIX,
        "scale_points": 5,
        "text": "How much do you agree?",
        "choices": [
            ("fair", {"en": "Officers are fair", "ar": "الضباط منصفون"}),
            ("listen", "Officers listen"),
        ],
    },
    {
        "key": "order",
        "kind": QuestionKind.RANKING,
        "text": {"en": "What matters most?", "ar": "ما الأهم؟"},
        "choices": [
            ("patrols", {"en": "Patrols", "ar": "الدوريات"}),
            ("youth", "Youth"),
        ],
    },
]


@pytest.fixture
def survey(survey_index):
    survey = make_survey(survey_index, QUESTIONS, title="Trust", results_public=True)
    given = {
        "where": "north",
        "feel": {"fair": 5, "listen": 4},
        "order": ["patrols", "youth"],
    }
    add_responses(survey, 6, given)
    return survey


def results_in(client, survey, language):
    response = client.get(url_in(survey, language) + "results/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def english_marks(element):
    """The texts inside ``element`` marked as English, each with its direction."""
    return [
        (span.get_text(), span.get("dir"))
        for span in element.select('[lang="en"]')
        if span is not element
    ]


def row_labels(table):
    return [(th.get_text(), english_marks(th)) for th in table.select("tbody th")]


def test_untranslated_questions_choices_and_statements_are_marked(client, survey):
    html = results_in(client, survey, "ar")
    where, feel, order = html.select("section.survey-result")

    assert english_marks(where.h2) == []
    assert english_marks(feel.h2) == [("How much do you agree?", "ltr")]
    assert english_marks(order.h2) == []

    # "Other" is the interface's own word, translated by the catalogue.
    labels = row_labels(where.table)
    assert labels[0] == ("الشمال", [])
    assert labels[1] == ("South", [("South", "ltr")])
    assert english_marks(where.select("tbody th")[2]) == []

    fair, listen = feel.select("h3")
    assert (fair.get_text(), english_marks(fair)) == ("الضباط منصفون", [])
    assert english_marks(listen) == [("Officers listen", "ltr")]
    fair_table, listen_table = feel.select("table")
    assert english_marks(fair_table.caption) == []
    assert english_marks(listen_table.caption) == [("Officers listen", "ltr")]
    # The points of the scale are the interface's words too.
    assert all(marks == [] for _text, marks in row_labels(listen_table))

    assert row_labels(order.table) == [
        ("الدوريات", []),
        ("Youth", [("Youth", "ltr")]),
    ]


def test_nothing_is_marked_in_english(client, survey):
    html = results_in(client, survey, "en")
    # Only the language filter's options, each naming its language in its own.
    marked = [(element.name, element["lang"]) for element in html.select("main [lang]")]
    assert marked == [("option", code) for code in LANGUAGE_CODES]
    assert [th.get_text() for th in html.select(".survey-result tbody th")][:3] == [
        "North",
        "South",
        "Other",
    ]
