"""Results totals: kept by every path that writes or deletes responses, equal to
a recount of the answers, checked and repaired by ``rebuild_survey_results``,
and read by the results page in as many queries at 200 responses as at 10."""

import datetime
import importlib
import json
import random
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engage.models import Area
from surveys import results, services, tallies
from surveys.models import (
    Answer,
    Audience,
    QuestionKind,
    Response,
    ResultCell,
    Source,
)
from surveys.privacy import erase_personal_data
from tests.factories.engage import UserFactory
from tests.factories.forums import make_past_forum
from tests.factories.surveys import ALL_KINDS, add_responses, make_survey

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es", "vi", "zh-hans"]


def answer_rows(survey, values):
    """Answer rows as the forms give them: a choice code, a number or text."""
    questions = {q.key: q for q in survey.questions.prefetch_related("choices")}
    rows = []
    for key, value in values.items():
        question = questions[key]
        for item in value if isinstance(value, list) else [value]:
            choice = next((c for c in question.choices.all() if c.code == item), None)
            if choice is not None:
                rows.append({"question": question, "choice": choice})
            elif isinstance(item, str):
                rows.append({"question": question, "text": item})
            else:
                rows.append({"question": question, "number": Decimal(str(item))})
    return rows


def random_values(rng):
    """Some questions skipped, "other" texts, decimals and zeros."""
    values = {
        "pick": rng.choice(["agree", "disagree"]),
        "many": rng.sample(["a", "b", "c", "Bikes"], rng.randint(1, 2)),
        "scale": rng.randint(1, 7),
        "rating": rng.randint(1, 10),
        "yn": rng.choice([0, 1]),
        "age": rng.choice([16, 33.5, 47.25, 120]),
        "short": "Ana",
        "long": "More lights.",
    }
    return {k: v for k, v in values.items() if k == "pick" or rng.random() < 0.8}


@pytest.fixture
def places(home):
    north = Area.objects.create(name="North", slug="north")
    south = Area.objects.create(name="South", slug="south")
    forums = [make_past_forum(home, title=t) for t in ("East forum", "West forum")]
    return {"areas": [north, south, None], "forums": [*forums, None]}


def fill(survey, places, count=40, seed=7):
    """Web and paper responses in four languages, three areas, two forums and
    the months of the last quarter, through the services as people send them."""
    rng = random.Random(seed)  # noqa: S311 - test data
    today = timezone.localdate()
    for _i in range(count):
        paper = rng.random() < 0.5
        services.submit_response(
            survey,
            answer_rows(survey, random_values(rng)),
            language=rng.choice(LANGUAGES),
            source=Source.PAPER if paper else Source.WEB,
            area=rng.choice(places["areas"]),
            forum=rng.choice(places["forums"]) if paper else None,
            on_date=today - datetime.timedelta(days=rng.randint(0, 80))
            if paper
            else None,
        )


def assert_true_to_answers(survey):
    assert tallies.differences(survey.pk) == []
    counted = {k: v for k, v in tallies.recount(survey.pk).items() if +v}
    assert tallies.stored([survey.pk])[survey.pk] == counted
    # The totals the unfiltered results read are what the cells add up to.
    by_language_and_month = defaultdict(Counter)
    for cell, figures in results.count_cells(survey).items():
        by_language_and_month[cell[0], cell[3]].update(figures)
    assert {
        (cell[0], cell[3]): figures
        for cell, figures in results.count_totals(survey).items()
    } == by_language_and_month


def total(survey):
    return results.add_up(results.count_cells(survey))["n"]


@pytest.mark.parametrize("anonymous", [True, False])
def test_totals_equal_a_recount_and_publish_the_same_results(
    survey_index, places, monkeypatch, anonymous
):
    survey = make_survey(survey_index, ALL_KINDS, ask_area=True, anonymous=anonymous)
    fill(survey, places)
    add_responses(survey, 6, {"pick": "agree", "age": 40}, language="es")
    assert_true_to_answers(survey)
    assert total(survey) == Response.objects.filter(survey=survey).count() == 46
    views = [
        {},
        {"language": "es"},
        {"forum": places["forums"][0]},
        {"area": places["areas"][0]},
        {"start": timezone.localdate().replace(day=1)},
    ]
    published = [results.compute_results(survey, view) for view in views]

    def recounted(totals):
        def cells(survey):
            counted = tallies.recount(survey.pk)
            return {k: v for k, v in counted.items() if tallies.is_total(k) == totals}

        return cells

    monkeypatch.setattr(results, "count_cells", recounted(False))
    monkeypatch.setattr(results, "count_totals", recounted(True))
    assert published == [results.compute_results(survey, view) for view in views]


