"""The arithmetic attacks of the privacy issue, each tried against the site."""

import datetime
import json
import re

import pytest
from django.utils import translation

from surveys.results import REFUSALS
from tests.factories.surveys import add_responses, make_survey

from .auditor import QUESTIONS, Model

pytestmark = pytest.mark.django_db

HIDDEN_GROUP = (
    "No results are shown for this choice: it has fewer than 5 responses, or "
    "showing it would let a smaller group be worked out from the other figures."
)


@pytest.fixture
def survey(survey_index):
    return make_survey(survey_index, QUESTIONS, results_public=True)


def get_json(client, survey, query=""):
    return json.loads(
        client.get(f"/en/survey-data/{survey.pk}/results.json?{query}").content
    )


def question(data, key):
    found = next(q for q in data["questions"] if q["key"] == key)
    return found, {a["code"]: a["count"] for a in found["answers"]}


def test_bus_five_car_fewer_than_five_walk_zero(survey, client):
    """'Answered by 7: bus 5, car fewer than 5, walk 0' gave car = 2."""
    add_responses(survey, 5, {"mode": "bus"})
    add_responses(survey, 2, {"mode": "car"})
    data = get_json(client, survey)
    mode, counts = question(data, "mode")
    assert mode["answered"] == 7
    assert counts == {"bus": None, "car": None, "walk": 0}
    html = client.get(survey.url + "results/").content.decode()
    assert html.count('<td colspan="2">not shown</td>') == 2
    assert "fewer than 5</td>" not in html
    # Bus and car are both hidden and only known to be at least 1 each.
    model = Model([("en",)])
    everyone = [("en",)]
    model.add(model.size(everyone), 7, 7)
    model.add(model.answered(everyone, "mode"), 7, 7)
    model.add(model.count(everyone, "mode", "walk"), 0, 0)
    for code in ("bus", "car"):
        model.add(model.count(everyone, "mode", code), 1, float("inf"))
    assert model.span(model.count(everyone, "mode", "car")) == (1, 6)


def test_total_minus_the_language_totals(survey, client):
    """The survey total minus the visible languages gave the Korean group."""
    add_responses(survey, 20, {"mode": "bus"}, language="en")
    add_responses(survey, 8, {"mode": "bus"}, language="es")
    add_responses(survey, 2, {"mode": "bus"}, language="ko")
    assert get_json(client, survey)["responses"] == 30
    shown = {}
    for code in ("en", "es", "zh-hans", "vi", "ar", "ko"):
        shown[code] = get_json(client, survey, f"language={code}")["responses"]
    # Spanish, the next smallest, is withheld with Korean: 30 - 20 = 10 is both.
    assert shown == {"en": 20, "es": None, "zh-hans": 0, "vi": 0, "ar": 0, "ko": None}
    for code in ("ko", "es"):
        response = client.get(f"{survey.url}results/?language={code}")
        assert response.status_code == 200
        assert HIDDEN_GROUP in response.content.decode()
    english = get_json(client, survey, "language=en")
    assert question(english, "mode")[1] == {"bus": 20, "car": 0, "walk": 0}


def test_n_and_a_two_decimal_mean(survey, client):
    """n = 14 and a mean of 2.86 gave the hidden counts 3 (at 1) and 1 (at 5)."""
    add_responses(survey, 10, {"trust": 3})
    add_responses(survey, 3, {"trust": 1})
    add_responses(survey, 1, {"trust": 5})
    trust, counts = question(get_json(client, survey), "trust")
    assert trust["answered"] == 14
    # 1 and 5 add up to 4, still small: the 10 at 3 is hidden with them.
    assert counts == {"1": None, "2": 0, "3": None, "4": 0, "5": None}
    assert trust["mean"] is None
    html = client.get(survey.url + "results/").content.decode()
    assert "Mean:" not in html and "2.86" not in html
    trend = client.get("/en/survey-trends/trust/").content.decode()
    assert re.search(r"<td>14</td>\s*<td>–</td>", trend)
    assert "<polyline" not in trend
    # Once every count is large enough, the mean is shown again.
    add_responses(survey, 2, {"trust": 1})
    add_responses(survey, 4, {"trust": 5})
    trust, counts = question(get_json(client, survey), "trust")
    assert counts == {"1": 5, "2": 0, "3": 10, "4": 0, "5": 5}
    assert trust["mean"] == pytest.approx(3)


