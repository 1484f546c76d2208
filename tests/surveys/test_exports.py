"""Exports stream one row per response, keep small groups out, and cost a fixed
number of queries."""

import csv
import io
import json

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from surveys import exports
from surveys.models import Choice
from tests.factories.engage import UserFactory
from tests.factories.surveys import add_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def read_csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_streams_one_row_per_response(survey, staff_client):
    add_responses(survey, 3, {"pick": "agree", "many": ["a", "Lights"], "scale": 6})
    add_responses(
        survey, 3, {"pick": "disagree", "yn": 1, "long": "=HYPERLINK()"}, language="es"
    )
    response = staff_client.get(f"/admin/surveys/{survey.pk}/responses.csv")
    assert isinstance(response, StreamingHttpResponse)
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:5] == ["response", "date", "language", "source", "area"]
    assert {
        "pick",
        "pick_label",
        "many",
        "many_label",
        "many_other",
        "scale",
        "scale_label",
        "yn",
        "yn_label",
        "long",
    } <= set(header)
    assert len(body) == 6
    by_language = {row[2] for row in body}
    assert by_language == {"en", "es"}
    spanish = next(r for r in body if r[2] == "es")
    record = dict(zip(header, spanish, strict=True))
    assert record["pick"] == "disagree"
    assert record["pick_label"] == "Disagree"  # default language, whatever was read
    assert record["yn_label"] == "Yes"
    assert record["long"] == "'=HYPERLINK()"  # no formulas in spreadsheets
    english = dict(zip(header, next(r for r in body if r[2] == "en"), strict=True))
    assert english["many"] == "a" and english["many_other"] == "Lights"
    assert english["scale"] == "6" and english["scale_label"].startswith("6 · ")
    assert english["source"] == "web"


def test_export_uses_the_choice_code_after_rewording(survey, staff_client):
    add_responses(survey, 5, {"pick": "agree"}, language="es")
    Choice.objects.filter(code="agree").update(label_en="Agree strongly")
    rows = read_csv(staff_client.get(f"/admin/surveys/{survey.pk}/responses.csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["pick"], record["pick_label"]) == ("agree", "Agree strongly")


def test_small_groups_are_left_out_of_exports(survey, staff_client):
    add_responses(survey, 6, {"pick": "agree"}, language="en")
    add_responses(survey, 2, {"pick": "agree"}, language="vi")
    url = f"/admin/surveys/{survey.pk}/responses.csv"
    assert len(read_csv(staff_client.get(url + "?language=vi"))) == 1  # header only
    assert len(read_csv(staff_client.get(url + "?language=en"))) == 7
    survey.results_public = True
    survey.save_revision().publish()
    data = json.loads(
        staff_client.get(
            f"/en/survey-data/{survey.pk}/results.json?language=vi"
        ).content
    )
    assert data["suppressed"] is True and data["questions"] == []
    data = json.loads(
        staff_client.get(f"/en/survey-data/{survey.pk}/results.json").content
    )
    assert data["responses"] == 8
    text = staff_client.get(
        f"/en/survey-data/{survey.pk}/results.csv?language=vi"
    ).content.decode()
    assert "suppressed (protects groups under 5)" in text


def test_aggregate_json_and_csv(survey, client):
    survey.results_public = True
    survey.save_revision().publish()
    add_responses(survey, 5, {"pick": "agree", "scale": 7}, language="es")
    add_responses(survey, 5, {"pick": "agree", "scale": 5}, language="en")
    add_responses(survey, 2, {"pick": "disagree"}, language="en")
    data = json.loads(client.get(f"/en/survey-data/{survey.pk}/results.json").content)
    pick = next(q for q in data["questions"] if q["key"] == "pick")
    assert pick["text"] == "Pick one"
    # 12 answered, so showing the 10 who agree would give the 2 who disagree.
    assert {a["code"]: a["count"] for a in pick["answers"]} == {
        "agree": None,
        "disagree": None,
    }
    scale = next(q for q in data["questions"] if q["key"] == "scale")
    assert scale["mean"] == pytest.approx(6)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/en/survey-data/{survey.pk}/results.csv").content.decode()
            )
        )
    )
    hidden = "suppressed (protects groups under 5)"
    assert ["pick", "Pick one", "12", "", "agree", "Agree", hidden] == rows[1][:7]


def test_aggregates_are_private_unless_published(survey, client):
    assert client.get(f"/en/survey-data/{survey.pk}/results.json").status_code == 404
    assert client.get(f"/en/survey-data/{survey.pk}/results.csv").status_code == 404


def test_response_exports_are_for_organizers_only(survey, client):
    url = f"/admin/surveys/{survey.pk}/responses.csv"
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403  # the "staff only" page
    assert "Staff only" in response.content.decode()


def test_xlsx_export(survey, staff_client):
    add_responses(survey, 5, {"pick": "agree", "age": 33, "long": "ok\x01"})
    response = staff_client.get(f"/admin/surveys/{survey.pk}/responses.xlsx")
    assert response.status_code == 200
    assert response.streaming
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = list(sheet.values)
    assert len(values) == 6
    record = dict(zip(values[0], values[1], strict=True))
    assert record["pick"] == "agree" and record["age"] == 33 and record["long"] == "ok"


def test_export_queries_do_not_grow(survey):
    def run():
        with CaptureQueriesContext(connection) as captured:
            rows = list(exports.response_rows(survey))
        return len(captured), len(rows)

    add_responses(survey, 5, {"pick": "agree", "many": ["a", "b"], "long": "x"})
    small, rows = run()
    assert rows == 6
    add_responses(survey, 600, {"pick": "disagree", "scale": 3})
    large, rows = run()
    assert rows == 606
    assert small == large <= 5
