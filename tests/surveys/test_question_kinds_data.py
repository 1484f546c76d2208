"""The drop-down, matrix, ranking and date kinds in exports (formula-safe) and
open data, and the page editor's checks of them."""

import csv
import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from surveys.models import Choice, QuestionKind
from tests.factories.engage import UserFactory
from tests.factories.surveys import NEW_KINDS, add_responses, make_survey

from .test_admin import edit_data

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 2)


@pytest.fixture
def survey(survey_index):
    return make_survey(survey_index, NEW_KINDS, title="Kinds", results_public=True)


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def given(where="north", fair=5, listen=4, order=("patrols", "lights", "youth")):
    return {
        "where": where,
        "feel": {"fair": fair, "listen": listen},
        "order": list(order),
        "when": MARCH,
    }


def read_csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_response_export_has_a_column_per_statement_and_ranked_choice(
    survey, staff_client
):
    Choice.objects.filter(code="north").update(label_en="=HYPERLINK(1)")
    add_responses(survey, 5, given(fair=2))
    add_responses(
        survey, 1, given(where="@SUM(1)", order=("youth", "lights", "patrols"))
    )
    response = staff_client.get(f"/admin/surveys/{survey.pk}/responses.csv")
    rows = read_csv(response)
    assert list(rows[0])[6:] == [
        "where",
        "where_label",
        "where_other",
        "feel_fair",
        "feel_fair_label",
        "feel_listen",
        "feel_listen_label",
        "order_patrols",
        "order_lights",
        "order_youth",
        "when",
    ]
    picked = next(row for row in rows if row["where"] == "north")
    assert picked["where_label"] == "'=HYPERLINK(1)"  # defused
    assert (picked["feel_fair"], picked["feel_fair_label"]) == ("2", "2 · Disagree")
    assert (picked["order_patrols"], picked["order_youth"]) == ("1", "3")
    assert picked["when"] == "2026-03-02"
    other = next(row for row in rows if row["where_other"])
    assert other["where_other"] == "'@SUM(1)" and other["order_youth"] == "1"


def test_xlsx_export_of_the_new_kinds(survey, staff_client):
    add_responses(survey, 5, given(where="=1+1"))
    response = staff_client.get(f"/admin/surveys/{survey.pk}/responses.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.values)
    record = dict(zip(values[0], values[1], strict=True))
    assert record["where_other"] == "'=1+1"
    assert record["feel_fair"] == 5 and record["feel_listen_label"] == "4 · Agree"
    assert record["order_lights"] == 2 and record["when"] == "2026-03-02"


def test_open_data_json_and_csv(survey, client):
    add_responses(survey, 10, given())
    add_responses(survey, 3, given(where="south", fair=1))
    data = json.loads(client.get(f"/en/survey-data/{survey.pk}/results.json").content)
    questions = {question["key"]: question for question in data["questions"]}
    assert [a["count"] for a in questions["where"]["answers"]] == [None, None, 0]
    fair, listen = questions["feel"]["statements"]
    assert fair == {
        "code": "fair",
        "label": "Officers are fair",
        "answered": 13,
        "mean": None,
        "answers": [
            {
                "code": "1",
                "label": "1 · Strongly disagree",
                "count": None,
                "share": None,
            },
            {"code": "2", "label": "2 · Disagree", "count": 0, "share": 0.0},
            {
                "code": "3",
                "label": "3 · Neither agree nor disagree",
                "count": 0,
                "share": 0.0,
            },
            {"code": "4", "label": "4 · Agree", "count": 0, "share": 0.0},
            {"code": "5", "label": "5 · Strongly agree", "count": None, "share": None},
        ],
    }
    assert listen["mean"] == 4 and listen["answers"][3]["count"] == 13
    assert questions["feel"]["answers"] == []
    assert [a["count"] for a in questions["order"]["answers"]] == [13, 0, 0]
    assert [a["mean_rank"] for a in questions["order"]["answers"]] == [1, 2, 3]
    assert questions["when"]["answers"] == [
        {"code": "2026-03", "label": "March 2026", "count": 13, "share": 1.0}
    ]
    text = client.get(f"/en/survey-data/{survey.pk}/results.csv").content.decode()
    lines = list(csv.DictReader(io.StringIO(text)))
    feel = [line for line in lines if line["question"] == "feel"]
    hidden = "suppressed (protects groups under 5)"
    assert [(line["answer"], line["answered"], line["count"]) for line in feel] == [
        ("", "13", ""),
        ("fair.1", "13", hidden),
        ("fair.2", "13", "0"),
        ("fair.3", "13", "0"),
        ("fair.4", "13", "0"),
        ("fair.5", "13", hidden),
        ("listen.1", "13", "0"),
        ("listen.2", "13", "0"),
        ("listen.3", "13", "0"),
        ("listen.4", "13", "13"),
        ("listen.5", "13", "0"),
    ]
    assert feel[9]["mean"] == "4.0"
    order = [line for line in lines if line["question"] == "order"]
    assert [(line["answer"], line["count"], line["mean"]) for line in order] == [
        ("patrols", "13", "1.0"),
        ("lights", "0", "2.0"),
        ("youth", "0", "3.0"),
    ]


def test_open_data_of_a_small_survey_shows_nothing(survey, client):
    add_responses(survey, 4, given())
    data = json.loads(client.get(f"/en/survey-data/{survey.pk}/results.json").content)
    assert data["suppressed"] and data["questions"] == []


# The page editor --------------------------------------------------------------


def edit(admin_client, survey, **kwargs):
    return admin_client.post(
        f"/admin/pages/{survey.pk}/edit/", edit_data(survey, **kwargs)
    )


def test_editor_saves_the_new_kinds(admin_client, survey):
    response = edit(admin_client, survey)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_editor_wants_two_choices_or_statements(admin_client, survey_index):
    one = [("only", "Only")]
    survey = make_survey(
        survey_index,
        [
            {"key": "d", "kind": QuestionKind.DROPDOWN, "choices": one},
            {"key": "m", "kind": QuestionKind.MATRIX, "choices": one},
            {"key": "r", "kind": QuestionKind.RANKING, "choices": one},
        ],
    )
    html = edit(admin_client, survey).content.decode()
    assert "A drop-down list needs at least two choices." in html
    assert "A matrix question needs at least two statements." in html
    assert "A ranking question needs at least two choices." in html


def test_answered_statement_cannot_be_deleted(admin_client, survey):
    add_responses(survey, 1, given())
    html = edit(admin_client, survey, drop_choice="listen").content.decode()
    assert "The choice “Officers listen” has answers, so it cannot be deleted." in html
    assert Choice.objects.filter(code="listen").exists()


@pytest.mark.parametrize("kind", ["matrix", "ranking", "date"])
def test_new_kinds_cannot_decide_a_condition(admin_client, survey_index, kind):
    choices = [("a", "A"), ("b", "B")]
    survey = make_survey(
        survey_index,
        [
            {"key": "source", "kind": kind, "choices": choices},
            {
                "key": "later",
                "kind": QuestionKind.SHORT_TEXT,
                "condition_key": "source",
                "condition_value": "a",
            },
        ],
    )
    html = edit(admin_client, survey).content.decode()
    assert (
        "Answers to that kind of question cannot decide whether another question "
        "is asked." in html
    )