def test_date_range_subtraction(survey, client):
    """Date ranges gave per-day counts by subtraction."""
    for day, count in [((3, 3), 6), ((3, 20), 2), ((4, 10), 7), ((5, 5), 6)]:
        add_responses(survey, count, {"mode": "bus"}, on=datetime.date(2026, *day))
    add_responses(survey, 2, {"mode": "bus"}, on=datetime.date(2026, 6, 1))
    url = survey.url + "results/"
    months = REFUSALS["months"]
    for query in [
        "start=2026-03-01&end=2026-03-19",
        "start=2026-03-04",
        "end=2026-05-30",
    ]:
        page = client.get(f"{url}?{query}")
        assert page.status_code == 400
        assert str(months) in page.content.decode()
        assert "Answered by" not in page.content.decode()
        data = client.get(f"/en/survey-data/{survey.pk}/results.json?{query}")
        assert data.status_code == 400
        assert data.json() == {"error": str(months)}
        spreadsheet = client.get(f"/en/survey-data/{survey.pk}/results.csv?{query}")
        assert spreadsheet.status_code == 400
        assert spreadsheet.content.decode() == str(months)
    # Whole months are shown; June (2) is withheld, and so is May, the next
    # smallest, so that the total minus the other months does not give June.
    responses = {
        query: get_json(client, survey, query)["responses"]
        for query in [
            "start=2026-03-01&end=2026-03-31",
            "start=2026-03-01&end=2026-04-30",
            "start=2026-04-01&end=2026-04-30",
            "start=2026-05-01&end=2026-05-31",
            "start=2026-05-01",
            "start=2026-06-01",
            "end=2026-04-30",
        ]
    }
    assert list(responses.values()) == [8, 15, 7, None, None, None, 15]


def test_filters_one_at_a_time_in_the_readers_language(survey, client):
    add_responses(survey, 6, {"mode": "bus"}, language="es")
    url = f"{survey.url}results/?language=es&start=2026-03-01".replace("/en/", "/es/")
    response = client.get(url)
    assert response.status_code == 400
    with translation.override("es"):
        expected = str(REFUSALS["combination"])
    assert expected in response.content.decode()
    data = client.get(
        f"/es/survey-data/{survey.pk}/results.json?language=es&language=es&start="
        "2026-03-01"
    )
    assert data.status_code == 400 and data.json() == {"error": expected}


def test_a_follow_up_question_does_not_count_a_hidden_answer(survey_index, client):
    """'Do you park?' is asked only of drivers: its number who answered would be
    the hidden number of drivers."""
    follow_up = {
        "key": "park",
        "kind": "yes_no",
        "text": "Do you park near the station?",
        "condition_key": "mode",
        "condition_value": "car",
    }
    survey = make_survey(survey_index, [QUESTIONS[0], follow_up], results_public=True)
    add_responses(survey, 3, {"mode": "bus"})
    add_responses(survey, 7, {"mode": "car", "park": 1})
    data = get_json(client, survey)
    mode, counts = question(data, "mode")
    assert (mode["answered"], counts) == (10, {"bus": None, "car": None, "walk": 0})
    park, counts = question(data, "park")
    assert park["answered"] is None and counts == {}
    html = client.get(survey.url + "results/").content.decode()
    assert "Not shown here, so that a small group cannot be worked out" in html
    assert "Answered by 7 people" not in html
