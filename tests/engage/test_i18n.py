"""Language switching, English fallback and locale-aware formatting."""

import datetime
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import timezone, translation

from engage.i18n import normalize_language, url_in_language
from tests.factories.cms import StandardPageFactory

NATIVE_NAMES = {
    "en": "English",
    "es": "Español",
    "zh-hans": "简体中文",
    "vi": "Tiếng Việt",
    "ar": "العربية",
    "ko": "한국어",
}


def switcher_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select("nav.language-switcher a")


def test_switcher_names_each_language_in_its_own_script(client, demo_site):
    links = switcher_links(client.get("/es/resources/"))

    assert {link["lang"]: link.get_text(strip=True) for link in links} == NATIVE_NAMES
    arabic = next(link for link in links if link["lang"] == "ar")
    assert arabic["dir"] == "rtl"


def test_switcher_links_to_the_same_page_keeping_the_query(client, demo_site):
    response = client.get("/es/resources/?category=legal&language=vi")

    links = {link["lang"]: link for link in switcher_links(response)}
    for code in NATIVE_NAMES:
        url = urlsplit(links[code]["href"])
        assert url.path == f"/{code}/resources/"
        assert url.query == "category=legal&language=vi"
    assert links["es"]["aria-current"] == "true"
    assert "aria-current" not in links["ko"].attrs


def test_switcher_link_leads_to_the_page_in_that_language(client, demo_site):
    links = {link["lang"]: link for link in switcher_links(client.get("/es/about/"))}

    response = client.get(links["ko"]["href"])

    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "ko"


@pytest.fixture
def english_only_page(home):
    return StandardPageFactory(
        parent=home,
        title_en="Community safety plan",
        slug="safety-plan",
        intro_en="How the city will report progress every quarter.",
    )


def notices(response):
    return BeautifulSoup(response.content, "html.parser").select(".notice--translation")


def test_untranslated_page_falls_back_to_english_with_a_notice(
    client, english_only_page
):
    response = client.get("/es/safety-plan/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Community safety plan"
    assert "How the city will report progress" in soup.select_one(".lead").get_text()
    assert len(notices(response)) == 1
    assert soup.html["lang"] == "es"


def test_no_notice_in_english(client, english_only_page):
    response = client.get("/en/safety-plan/")

    assert response.status_code == 200
    assert notices(response) == []


def test_no_notice_once_translated(client, english_only_page):
    english_only_page.title_es = "Plan de seguridad comunitaria"
    english_only_page.intro_es = "Cómo informará la ciudad de sus avances."
    english_only_page.save_revision().publish()

    response = client.get("/es/safety-plan/")

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Plan de seguridad comunitaria"
    assert notices(response) == []


def test_partly_translated_page_still_shows_the_notice(client, english_only_page):
    english_only_page.title_es = "Plan de seguridad comunitaria"
    english_only_page.save_revision().publish()

    response = client.get("/es/safety-plan/")

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Plan de seguridad comunitaria"
    assert "How the city will report progress" in soup.select_one(".lead").get_text()
    assert len(notices(response)) == 1


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load engage_tags %}" + source).render(Context(context))


MAY_12 = datetime.date(2026, 5, 12)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "May 12, 2026"),
        ("es", "12 de mayo de 2026"),
        ("zh-hans", "2026年5月12日"),
        ("ar", "12 مايو 2026"),
        ("ko", "2026년 5월 12일"),
    ],
)
def test_format_date(language, expected):
    assert render("{{ day|format_date }}", language, day=MAY_12) == expected


def test_format_weekday_date_in_spanish_and_chinese():
    assert render("{{ day|format_weekday_date }}", "es", day=MAY_12) == (
        "martes, 12 de mayo de 2026"
    )
    assert render("{{ day|format_weekday_date }}", "zh-hans", day=MAY_12) == (
        "2026年5月12日星期二"
    )


def test_format_date_uses_the_site_time_zone_for_datetimes():
    # 03:30 UTC on 13 May is still the evening of 12 May in Chicago.
    moment = datetime.datetime(2026, 5, 13, 3, 30, tzinfo=datetime.UTC)

    with timezone.override("America/Chicago"):
        text = render("{{ t|format_date }}", "es", t=moment)

    assert text == "12 de mayo de 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "46%"),
        ("es", "46\xa0%"),
        ("zh-hans", "46%"),
        ("ar", "46%"),
    ],
)
def test_format_percent(language, expected):
    assert render("{{ share|format_percent }}", language, share=0.456) == expected


def test_format_percent_with_decimals():
    assert render("{{ share|format_percent:1 }}", "es", share=0.4567) == "45,7\xa0%"
    assert render("{{ share|format_percent:1 }}", "en", share=0.4567) == "45.7%"


def test_format_number_groups_digits_by_locale():
    assert render("{{ n|format_number }}", "es", n=1234567.5) == "1.234.567,5"
    assert render("{{ n|format_number }}", "en", n=1234567.5) == "1,234,567.5"


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("es", "vi", "Vietnamita"),
        ("es", "en", "Inglés"),
        ("ar", "es", "الإسبانية"),
        ("zh-hans", "ko", "韩语"),
        ("en", "ar", "Arabic"),
        ("en", "zh-hans", "Chinese (Simplified)"),
    ],
)
def test_language_name_in_the_readers_language(language, code, expected):
    assert render("{{ code|language_name }}", language, code=code) == expected


def test_native_language_name():
    assert render("{{ 'zh-hans'|native_language_name }}", "en") == "简体中文"


def test_empty_values_render_nothing():
    for name in ("format_date", "format_percent", "format_number", "language_name"):
        assert render("{{ value|" + name + " }}", "es", value=None) == ""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("es-MX", "es"),
        ("zh_CN", "zh-hans"),
        ("zh-Hant", "zh-hans"),
        ("AR", "ar"),
        ("fr", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_normalize_language(given, expected):
    assert normalize_language(given) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/surveys/trust/", "/ar/surveys/trust/"),
        ("/zh-hans/surveys/trust/?page=2", "/ar/surveys/trust/?page=2"),
        (
            "https://forums.example.org/es/trust/",
            "https://forums.example.org/ar/trust/",
        ),
        ("/surveys/trust/", "/ar/surveys/trust/"),
        ("/en/", "/ar/"),
        (None, None),
    ],
)
def test_a_page_address_in_another_language_changes_only_its_prefix(url, expected):
    assert url_in_language(url, "ar") == expected
