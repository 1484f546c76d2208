"""Conditions: the editor checks the answer a condition names against the
question it refers to; a dependent question is shown only when it applies, and
an answer the resident typed is never dropped without telling them. Also the
survey honeypot and the free-text screen's junk ids."""

import re

import pytest

from surveys.models import Answer, QuestionKind, Response
from tests.factories.surveys import add_responses, make_survey
from tests.surveys.editor_form import editor_form_data

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "used", "kind": QuestionKind.YES_NO, "text": "Used interpretation?"},
    {
        "key": "quality",
        "kind": QuestionKind.RATING,
        "required": True,
        "condition_key": "used",
        "condition_value": "yes",
        "text": "How good?",
    },
    {
        "key": "bus",
        "kind": QuestionKind.SINGLE,
        "text": "How did you come?",
        "choices": [("bus", "Bus"), ("walk", "On foot")],
    },
    {
        "key": "route",
        "kind": QuestionKind.SHORT_TEXT,
        "condition_key": "bus",
        "condition_value": "bus",
        "text": "Which route?",
    },
    {"key": "age", "kind": QuestionKind.NUMBER, "text": "Age"},
    {
        "key": "school",
        "kind": QuestionKind.SHORT_TEXT,
        "condition_key": "age",
        "condition_value": "16",
        "text": "Which school?",
    },
]


@pytest.fixture
def conditional(survey_index):
    return make_survey(survey_index, QUESTIONS, title="Getting here")


def pk(survey, key):
    return survey.questions.get(key=key).pk


def choice_pk(survey, key, code):
    return survey.questions.get(key=key).choices.get(code=code).pk


def question_div(html, question_pk):
    return re.search(rf'<div [^>]*id="question-{question_pk}"[^>]*>', html).group(0)