def test_cells_keep_counts_by_month_and_nothing_of_a_response(survey, places):
    fill(survey, places, count=12)
    fields = {f.name for f in ResultCell._meta.concrete_fields}
    assert fields == {"id", "survey", "language", "forum_pk", "area_pk", "month"} | {
        "figures"
    }
    cells = list(ResultCell.objects.filter(survey=survey))
    assert cells and {cell.month.day for cell in cells} == {1}
    stored = json.dumps([cell.figures for cell in cells])
    for response in Response.objects.filter(survey=survey):
        assert str(response.pk) not in stored
        assert response.pk.hex not in stored


def test_an_anonymous_response_rewrites_its_months_cells_with_new_keys(
    survey_index, places
):
    survey = make_survey(survey_index, ALL_KINDS)
    fill(survey, places, count=10)
    month = timezone.localdate().replace(day=1)
    cells = ResultCell.objects.filter(survey=survey, month=month)
    before = set(cells.values_list("pk", flat=True))
    services.submit_response(
        survey, answer_rows(survey, {"pick": "agree"}), language="vi"
    )
    after = set(cells.values_list("pk", flat=True))
    assert len(after) >= len(before) > 1 and not before & after
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT xmin::text FROM surveys_resultcell "
                "WHERE survey_id = %s AND month = %s",
                [survey.pk, month],
            )
            assert len(cursor.fetchall()) == 1
    assert_true_to_answers(survey)


def test_a_resident_changing_their_answers_moves_their_figures(survey_index):
    survey = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.RATING, "rating_max": 5}],
        audience=Audience.RESIDENTS,
        anonymous=False,
        allow_editing=True,
    )
    user = UserFactory()
    add_responses(survey, 5, {"x": 3})
    first = services.submit_response(
        survey, answer_rows(survey, {"x": 2}), language="en", user=user
    )
    services.submit_response(
        survey,
        answer_rows(survey, {"x": 5}),
        language="es",
        user=user,
        existing=services.editable_response(survey, user),
    )
    assert Response.objects.get(pk=first.pk).language == "es"
    assert_true_to_answers(survey)
    figures = results.add_up(results.count_cells(survey))
    question = survey.questions.get().pk
    assert figures["n"] == 6 and figures[("count", question, Decimal(2))] == 0
    assert figures[("count", question, 5)] == 1


def test_deleting_responses_takes_them_out(survey, places):
    fill(survey, places, count=15)
    Response.objects.filter(survey=survey).first().delete()
    doomed = Response.objects.filter(survey=survey).order_by("pk")[:4]
    Response.objects.filter(pk__in=[r.pk for r in doomed]).delete()
    assert total(survey) == 10
    assert_true_to_answers(survey)
    Response.objects.filter(survey=survey).delete()
    assert not ResultCell.objects.filter(survey=survey).exists()


def test_a_deleted_forum_or_area_counts_under_none(survey, places):
    fill(survey, places, count=30)
    east, north = places["forums"][0], places["areas"][0]
    assert ResultCell.objects.filter(forum_pk=east.pk).exists()
    assert ResultCell.objects.filter(area_pk=north.pk).exists()
    east.delete()
    north.delete()
    assert not ResultCell.objects.filter(forum_pk=east.pk).exists()
    assert not ResultCell.objects.filter(area_pk=north.pk).exists()
    assert total(survey) == 30
    assert_true_to_answers(survey)


def test_erasing_a_residents_data_keeps_the_totals(survey_index):
    survey = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.RATING, "rating_max": 5}],
        audience=Audience.RESIDENTS,
        anonymous=False,
    )
    users = [UserFactory() for _i in range(6)]
    for number, user in enumerate(users):
        services.submit_response(
            survey, answer_rows(survey, {"x": number % 5 + 1}), language="en", user=user
        )
    before = results.count_cells(survey)
    erase_personal_data(users[0], [users[0].email])
    assert Response.objects.filter(user=users[0]).count() == 0
    assert results.count_cells(survey) == before
    assert_true_to_answers(survey)


def test_check_finds_a_tampered_cell_and_a_rebuild_repairs_it(survey, places, capsys):
    fill(survey, places, count=8)
    call_command("rebuild_survey_results", "--check")
    cell = ResultCell.objects.filter(survey=survey).first()
    cell.figures["n"] += 1
    cell.save()
    with pytest.raises(CommandError, match="1 survey"):
        call_command("rebuild_survey_results", "--check", "--survey", str(survey.pk))
    assert f"Survey {survey.pk}" in capsys.readouterr().out
    call_command("rebuild_survey_results", "--survey", str(survey.pk))
    call_command("rebuild_survey_results", "--check")
    assert total(survey) == 8
    with pytest.raises(CommandError, match="No survey"):
        call_command("rebuild_survey_results", "--survey", "999999")


