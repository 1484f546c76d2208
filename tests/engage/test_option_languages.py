"""An option of a drop-down holds text only, so the option itself says what
language its name is in: each language named in its own, and a name shown in
English because nobody translated it marked as English (WCAG 3.1.2). The printed
questionnaire draws the same options as text, marked the same way."""

import pytest
from bs4 import BeautifulSoup
from django.test.utils import override_settings
from django.utils import translation

from engage.models import Area
from tests.factories.cms import ResourceIndexPageFactory
from tests.factories.forums import make_forum, make_past_forum, make_series
from tests.factories.forums import make_index as make_forum_index
from tests.factories.surveys import add_responses, make_index, make_survey

pytestmark = pytest.mark.django_db

LANGUAGE_OPTIONS = {
    "English": ("en", "ltr"),
    "Español": ("es", "ltr"),
    "简体中文": ("zh-hans", "ltr"),
    "Tiếng Việt": ("vi", "ltr"),
    "العربية": ("ar", "rtl"),
    "한국어": ("ko", "ltr"),
}
UNMARKED = (None, None)


def page(client, url):
    with override_settings(ENGAGE_PAGE_CACHE_SECONDS=0):
        response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def spanish(read):
    with translation.override("es"):
        return read()


def options(soup, name):
    """{text: (lang, dir)} of the options of the drop-down ``name``."""
    select = soup.find("select", attrs={"name": name})
    return {
        option.get_text(): (option.get("lang"), option.get("dir"))
        for option in select.find_all("option")
    }


@pytest.fixture
def areas():
    return [
        Area.objects.create(name_en="Eastside", name_es="Lado este", slug="east"),
        Area.objects.create(name_en="Harbor", slug="harbor"),
    ]


@pytest.fixture
def survey(home, areas):
    """A survey asking the area, handed out at a forum whose title nobody
    translated, with responses from a series' forum and a translated one."""
    untranslated = make_past_forum(home, title="Library forum", days_ago=3)
    series = make_series(untranslated.get_parent().specific)
    in_series = make_past_forum(home, title="Eastside forums", series=series)
    translated = make_past_forum(home, title="Park forum", title_es="Foro del parque")
    survey = make_survey(
        make_index(home),
        [{"kind": "yes_no", "key": "q1"}],
        ask_area=True,
        results_public=True,
        forum=untranslated,
    )
    for forum in (in_series, translated):
        add_responses(survey, 1, {"q1": "yes"}, forum=forum)
    survey.names = {
        "untranslated": "Library forum",
        "in_series": spanish(lambda: in_series.display_title),
        "translated": "Foro del parque",
    }
    return survey


def test_the_rsvp_forms_languages_are_each_marked_as_themselves(client, home):
    forum = make_forum(make_forum_index(home), interpretation_languages=["ht", "ar"])
    soup = page(client, forum.url.replace("/en/", "/es/"))
    assert options(soup, "language") == LANGUAGE_OPTIONS
    interpretation = options(soup, "interpretation_language")
    assert interpretation == {
        "No necesito interpretación": UNMARKED,
        "Kreyòl ayisyen": ("ht", "ltr"),
        "العربية": ("ar", "rtl"),
    }


def test_an_untranslated_area_is_marked_english_on_the_survey(client, survey):
    english_url = survey.url
    spanish = options(page(client, english_url.replace("/en/", "/es/")), "area")
    assert (spanish["Lado este"], spanish["Harbor"]) == (UNMARKED, ("en", "ltr"))
    english = options(page(client, english_url), "area")
    assert (english["Eastside"], english["Harbor"]) == (UNMARKED, UNMARKED)


def test_the_results_filter_marks_what_it_shows_in_english(client, survey):
    soup = page(client, survey.url.replace("/en/", "/es/") + "results/")
    assert options(soup, "language") == {"Todos los idiomas": UNMARKED} | (
        LANGUAGE_OPTIONS
    )
    areas = options(soup, "area")
    assert (areas["Lado este"], areas["Harbor"]) == (UNMARKED, ("en", "ltr"))
    forums = options(soup, "forum")
    names = survey.names
    assert forums[names["untranslated"]] == ("en", "ltr")
    assert forums[names["translated"]] == UNMARKED
    # "Eastside forums: 4 de diciembre de 2026" is half Spanish: not marked.
    assert forums[names["in_series"]] == UNMARKED


def test_the_printed_questionnaire_marks_its_options(client, survey):
    soup = page(client, survey.url.replace("/en/", "/es/") + "paper/")
    spans = {
        span.get_text(): span.get("lang")
        for span in soup.select(".paper-options li > span[lang]")
    }
    assert {name: spans[name] for name in LANGUAGE_OPTIONS} == {
        name: lang for name, (lang, _dir) in LANGUAGE_OPTIONS.items()
    }
    assert spans["Harbor"] == "en"
    assert spans["Library forum"] == "en"
    assert "Lado este" not in spans


def test_the_listings_language_filters_name_each_language_in_its_own(
    client, home, forum_index
):
    resources = ResourceIndexPageFactory(parent=home)
    listings = [resources.url, forum_index.url]
    for soup in [page(client, url.replace("/en/", "/ko/")) for url in listings]:
        languages = options(soup, "language")
        assert {name: languages[name] for name in LANGUAGE_OPTIONS} == (
            LANGUAGE_OPTIONS
        )