def asked_value(html):
    return re.search(r'name="asked" value="([^"]*)"', html).group(1)


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (1, "maybe", "That question is answered yes or no: write “yes” or “no”."),
        (
            3,
            "buss",
            "“buss” is not the code of a choice of that question. Use one of: "
            "bus, walk.",
        ),
        (5, "sixteen", "That question is answered with a number: write a number."),
    ],
)
def test_editor_refuses_a_condition_no_answer_can_meet(
    admin_client, conditional, index, value, message
):
    data = editor_form_data(admin_client, conditional.pk)
    data[f"questions-{index}-condition_value"] = value
    data["action-publish"] = "publish"
    response = admin_client.post(f"/admin/pages/{conditional.pk}/edit/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert conditional.questions.get(sort_order=index).condition_value != value


def test_editor_refuses_a_rating_the_scale_cannot_give(admin_client, conditional):
    data = editor_form_data(admin_client, conditional.pk)
    data["questions-1-condition_key"] = "quality"
    data["questions-2-condition_key"] = "quality"
    data["questions-2-condition_value"] = "6"
    data["action-publish"] = "publish"
    response = admin_client.post(f"/admin/pages/{conditional.pk}/edit/", data)
    assert "No answer to that question can be 6." in response.content.decode()


def test_editor_accepts_codes_in_any_case(admin_client, conditional):
    data = editor_form_data(admin_client, conditional.pk)
    data["questions-1-condition_value"] = "No"
    data["questions-3-condition_value"] = "WALK"
    data["action-publish"] = "publish"
    response = admin_client.post(f"/admin/pages/{conditional.pk}/edit/", data)
    assert response.status_code == 302
    assert conditional.questions.get(key="route").condition_value == "WALK"


def test_dependent_questions_start_hidden_and_disabled(client, conditional):
    html = client.get(conditional.url).content.decode()
    for key in ("quality", "route", "school"):
        div = question_div(html, pk(conditional, key))
        assert div.endswith(" hidden>")
        assert f'data-question="{pk(conditional, key)}"' in div
    assert not question_div(html, pk(conditional, "used")).endswith(" hidden>")
    assert re.search(rf'name="q{pk(conditional, "route")}"[^>]*disabled', html)
    assert asked_value(html) == ""
    assert "surveys/js/conditions.js" in html


def test_without_javascript_a_question_that_comes_to_apply_is_asked_first(
    client, conditional
):
    used, quality = pk(conditional, "used"), pk(conditional, "quality")
    response = client.post(conditional.url, {f"q{used}": "1", "asked": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert (
        "Because of your answer to question 1, question 2 now applies to you. "
        "Answer it, then send your answers again." in html
    )
    assert not question_div(html, quality).endswith(" hidden>")
    assert asked_value(html) == str(quality)

    response = client.post(
        conditional.url, {f"q{used}": "1", f"q{quality}": "4", "asked": str(quality)}
    )
    assert response.status_code == 302
    assert response["Location"] == conditional.url + "thanks/"
    stored = Answer.objects.filter(response__survey=conditional)
    assert sorted(stored.values_list("question__key", "number")) == [
        ("quality", 4),
        ("used", 1),
    ]


def test_an_answer_that_no_longer_applies_is_not_dropped_silently(client, conditional):
    bus, route = pk(conditional, "bus"), pk(conditional, "route")
    walk = choice_pk(conditional, "bus", "walk")
    data = {f"q{bus}": str(walk), f"q{route}": "Route 7", "asked": str(route)}
    response = client.post(conditional.url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert (
        "Your answer to question 4 was left out: it is only for people who "
        "answered “Bus” to question 3. Send your answers again to go on "
        "without it." in html
    )
    assert question_div(html, route).endswith(" hidden>")
    assert asked_value(html) == ""

    # Sent again from that page: the hidden question's input is disabled, so the
    # browser leaves it out.
    response = client.post(conditional.url, {f"q{bus}": str(walk), "asked": ""})
    assert response.status_code == 302
    assert list(
        Answer.objects.filter(response__survey=conditional).values_list(
            "question__key", flat=True
        )
    ) == ["bus"]


def test_a_number_condition_compares_numbers(client, conditional):
    age, school = pk(conditional, "age"), pk(conditional, "school")
    response = client.post(conditional.url, {f"q{age}": "16.0", "asked": ""})
    assert response.status_code == 200
    assert not question_div(response.content.decode(), school).endswith(" hidden>")
    response = client.post(conditional.url, {f"q{age}": "17", "asked": ""})
    assert response.status_code == 302
    assert list(
        Answer.objects.filter(response__survey=conditional).values_list(
            "question__key", flat=True
        )
    ) == ["age"]


def test_a_filled_honeypot_is_explained_where_people_look(client, survey):
    question = survey.questions.get(key="pick")
    data = {f"q{question.pk}": str(question.choices.get(code="agree").pk)}
    response = client.post(survey.url, {**data, "website": "http://spam.example"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert (
        "Your answers were not sent: a hidden anti-spam box was filled in, "
        "perhaps by your browser. Please send them again." in html
    )
    assert re.search(r'<input type="text" name="website"(?![^>]*value=)', html)
    assert client.post(survey.url, {**data, "website": ""}).status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.parametrize("junk", ["abc", "12", "8fda3647-d6b3-4336-8594-c6db6baa10f2"])
def test_free_text_screen_turns_away_junk_answer_ids(admin_client, survey, junk):
    add_responses(survey, 5, {"long": "Kind officer."})
    url = f"/admin/surveys/{survey.pk}/answers/"
    response = admin_client.post(url, {"answer": junk, "approved": "on"})
    assert response.status_code == 400
    assert (
        "That answer was not found, so nothing was saved. Reload the page and "
        "try again." in response.content.decode()
    )
    assert not Answer.objects.filter(approved=True).exists()


def test_paper_entry_with_junk_answers_shows_errors(admin_client, survey):
    url = f"/admin/surveys/{survey.pk}/paper/"
    data = {"paper_language": "en", "paper_date": "2026-11-02", "asked": ""}
    for key in ("pick", "many", "scale", "yn", "age"):
        data[f"q{pk(survey, key)}"] = "abc"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The response was not saved; see the errors below." in (
        response.content.decode()
    )
    assert Response.objects.count() == 0


@pytest.mark.parametrize("junk", ["NaN", "sNaN", "1e999999999", "Infinity"])
def test_junk_numbers_behind_a_condition_are_form_errors(client, conditional, junk):
    age, school = pk(conditional, "age"), pk(conditional, "school")
    response = client.post(conditional.url, {f"q{age}": junk, "asked": ""})
    assert response.status_code == 200
    assert question_div(response.content.decode(), school).endswith(" hidden>")
    assert Response.objects.count() == 0
