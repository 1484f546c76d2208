"""Site search finds the demo's own words in every language, on SQLite and on
PostgreSQL: Chinese has no spaces between words, Korean glues particles onto them,
Arabic text carries optional marks and the article, and Vietnamese may be typed
with combining accents. Text shown on every page type is indexed, not only titles
and introductions."""

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pledges.models import CommitmentPage, ProgressUpdatePage
from pledges.search import describe_updates

pytestmark = pytest.mark.usefixtures("full_demo")


def search(client, language, query):
    """The titles and links of every result of a search in ``language``."""
    titles, links, number = [], [], 1
    while True:
        response = client.get(f"/{language}/search/", {"q": query, "page": number})
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        found = soup.select(".search-results h3 a")
        titles += [link.get_text() for link in found]
        links += [link["href"] for link in found]
        if soup.select_one('a[rel="next"]') is None:
            return titles, links
        number += 1


PUBLIC_DEFENDER = "resources/public-defender/"
CHECK_IN = "surveys/community-trust-check-in-1/"


@pytest.mark.parametrize(
    ("language", "query", "found", "not_found"),
    [
        # Chinese: words inside sentences written without spaces.
        ("zh-hans", "警察", "", PUBLIC_DEFENDER),
        ("zh-hans", "社区", "forums/", PUBLIC_DEFENDER),
        ("zh-hans", "论坛", "forums/", PUBLIC_DEFENDER),
        ("zh-hans", "警", "", PUBLIC_DEFENDER),
        # A survey question's text ("我信任为我所在社区服务的警察。").
        ("zh-hans", "信任", CHECK_IN, "forums/"),
        # Korean: "경찰과", "경찰이", "경찰관들을" all hold the word.
        ("ko", "경찰", "", PUBLIC_DEFENDER),
        ("ko", "포럼", "forums/", "surveys/"),
        ("ko", "신뢰", CHECK_IN, "forums/"),
        ("vi", "cảnh sát", "resources/police-review-board/", PUBLIC_DEFENDER),
        ("vi", "diễn đàn", "forums/", "resources/police-review-board/"),
        # Arabic: with the article, without it, and hamza on the alef ("أثق").
        ("ar", "الشرطة", "", PUBLIC_DEFENDER),
        ("ar", "منتديات", "about/", "surveys/"),
        ("ar", "أثق", CHECK_IN, "about/"),
    ],
)
def test_finds_demo_words_in_each_language(client, language, query, found, not_found):
    _titles, links = search(client, language, query)

    assert f"/{language}/{found}" in links
    assert f"/{language}/{not_found}" not in links


def test_a_chinese_phrase_finds_only_the_pages_holding_it(client):
    assert search(client, "zh-hans", "社区论坛") == (["社区论坛"], ["/zh-hans/forums/"])


def test_a_word_not_on_any_page_finds_nothing_in_chinese(client):
    assert search(client, "zh-hans", "培训班") == ([], [])


def test_arabic_typed_with_marks_finds_the_same_pages(client):
    plain = search(client, "ar", "الشرطة")

    assert search(client, "ar", "الشُّرْطَة") == plain
    assert len(plain[0]) > 0


def test_vietnamese_typed_with_combining_accents_finds_the_same_pages(client):
    composed = search(client, "vi", "cảnh sát")

    assert search(client, "vi", unicodedata.normalize("NFD", "cảnh sát")) == composed
    assert len(composed[0]) > 0


def test_progress_update_text_is_found_and_leads_to_its_commitment(client):
    update = ProgressUpdatePage.objects.get(explanation_en__contains="armored vehicles")
    commitment = CommitmentPage.objects.get(pk=update.commitment_id)

    for language, query in [("en", "armored vehicles"), ("es", "vehículos blindados")]:
        titles, links = search(client, language, query)
        assert len(titles) == 1
        response = client.get(links[0])
        assert response.status_code == 302
        assert response["Location"] == f"{commitment.url}#update-{update.pk}"


@pytest.mark.parametrize(
    ("query", "page_type"),
    [
        # The venue's accessibility notes, shown on every forum there.
        ("hearing loop", "forum"),
        # An action item of a forum summary.
        ("co-responder clinician", "summary"),
        # A pledge's local context ("people killed by police in Riverton").
        ("killed by police", "pledge"),
    ],
)
def test_text_shown_on_the_page_finds_it(client, query, page_type):
    _titles, links = search(client, "en", query)

    pattern = {
        "forum": r"/en/forums/[a-z0-9-]+/",
        "summary": r"/en/forums/[a-z0-9-]+/summary/",
        "pledge": r"/en/pledges/[a-z-]+/",
    }[page_type]
    assert links
    assert all(re.fullmatch(pattern, link) for link in links), links


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_progress_update_result_names_its_commitment_and_city(client, language):
    """An update's title is only its date, status and percentage: the result
    says whose commitment it is, in the reader's language."""
    update = ProgressUpdatePage.objects.get(explanation_en__contains="armored vehicles")
    commitment = CommitmentPage.objects.get(pk=update.commitment_id)
    pledge = commitment.get_parent().specific
    query = {"en": "armored vehicles", "es": "vehículos blindados"}[language]
    response = client.get(f"/{language}/search/", {"q": query})
    soup = BeautifulSoup(response.content, "html.parser")
    (context,) = soup.select(".search-results__context")
    title = getattr(commitment, f"title_{language}") or commitment.title_en
    city = getattr(pledge, f"city_{language}") or pledge.city_en
    lead = {"en": "A progress update on", "es": "Una actualización del compromiso"}
    assert (
        context.get_text()
        == {
            "en": f"A progress update on “{title}”, {city}",
            "es": f"Una actualización del compromiso «{title}», {city}",
        }[language]
    )
    assert context.get_text().startswith(lead[language])


def test_describing_updates_costs_two_queries_for_the_page():
    """However many updates a page of results holds, naming their commitments
    and cities reads the database twice, and not at all without updates."""
    updates = list(ProgressUpdatePage.objects.live()[:10])
    others = list(CommitmentPage.objects.live()[:10])
    assert len({update.commitment_id for update in updates}) > 2
    for results, expected in ((updates + others, 2), (others, 0)):
        with CaptureQueriesContext(connection) as captured:
            describe_updates(results)
        assert len(captured) == expected
    assert all(update.search_context for update in updates)
