"""Every public page of the demo site, in every language, as a visitor sees it."""

import pytest
from bs4 import BeautifulSoup

from cms.models import ResourceIndexPage, ResourcePage
from engage.i18n import LANGUAGE_CODES
from tests.factories.cms import ResourcePageFactory

LANGUAGES = LANGUAGE_CODES
PUBLIC_PATHS = {
    "home": "/",
    "standard": "/about/",
    "resource index": "/resources/",
    "resource": "/resources/riverton-legal-aid/",
    "contact": "/contact/",
    "search": "/search/?q=legal",
}


def html_tag(response):
    return BeautifulSoup(response.content, "html.parser").html


@pytest.mark.parametrize("path", PUBLIC_PATHS.values(), ids=PUBLIC_PATHS.keys())
def test_every_page_type_renders_in_every_language(client, demo_site, path):
    for language in LANGUAGES:
        response = client.get(f"/{language}{path}")

        assert response.status_code == 200, language
        html = html_tag(response)
        assert html["lang"] == language
        assert html["dir"] == ("rtl" if language == "ar" else "ltr"), language


def test_pages_show_content_in_the_visitors_language(client, demo_site):
    resource = ResourcePage.objects.get(slug="riverton-legal-aid")
    resource.title_es = "Sociedad de Asistencia Legal de Riverton"
    resource.save_revision().publish()

    spanish = client.get("/es/resources/riverton-legal-aid/")
    english = client.get("/en/resources/riverton-legal-aid/")

    assert "<h1>Sociedad de Asistencia Legal de Riverton</h1>" in spanish.text
    assert "<h1>Riverton Legal Aid Society</h1>" in english.text


def test_resource_page_names_languages_in_the_readers_language(client, demo_site):
    response = client.get("/es/resources/riverton-legal-aid/")

    facts = BeautifulSoup(response.content, "html.parser").select_one("dl.facts")
    assert "Inglés, Español, Vietnamita" in facts.get_text()


def test_breadcrumbs_lead_back_through_the_parents(client, demo_site):
    response = client.get("/es/resources/riverton-legal-aid/")

    crumbs = BeautifulSoup(response.content, "html.parser").select("nav.breadcrumbs a")
    assert [a["href"] for a in crumbs] == [
        "/es/",
        "/es/resources/",
        "/es/resources/riverton-legal-aid/",
    ]
    assert crumbs[-1]["aria-current"] == "page"


def test_top_level_pages_have_no_breadcrumbs(client, demo_site):
    response = client.get("/es/about/")

    assert (
        BeautifulSoup(response.content, "html.parser").select("nav.breadcrumbs") == []
    )


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("es", "/es/"),
        ("es-MX,es;q=0.9,en;q=0.5", "/es/"),
        ("zh-CN", "/zh-hans/"),
        ("zh-Hans", "/zh-hans/"),
        ("vi-VN", "/vi/"),
        ("ar", "/ar/"),
        ("ko-KR", "/ko/"),
        ("fr", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(
    client, demo_site, accept_language, expected
):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == expected


def test_resource_filters_narrow_the_list(client, demo_site):
    response = client.get("/en/resources/?category=legal&language=vi")

    titles = [
        link.get_text()
        for link in BeautifulSoup(response.content, "html.parser").select(
            ".card-list h3 a"
        )
    ]
    assert titles == ["Riverton Legal Aid Society"]


def test_resource_filters_ignore_junk(client, demo_site):
    response = client.get("/en/resources/?category=%00<script>&language=xx")

    assert response.status_code == 200
    assert "<script>" not in response.text
    assert (
        len(BeautifulSoup(response.content, "html.parser").select(".card-list .card"))
        == ResourcePage.objects.live().count()
    )


@pytest.mark.parametrize("path", PUBLIC_PATHS.values(), ids=PUBLIC_PATHS.keys())
def test_public_pages_need_at_most_ten_queries(
    client, demo_site, path, django_assert_max_num_queries
):
    # The first request fills per-process caches (site root paths, time zone)
    # that every later visitor shares; count a visitor after that.
    client.get(f"/es{path}")

    with django_assert_max_num_queries(10):
        response = client.get(f"/es{path}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/resources/", "/resources/?language=es", "/search/?q=resource"]
)
def test_long_lists_cost_no_more_queries(
    client, demo_site, path, django_assert_max_num_queries
):
    index = ResourceIndexPage.objects.get(slug="resources")
    ResourcePageFactory.create_batch(40, parent=index)
    client.get(f"/es{path}")

    with django_assert_max_num_queries(10):
        response = client.get(f"/es{path}")

    assert response.status_code == 200
    assert len(BeautifulSoup(response.content, "html.parser").select("h3 a")) >= 10
