"""Results: counted in the database, languages merged, small groups withheld."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from surveys.models import Answer, Choice, Question, QuestionKind
from surveys.results import compute_results
from surveys.trends import compute_trend
from surveys.withdrawing import withdraw_results
from tests.factories.surveys import add_responses, make_survey
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def rows(result, key):
    item = next(i for i in result.questions if i.question.key == key)
    return {row.code: row for row in item.rows}, item


def test_spanish_and_english_answers_count_together(survey):
    add_responses(survey, 6, {"pick": "agree"}, language="en")
    add_responses(survey, 4, {"pick": "agree"}, language="es")
    add_responses(survey, 5, {"pick": "disagree"}, language="es")
    result = compute_results(survey)
    counted, item = rows(result, "pick")
    assert result.total == 15
    assert item.answered == 15
    assert counted["agree"].count == 10
    assert counted["agree"].share == pytest.approx(10 / 15)
    assert counted["disagree"].count == 5


def test_rewording_a_label_keeps_the_results(survey):
    add_responses(survey, 7, {"pick": "agree"})
    before = rows(compute_results(survey), "pick")[0]["agree"].count
    agree = Choice.objects.get(code="agree")
    agree.label_en = "I agree with this"
    agree.label_es = "Estoy de acuerdo"
    agree.save()
    counted, _item = rows(compute_results(survey), "pick")
    assert counted["agree"].count == before == 7
    assert counted["agree"].label == "I agree with this"


def test_scale_mean_and_distribution(survey):
    add_responses(survey, 5, {"scale": 7, "rating": 10, "yn": 1, "age": 30})
    add_responses(survey, 5, {"scale": 3, "rating": 4, "yn": 0, "age": 50})
    result = compute_results(survey)
    scale, item = rows(result, "scale")
    assert item.mean == pytest.approx(5)
    assert [r.code for r in item.rows] == [str(v) for v in range(1, 8)]
    assert scale["7"].count == 5 and scale["1"].count == 0
    assert rows(result, "rating")[1].mean == pytest.approx(7)
    yes_no, item = rows(result, "yn")
    assert yes_no["1"].count == 5 and yes_no["0"].count == 5
    assert rows(result, "age")[1].mean == pytest.approx(40)


def test_multiple_choice_shares_are_of_respondents(survey):
    add_responses(survey, 6, {"many": ["a", "b"]})
    add_responses(survey, 6, {"many": ["a", "Street lights"]})
    counted, item = rows(compute_results(survey), "many")
    assert item.answered == 12
    assert counted["a"].share == 1
    assert counted["b"].count == 6
    assert counted["other"].count == 6


def test_fewer_than_five_is_suppressed_everywhere(survey):
    add_responses(survey, 4, {"pick": "agree"})
    result = compute_results(survey)
    assert result.suppressed and result.questions == []
    add_responses(survey, 6, {"pick": "agree"}, language="es")
    add_responses(survey, 3, {"pick": "disagree"}, language="es")
    result = compute_results(survey)
    counted, item = rows(result, "pick")
    assert item.answered == 13
    # 13 - 10 would give the 3 who disagree: the 10 is hidden with them.
    assert counted["agree"].count is None and counted["agree"].share is None
    assert counted["disagree"].count is None and counted["disagree"].share is None
    assert item.mean is None
    assert rows(result, "scale")[1].answered == 0  # nobody answered: 0 is shown
    # A language group of four is withheld entirely, and so is the next smallest
    # (English, 4), or the total minus Spanish would give it.
    add_responses(survey, 4, {"pick": "agree"}, language="vi")
    assert compute_results(survey, {"language": "vi"}).suppressed
    assert compute_results(survey, {"language": "en"}).suppressed
    spanish = compute_results(survey, {"language": "es"})
    assert spanish.total == 9
    # Spanish 6 agree / 3 disagree: "pick" is not broken down by language at all.
    item = rows(spanish, "pick")[1]
    assert item.withheld and item.answered is None and item.rows == []


def test_date_filters_cover_whole_published_months(survey):
    add_responses(survey, 5, {"pick": "agree"}, on=datetime.date(2026, 3, 20))
    add_responses(survey, 6, {"pick": "disagree"}, on=datetime.date(2026, 4, 2))
    april = compute_results(survey, {"start": datetime.date(2026, 4, 1)})
    assert april.total == 6
    march = compute_results(survey, {"end": datetime.date(2026, 3, 31)})
    assert march.total == 5
    both = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 4, 30)}
    assert compute_results(survey, both).total == 11
    # Part of a month could be subtracted from the month: refused.
    for window in [
        {"start": datetime.date(2026, 4, 2)},
        {"end": datetime.date(2026, 3, 30)},
    ]:
        refused = compute_results(survey, window)
        assert refused.suppressed and refused.questions == []
        assert refused.refused.startswith("Dates must cover whole months")


def test_public_results_page(survey, client):
    add_responses(survey, 8, {"pick": "agree", "long": "Walk the beat."})
    url = survey.url + "results/"
    assert client.get(url).status_code == 404  # results not public
    survey.results_public = True
    survey.save_revision().publish()
    html = client.get(url).content.decode()
    assert "Agree" in html and "<table" in html and "inline-size: 100%" in html
    assert "Walk the beat." not in html  # not approved for publication
    assert '<h2 id="about-numbers">About these numbers</h2>' in html
    assert "more counts are hidden with it, so no hidden count can be worked" in html

    first = Answer.objects.filter(text="Walk the beat.").first()
    first.approved = True
    first.save(update_fields=["approved"])
    html = client.get(url).content.decode()
    assert html.count("Walk the beat.") == 1
    spanish = client.get(url.replace("/en/", "/es/")).content.decode()
    assert "De acuerdo" in spanish


def test_junk_filters_do_not_break_the_page(survey, client):
    survey.results_public = True
    survey.save_revision().publish()
    add_responses(survey, 5, {"pick": "agree"})
    url = survey.url + "results/"
    for query in ["language=xx", "start=not-a-date", "area=\x00", "end=99999-1-1"]:
        assert client.get(f"{url}?{query}").status_code == 200


# The results take 7 queries (one lists the forums to filter by), however many
# responses there are; Wagtail's routing to a page four levels deep and the site
# chrome take the rest.
RESULTS_PAGE_QUERIES = 16


def test_results_page_queries_do_not_grow(survey, client):
    survey.results_public = True
    survey.save_revision().publish()
    answers = {"pick": "agree", "many": ["a", "b"], "scale": 4, "long": "x"}
    url = survey.url + "results/?language=es"
    add_responses(survey, 5, answers, language="es")
    client.get(url)
    small = count_queries(client, url)
    add_responses(survey, 500, answers, language="es")
    add_responses(survey, 50, {"pick": "disagree", "scale": 2}, language="vi")
    assert count_queries(client, url) == small <= RESULTS_PAGE_QUERIES


def make_series(survey_index, means):
    surveys = []
    start = datetime.date(2026, 1, 1)
    for step, value in enumerate(means):
        survey = make_survey(
            survey_index,
            [{"key": "trust", "kind": QuestionKind.SCALE, "text": "Trust?"}],
            opens_at=timezone.make_aware(
                datetime.datetime.combine(
                    start + datetime.timedelta(days=31 * step), datetime.time(9)
                )
            ),
            results_public=True,
        )
        add_responses(survey, 5, {"trust": value})
        surveys.append(survey)
    return surveys


def test_trend_follows_the_question_across_surveys(survey_index, client):
    make_series(survey_index, [2, 3, 4])
    trend = compute_trend("trust")
    assert [p.value for p in trend.points] == [2, 3, 4]
    assert trend.points == sorted(trend.points, key=lambda p: p.date)
    html = client.get("/en/survey-trends/trust/").content.decode()
    assert "<svg" in html and "<polyline" in html and "<table" in html
    assert 'points="' in html and "," in html
    spanish = client.get("/es/survey-trends/trust/").content.decode()
    assert 'points="' in spanish
    polyline = spanish.split('points="')[1].split('"')[0]
    assert all(part.count(",") == 1 for part in polyline.split())


def test_trend_labels_sit_inside_the_chart_in_arabic(survey_index, client):
    """The chart is laid out left to right in every language; in Arabic its
    dates keep their right-to-left reading, centred under their points."""
    make_series(survey_index, [2, 3, 4])
    soup = BeautifulSoup(client.get("/ar/survey-trends/trust/").content, "html.parser")
    svg = soup.select_one(".trend-chart svg")
    assert svg["direction"] == "ltr"
    dates = svg.select("text[text-anchor=middle]")
    assert len(dates) == 3
    assert {label["direction"] for label in dates} == {"rtl"}
    english = BeautifulSoup(
        client.get("/en/survey-trends/trust/").content, "html.parser"
    )
    dates = english.select(".trend-chart svg text[text-anchor=middle]")
    assert {label["direction"] for label in dates} == {"ltr"}


def test_trend_leaves_out_small_and_private_surveys(survey_index, client):
    first, second = make_series(survey_index, [2, 4])
    add_responses(
        make_survey(
            survey_index,
            [{"key": "trust", "kind": QuestionKind.SCALE}],
            results_public=True,
        ),
        3,
        {"trust": 5},
    )
    # Unticking "publish results" no longer hides them: they are withdrawn.
    second.results_public = False
    second.save_revision().publish()
    assert compute_trend("trust").plotted[1].survey.pk == second.pk
    withdraw_results(second, "A question was misprinted on paper.", "en")
    trend = compute_trend("trust")
    assert [p.survey.pk for p in trend.plotted] == [first.pk]
    assert [p.responses for p in trend.points].count(None) == 1
    assert client.get("/en/survey-trends/nothing-here/").status_code == 404


def test_trend_queries_do_not_grow(survey_index, client):
    make_series(survey_index, [1, 2])
    client.get("/en/survey-trends/trust/")
    small = count_queries(client, "/en/survey-trends/trust/")
    make_series(survey_index, [3, 4, 5])
    # Publishing pages clears the cached site chrome; warm it again.
    client.get("/en/survey-trends/trust/")
    assert count_queries(client, "/en/survey-trends/trust/") == small <= 12


def test_question_key_defaults_from_text(survey):
    question = Question(page=survey, kind=QuestionKind.YES_NO, text_en="Do you vote?")
    question.save()
    assert question.key == "do-you-vote"