def test_the_migration_counts_existing_responses(survey, places):
    fill(survey, places, count=8)
    ResultCell.objects.all().delete()
    migration = importlib.import_module("surveys.migrations.0005_count_result_cells")
    migration.count_existing(apps, None)
    assert_true_to_answers(survey)
    assert total(survey) == 8


def test_the_migration_adds_the_totals_to_cells_kept_before_them(survey, places):
    fill(survey, places, count=8)
    ResultCell.objects.filter(forum_pk=tallies.ALL).delete()
    assert not results.count_totals(survey)
    migration = importlib.import_module("surveys.migrations.0008_result_totals")
    migration.count_totals(apps, None)
    assert_true_to_answers(survey)
    assert results.add_up(results.count_totals(survey))["n"] == 8


def test_trends_read_the_totals(survey_index):
    question = {"key": "trust", "kind": QuestionKind.SCALE, "scale_points": 5}
    for month in (1, 2):
        survey = make_survey(
            survey_index,
            [question],
            results_public=True,
            opens_at=timezone.make_aware(datetime.datetime(2026, month, 1)),
        )
        add_responses(survey, 6, {"trust": month + 2})
    from surveys.trends import compute_trend

    with CaptureQueriesContext(connection) as queries:
        trend = compute_trend("trust")
    assert [point.value for point in trend.points] == [3, 4]
    sql = " ".join(query["sql"] for query in queries)
    assert "surveys_answer" not in sql and "surveys_response" not in sql


def results_queries(client, survey):
    cache.clear()  # not a page-cache hit: the whole page is computed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(survey.url + "results/")
    assert response.status_code == 200
    return queries


def test_results_page_queries_do_not_grow_with_responses(survey_index):
    survey = make_survey(survey_index, ALL_KINDS, results_public=True)
    client = Client()
    add_responses(survey, 10, {"pick": "agree", "scale": 4, "long": "Yes"})
    Answer.objects.filter(text="Yes").update(approved=True)
    results_queries(client, survey)  # what is counted once per process
    few = results_queries(client, survey)
    rng = random.Random(3)  # noqa: S311 - test data
    today = timezone.localdate()
    for _i in range(19):
        add_responses(
            survey,
            10,
            random_values(rng),
            language=rng.choice(LANGUAGES),
            on=today - datetime.timedelta(days=rng.randint(0, 60)),
        )
    many = results_queries(client, survey)
    assert total(survey) == 200
    assert len(many) == len(few)
    raw = [q["sql"] for q in many if "surveys_response" in q["sql"]]
    assert raw == []


def test_unfiltered_results_read_only_the_totals(client, survey, places, monkeypatch):
    """Whatever the number of forums and areas answers came from, the results as
    first shown add up one row per language and month, not every cell."""
    survey.results_public = True
    survey.save_revision().publish()
    fill(survey, places, count=30)
    cells = results.count_cells(survey)
    assert len(cells) > len(results.count_totals(survey))
    assert set(results.count_totals(survey)) == {tallies.total_of(c) for c in cells}

    def every_cell(survey):
        raise AssertionError("the unfiltered results read the cells by forum")

    monkeypatch.setattr(results, "count_cells", every_cell)
    response = client.get(survey.url + "results/")
    assert response.status_code == 200
    assert "<dt>Responses</dt><dd>30</dd>" in response.content.decode()


def test_a_total_changed_in_the_database_is_found_and_repaired(survey, places):
    """The totals the results page shows first are checked like every cell: an
    operator who inflates one is caught by the recount, which puts it right."""
    fill(survey, places, count=12)
    inflated = ResultCell.objects.filter(survey=survey, forum_pk=tallies.ALL).first()
    inflated.figures = {**inflated.figures, "n": inflated.figures["n"] + 100}
    inflated.save()
    with pytest.raises(CommandError):
        call_command("rebuild_survey_results", "--check", survey=survey.pk)
    call_command("rebuild_survey_results", survey=survey.pk)
    assert_true_to_answers(survey)
    assert total(survey) == 12


def test_each_survey_reads_its_own_cells_by_the_compiled_query(survey_index, places):
    """The results page reads one survey's cells by a query compiled once with
    its key (``tallies.survey_cells``): the same cells as ``stored`` reads for
    each of several surveys, its own and no other's."""
    first = make_survey(survey_index, ALL_KINDS, ask_area=True, slug="first")
    second = make_survey(survey_index, ALL_KINDS, ask_area=True, slug="second")
    fill(first, places, count=12)
    fill(second, places, count=7, seed=3)
    for totals in (True, False):
        both = tallies.stored([first.pk, second.pk], totals=totals)
        for survey in (second, first):
            cells = tallies.survey_cells(survey.pk, totals)
            assert cells == both[survey.pk]
            assert cells
    assert results.add_up(tallies.survey_cells(first.pk, False))["n"] == 12
    assert results.add_up(tallies.survey_cells(second.pk, True))["n"] == 7
