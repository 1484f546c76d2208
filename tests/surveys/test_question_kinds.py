"""The drop-down, matrix, ranking and date kinds: answered without JavaScript
with exact errors, stored, counted in the running totals, published with small
counts withheld, exported and checked by the page editor."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from surveys import tallies
from surveys.demo import build
from surveys.forms import SurveyForm
from surveys.models import (
    Answer,
    Choice,
    QuestionKind,
    Response,
    ResultCell,
    Source,
    SurveyPage,
)
from surveys.models.cells import ALL
from surveys.results import compute_results
from surveys.views.answering import _initial
from tests.factories.surveys import NEW_KINDS, add_responses, make_survey

from .test_results import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(survey_index):
    return make_survey(survey_index, NEW_KINDS, title="Kinds", results_public=True)


def q(survey, key):
    return survey.questions.get(key=key)


def ids(survey, key):
    return {c.code: c.pk for c in q(survey, key).choices.all()}


def matrix_data(survey, fair, listen):
    feel, rows = q(survey, "feel"), ids(survey, "feel")
    return {f"q{feel.pk}_{rows['fair']}": fair, f"q{feel.pk}_{rows['listen']}": listen}


def ranking_data(survey, patrols, lights, youth):
    order, rows = q(survey, "order"), ids(survey, "order")
    return {
        f"q{order.pk}_{rows['patrols']}": patrols,
        f"q{order.pk}_{rows['lights']}": lights,
        f"q{order.pk}_{rows['youth']}": youth,
    }


def valid_data(survey):
    return {
        f"q{q(survey, 'where').pk}": str(ids(survey, "where")["south"]),
        **matrix_data(survey, "4", "2"),
        **ranking_data(survey, "2", "1", "3"),
        f"q{q(survey, 'when').pk}": "2026-03-14",
    }


def form_for(survey, data):
    return SurveyForm(data, survey=survey, questions=survey.asked_questions())


# Answering -------------------------------------------------------------------


def test_page_asks_each_kind_without_javascript(survey, client):
    html = client.get(survey.url).content.decode()
    where, feel, order = q(survey, "where"), q(survey, "feel"), q(survey, "order")
    fair, patrols = ids(survey, "feel")["fair"], ids(survey, "order")["patrols"]
    assert f'<select name="q{where.pk}" id="id_q{where.pk}">' in html
    assert '<option value="" selected>Choose an answer</option>' in html
    # A fieldset per statement, its legend the statement, a radio per point.
    assert "<legend>Officers are fair</legend>" in html
    assert html.count(f'type="radio" name="q{feel.pk}_{fair}"') == 5
    assert "5 · Strongly agree</label>" in html
    assert f'<label for="id_q{order.pk}_{patrols}">Patrols</label>' in html
    assert (
        f'<select name="q{order.pk}_{patrols}" id="id_q{order.pk}_{patrols}">' in html
    )
    assert html.count('<option value="3">3</option>') == 3
    assert 'type="date"' in html and "For example 03/14/2026." in html
    spanish = client.get(survey.url.replace("/en/", "/es/")).content.decode()
    assert "<legend>Los agentes son justos</legend>" in spanish
    assert "Totalmente de acuerdo" in spanish  # the scale's points translated


def test_valid_response_stores_each_kind(survey, client):
    response = client.post(survey.url, valid_data(survey))
    assert response.status_code == 302
    stored = Response.objects.get()
    answers = stored.answers.select_related("question", "choice")
    by_key = {}
    for answer in answers:
        by_key.setdefault(answer.question.key, []).append(answer)
    assert [a.choice.code for a in by_key["where"]] == ["south"]
    assert sorted((a.choice.code, a.number) for a in by_key["feel"]) == [
        ("fair", 4),
        ("listen", 2),
    ]
    assert sorted((a.number, a.choice.code) for a in by_key["order"]) == [
        (1, "lights"),
        (2, "patrols"),
        (3, "youth"),
    ]
    [when] = by_key["when"]
    assert when.text == "2026-03-14" and when.number == Decimal(202603)
    assert when.choice is None


def test_leaving_the_new_kinds_blank_stores_no_answer(survey, client):
    where = q(survey, "where")
    data = {f"q{where.pk}": str(ids(survey, "where")["north"])}
    data |= matrix_data(survey, "", "") | ranking_data(survey, "", "", "")
    assert client.post(survey.url, data).status_code == 302
    assert [a.question.key for a in Answer.objects.select_related("question")] == [
        "where"
    ]


@pytest.mark.parametrize(
    ("key", "change", "message"),
    [
        (
            "where",
            lambda s: {f"q{q(s, 'where').pk}": ""},
            "Please answer this question.",
        ),
        (
            "where",
            lambda s: {f"q{q(s, 'where').pk}": "999999"},
            "Select a valid choice. 999999 is not one of the available choices.",
        ),
        (
            "feel",
            lambda s: matrix_data(s, "4", ""),
            "Answer every statement, or leave them all blank.",
        ),
        (
            "feel",
            lambda s: matrix_data(s, "4", "9"),
            "Choose one of the points of the scale for each statement.",
        ),
        (
            "order",
            lambda s: ranking_data(s, "1", "1", "3"),
            "Give each choice a different rank, from 1 to 3.",
        ),
        (
            "order",
            lambda s: ranking_data(s, "1", "", "2"),
            "Rank every choice, or leave them all blank.",
        ),
        (
            "order",
            lambda s: ranking_data(s, "1", "2", "4"),
            "Rank every choice, or leave them all blank.",
        ),
        (
            "when",
            lambda s: {f"q{q(s, 'when').pk}": "next tuesday"},
            "Enter a date, for example 03/14/2026.",
        ),
        (
            "when",
            lambda s: {f"q{q(s, 'when').pk}": "14/03/2026"},  # no 14th month
            "Enter a date, for example 03/14/2026.",
        ),
        (
            "when",
            lambda s: {f"q{q(s, 'when').pk}": "1850-01-01"},
            "Give a date between the years 1900 and 2100.",
        ),
    ],
)
def test_each_error_is_exact_and_nothing_is_stored(
    survey, client, key, change, message
):
    data = valid_data(survey) | change(survey)
    form = form_for(survey, data)
    assert not form.is_valid()
    assert form.errors[f"q{q(survey, key).pk}"] == [message]
    response = client.post(survey.url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_bad_ranking_comes_back_as_given(survey, client):
    data = valid_data(survey) | ranking_data(survey, "1", "1", "3")
    html = client.post(survey.url, data).content.decode()
    assert html.count('<option value="1" selected>1</option>') == 2
    assert '<option value="3" selected>3</option>' in html


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "3/14/2026"),
        ("es", "14/03/2026"),
        ("vi", "14-03-2026"),
        ("ko", "2026. 3. 14."),
        ("zh-hans", "2026年3月14日"),
        ("ar", "١٤/٠٣/٢٠٢٦"),
        ("ar", "2026-03-14"),  # what the browser's date control sends
    ],
)
def test_dates_typed_the_readers_way_are_understood(survey, language, typed):
    with translation.override(language):
        form = form_for(
            survey, valid_data(survey) | {f"q{q(survey, 'when').pk}": typed}
        )
        assert form.is_valid(), form.errors
    [row] = [row for row in form.answers if row["question"].key == "when"]
    assert row["number"] == Decimal(202603) and row["text"] == "2026-03-14"


def test_date_error_shows_the_readers_way_of_writing_dates(survey):
    with translation.override("es"):
        form = form_for(survey, valid_data(survey) | {f"q{q(survey, 'when').pk}": "x"})
        assert not form.is_valid()
        assert "14/03/2026" in form.errors[f"q{q(survey, 'when').pk}"][0]


def test_drop_down_other_answer(survey):
    where = q(survey, "where")
    data = valid_data(survey) | {f"q{where.pk}": "other", f"q{where.pk}_other": "East"}
    form = form_for(survey, data)
    assert form.is_valid(), form.errors
    assert [row.get("text") for row in form.answers if row["question"] == where] == [
        "East"
    ]
    data[f"q{where.pk}"] = str(ids(survey, "where")["north"])
    form = form_for(survey, data)
    assert not form.is_valid()
    assert form.errors[f"q{where.pk}_other"] == [
        "Choose “Other” to give your own answer, or clear this box."
    ]


def test_earlier_answers_fill_the_form_again(survey, client):
    client.post(survey.url, valid_data(survey))
    initial = _initial(Response.objects.get(), SurveyForm)
    fair, listen = ids(survey, "feel")["fair"], ids(survey, "feel")["listen"]
    assert initial[f"q{q(survey, 'feel').pk}"] == {fair: 4, listen: 2}
    assert initial[f"q{q(survey, 'when').pk}"] == datetime.date(2026, 3, 14)
    form = SurveyForm(
        survey=survey, questions=survey.asked_questions(), initial=initial
    )
    html = str(form[f"q{q(survey, 'feel').pk}"])
    assert f'value="4" id="id_q{q(survey, "feel").pk}_{fair}_3" checked' in html


def test_paper_entry_takes_the_new_kinds(admin_client, survey):
    data = valid_data(survey) | {"paper_language": "es", "paper_date": "2026-05-12"}
    response = admin_client.post(f"/admin/surveys/{survey.pk}/paper/", data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.source == Source.PAPER and stored.answers.count() == 7
    bad = data | ranking_data(survey, "2", "2", "2")
    response = admin_client.post(f"/admin/surveys/{survey.pk}/paper/", bad)
    assert (
        "Give each choice a different rank, from 1 to 3." in response.content.decode()
    )
    assert Response.objects.count() == 1


# Running totals --------------------------------------------------------------


def test_totals_equal_a_recount(survey, client):
    client.post(survey.url, valid_data(survey))
    add_responses(
        survey,
        3,
        {
            "where": "north",
            "feel": {"fair": 5, "listen": 5},
            "order": ["youth", "lights", "patrols"],
            "when": datetime.date(2026, 4, 2),
        },
        language="es",
    )
    assert tallies.differences(survey.pk) == []
    call_command("rebuild_survey_results", "--check", survey=survey.pk)
    figures = tallies.stored([survey.pk], totals=True)[survey.pk]
    total = sum(figures.values(), start=Counter())
    feel, order = q(survey, "feel").pk, q(survey, "order").pk
    assert total[("point", feel, ids(survey, "feel")["fair"], 5)] == 3
    assert total[("point", order, ids(survey, "order")["youth"], 1)] == 3
    assert total[("count", q(survey, "when").pk, Decimal(202604))] == 3
    # A wrong matrix total is caught by the check.
    cell = ResultCell.objects.exclude(forum_pk=ALL).get(language="es")
    cell.figures = {k: v for k, v in cell.figures.items() if not k.startswith("point")}
    cell.save()
    with pytest.raises(CommandError):
        call_command("rebuild_survey_results", "--check", survey=survey.pk)
    call_command("rebuild_survey_results", survey=survey.pk)
    assert tallies.differences(survey.pk) == []


# Results ---------------------------------------------------------------------


def item(results, key):
    return next(i for i in results.questions if i.question.key == key)


def rows(results, key):
    return {row.code: row for row in item(results, key).rows}


def statement(results, code):
    return next(s for s in item(results, "feel").statements if s.code == code)


def answer(where, fair, listen, order, when):
    return {
        "where": where,
        "feel": {"fair": fair, "listen": listen},
        "order": order,
        "when": when,
    }


MARCH, APRIL = datetime.date(2026, 3, 2), datetime.date(2026, 4, 20)


def test_results_of_each_kind(survey):
    add_responses(
        survey, 6, answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    )
    add_responses(
        survey, 6, answer("south", 1, 4, ["lights", "patrols", "youth"], APRIL)
    )
    results = compute_results(survey)
    where = rows(results, "where")
    assert (where["north"].count, where["south"].count, where["other"].count) == (
        6,
        6,
        0,
    )
    assert where["north"].share == 0.5
    fair, listen = statement(results, "fair"), statement(results, "listen")
    assert fair.label == "Officers are fair" and fair.answered == 12
    assert [(r.code, r.count) for r in fair.rows] == [
        ("1", 6),
        ("2", 0),
        ("3", 0),
        ("4", 0),
        ("5", 6),
    ]
    assert fair.rows[0].label == "1 · Strongly disagree"
    assert fair.mean == 3 and listen.mean == 4
    order = rows(results, "order")
    assert [(r.count, r.mean) for r in order.values()] == [(6, 1.5), (6, 1.5), (0, 3)]
    when = rows(results, "when")
    assert [(r.code, r.label, r.count) for r in when.values()] == [
        ("2026-03", "March 2026", 6),
        ("2026-04", "April 2026", 6),
    ]
    with translation.override("es"):
        assert rows(compute_results(survey), "when")["2026-03"].label == "marzo de 2026"


def test_small_counts_and_their_complements_are_withheld(survey):
    add_responses(
        survey, 10, answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    )
    add_responses(
        survey, 3, answer("south", 1, 4, ["lights", "patrols", "youth"], APRIL)
    )
    results = compute_results(survey)
    # 13 answered: showing the 10 would give away the 3.
    assert {code: r.count for code, r in rows(results, "where").items()} == {
        "north": None,
        "south": None,
        "other": 0,
    }
    fair = statement(results, "fair")
    assert fair.answered == 13 and fair.mean is None
    assert [r.count for r in fair.rows] == [None, 0, 0, 0, None]
    listen = statement(results, "listen")
    assert [r.count for r in listen.rows] == [0, 0, 0, 13, 0] and listen.mean == 4
    order = rows(results, "order")
    assert [(r.count, r.mean) for r in order.values()] == [
        (None, None),
        (None, None),
        (0, None),
    ]
    assert [r.count for r in rows(results, "when").values()] == [None, None]


def test_matrix_statement_complement_is_the_next_smallest(survey):
    add_responses(
        survey, 7, answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    )
    add_responses(
        survey, 6, answer("north", 4, 4, ["patrols", "lights", "youth"], MARCH)
    )
    add_responses(
        survey, 2, answer("north", 1, 4, ["patrols", "lights", "youth"], MARCH)
    )
    fair = statement(compute_results(survey), "fair")
    assert [r.count for r in fair.rows] == [None, 0, 0, None, 7]
    assert fair.mean is None


def test_small_statement_is_withheld_whole(survey):
    """A statement added after 10 people answered, rated by 2 since."""
    feel = q(survey, "feel")
    add_responses(survey, 10, {"feel": {"fair": 5, "listen": 4}})
    new = Choice.objects.create(
        question=feel, code="polite", label_en="Officers are polite", sort_order=3
    )
    add_responses(survey, 2, {"feel": {"fair": 5, "listen": 4, "polite": 3}})
    polite = statement(compute_results(survey), "polite")
    assert polite.answered is None and polite.rows == [] and new.pk


def test_ranking_means_wait_until_no_place_is_small(survey):
    add_responses(
        survey, 6, answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    )
    add_responses(
        survey, 6, answer("north", 5, 4, ["lights", "patrols", "youth"], MARCH)
    )
    add_responses(
        survey, 2, answer("north", 5, 4, ["patrols", "youth", "lights"], MARCH)
    )
    order = rows(compute_results(survey), "order")
    # Firsts 8, 6, 0 are all shown; two people put youth second, so no mean is.
    assert [(r.count, r.mean) for r in order.values()] == [
        (8, None),
        (6, None),
        (0, None),
    ]
    add_responses(
        survey, 3, answer("north", 5, 4, ["patrols", "youth", "lights"], MARCH)
    )
    order = rows(compute_results(survey), "order")
    assert [round(r.mean, 4) for r in order.values()] == [1.3529, 1.9412, 2.7059]


def test_breakdowns_show_the_new_kinds_only_when_nothing_is_small(survey):
    for language in ("en", "es"):
        add_responses(
            survey,
            10,
            answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH),
            language=language,
        )
    spanish = compute_results(survey, {"language": "es"})
    assert statement(spanish, "fair").rows[4].count == 10
    assert rows(spanish, "order")["patrols"].mean == 1
    add_responses(
        survey, 5, answer("south", 1, 4, ["youth", "lights", "patrols"], APRIL), "vi"
    )
    add_responses(
        survey, 2, answer("south", 2, 4, ["lights", "youth", "patrols"], APRIL)
    )
    spanish = compute_results(survey, {"language": "es"})
    for key in ("where", "feel", "order", "when"):
        assert item(spanish, key).withheld, key


def test_results_page_shows_statements_and_ranks(survey, client):
    add_responses(
        survey, 6, answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    )
    html = client.get(survey.url + "results/").content.decode()
    fair = "Officers are fair"
    assert f'<h3 id="statement-{q(survey, "feel").pk}-1">{fair}</h3>' in html
    assert "Mean: 5.00." in html and "Mean: 4.00." in html
    assert '<th scope="col">Ranked first</th>' in html
    assert '<th scope="col">Mean rank</th>' in html and "<td>1.00</td>" in html
    assert '<th scope="row">March 2026</th>' in html


def test_results_page_queries_do_not_grow_with_the_new_kinds(survey, client):
    url = survey.url + "results/"
    given = answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    add_responses(survey, 5, given)
    client.get(url)
    small = count_queries(client, url)
    add_responses(survey, 300, given, "es")
    add_responses(
        survey, 40, answer("south", 2, 1, ["youth", "lights", "patrols"], APRIL)
    )
    assert count_queries(client, url) == small


def test_a_date_is_never_offered_or_published_as_a_quote(survey_index, admin_client):
    said = {"key": "said", "kind": QuestionKind.LONG_TEXT, "text": "Tell us"}
    survey = make_survey(survey_index, [*NEW_KINDS, said], results_public=True)
    add_responses(
        survey, 5, answer("north", 5, 4, ["patrols", "lights", "youth"], MARCH)
    )
    add_responses(survey, 1, {"where": "Under the 5th Street bridge"})
    url = f"/admin/surveys/{survey.pk}/answers/"
    html = admin_client.get(url).content.decode()
    assert "Under the 5th Street bridge" in html and "2026-03-02" not in html
    # Even if approved some other way, the day is not quoted.
    Answer.objects.filter(text="2026-03-02").update(approved=True)
    Answer.objects.filter(text__startswith="Under").update(approved=True)
    html = admin_client.get(survey.url + "results/").content.decode()
    assert "Under the 5th Street bridge" in html and "2026-03-02" not in html


def test_demo_feedback_survey_has_a_matrix_and_a_drop_down(home):
    build(home)
    feedback = SurveyPage.objects.get(slug="forum-feedback")
    kinds = dict(feedback.questions.values_list("key", "kind"))
    assert kinds["forum-statements"] == "matrix" and kinds["heard-from"] == "dropdown"
    call_command("rebuild_survey_results", "--check", survey=feedback.pk)
    results = compute_results(feedback)
    statements = item(results, "forum-statements").statements
    assert [s.answered for s in statements] == [24, 24]
    assert item(results, "heard-from").answered == 24
