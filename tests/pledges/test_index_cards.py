"""The pledge index's city cards and grid headings are drawn in Python, not by
the template: each must still escape what an office typed, say its counts in
the reader's language and plural, mark English text and link to the pledge."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from pledges.choices import Status
from pledges.models import CommitmentPage
from pledges.templatetags.pledge_index import cities_shown
from tests.factories.pledges import CommitmentPageFactory, PledgePageFactory
from tests.helpers import url_in

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script> & <b>'


def cards(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {card.h3.a.get_text(): card for card in soup.select(".pledge-card")}


def text(element):
    return element.get_text(" ", strip=True)


def test_a_card_says_who_signed_how_far_and_what_is_late(
    client, pledge_index, pledge, commitment, overdue, update, today
):
    update(Status.IN_PROGRESS, 40, days_ago=2)
    card = cards(client, pledge_index.url)["Riverton"]

    assert card.h3.a["href"] == pledge.url
    assert card.h3.a["id"] == f"name-{pledge.pk}"
    assert "lang" not in card.h3.a.attrs
    paragraphs = [text(p) for p in card.find_all("p")]
    signed = pledge.date_signed
    assert paragraphs == [
        f"Signed by Mayor Sam Rivera on {signed:%b} {signed.day}, {signed.year}",
        "Overall progress",
        f"Latest update: {today - datetime.timedelta(days=2):%b %-d, %Y}",
        "1 commitment has no update yet and counts as 0%.",
    ]
    assert card.progress["aria-labelledby"] == f"name-{pledge.pk}"
    assert card.progress["value"] == "13"  # 40% at weight 1, 0% at weight 2
    counts = card.select(".pledge-card__count")
    assert [text(li) for li in counts] == [
        "⚠ 1 commitment overdue",
        "⏱ 1 commitment with no update in over 60 days",
    ]
    assert counts[0]["class"] == ["pledge-card__count", "pledge-flag--overdue"]
    assert counts[1]["class"] == ["pledge-card__count", "pledge-flag--stale"]
    assert client.get(card.h3.a["href"]).status_code == 200


def test_a_card_with_nothing_reported_says_so_in_plurals(client, pledge_index, pledge):
    for title in ("One", "Two"):
        CommitmentPageFactory(parent=pledge, title=title)
    card = cards(client, pledge_index.url)["Riverton"]

    assert [text(p) for p in card.find_all("p")][2:] == [
        "No updates yet",
        "2 commitments have no update yet and count as 0%.",
    ]
    counts = card.select(".pledge-card__count")
    assert [text(li) for li in counts] == [
        "⚠ 0 commitments overdue",
        "⏱ 2 commitments with no update in over 60 days",
    ]
    assert counts[0]["class"] == ["pledge-card__count"]


def test_a_card_speaks_the_readers_language_and_marks_english(
    client, pledge_index, pledge, other_pledge, overdue
):
    other_pledge.city_es = "Puerto Aliso"
    other_pledge.save()
    found = cards(client, url_in(pledge_index, "es"))

    english = found["Riverton"]
    assert (english.h3.a["lang"], english.h3.a["dir"]) == ("en", "ltr")
    assert english.h3.a["href"] == url_in(pledge, "es")
    assert text(english.find_all("p")[1]) == "Avance general"
    assert [text(li) for li in english.select(".pledge-card__count")] == [
        "⚠ 1 compromiso vencido",
        "⏱ 1 compromiso sin actualización en más de 60 días",
    ]
    translated = found["Puerto Aliso"]
    assert "lang" not in translated.h3.a.attrs

    soup = BeautifulSoup(client.get(url_in(pledge_index, "es")).content, "html.parser")
    headings = {row.th.a.get_text(): row.th.a for row in soup.select("tbody tr")}
    assert (headings["Riverton"]["lang"], headings["Riverton"]["dir"]) == ("en", "ltr")
    assert "lang" not in headings["Puerto Aliso"].attrs
    assert headings["Puerto Aliso"]["href"] == url_in(other_pledge, "es")


def test_arabic_counts_take_their_own_plural_forms(client, pledge_index, pledge):
    for title in ("One", "Two"):
        CommitmentPageFactory(parent=pledge, title=title)
    card = cards(client, url_in(pledge_index, "ar"))["Riverton"]

    # Arabic has a form for exactly two, which names no number.
    assert text(card.select(".pledge-card__count")[1]).startswith("⏱ التزامان")
    without_update = text(card.find_all("p")[3])
    assert without_update.startswith("التزامان") and without_update.endswith("0%.")


def test_what_an_office_typed_is_shown_as_text_not_markup(client, pledge_index, pledge):
    """A mayor's office writes the city, the mayor's name and the commitments'
    titles; none of it may become part of the page."""
    pledge.city = pledge.title = f"Riverton {MARKUP}"
    pledge.mayor_name = f"Sam {MARKUP}"
    pledge.save()
    CommitmentPageFactory(parent=pledge, title=f"Cameras {MARKUP}")

    html = client.get(pledge_index.url).content.decode()
    assert "<script>" not in html
    assert "<b>" not in html
    soup = BeautifulSoup(html, "html.parser")
    card = soup.select_one(".pledge-card")
    assert card.h3.a.get_text() == f"Riverton {MARKUP}"
    assert text(card.p).startswith(f"Signed by Mayor Sam {MARKUP} on ")
    assert soup.select_one("tbody th a").get_text() == f"Riverton {MARKUP}"
    assert soup.select_one(".pledge-grid__item a").get_text() == f"Cameras {MARKUP}"


def test_cities_on_the_second_page_show_only_their_own_commitments(
    client, pledge_index
):
    """Each page reads the commitments of its own cities by their tree paths:
    a city on the first page must not lend its commitments to the second."""
    pledges = [
        PledgePageFactory(parent=pledge_index, city=f"City {n:02}") for n in range(12)
    ]
    for pledge in pledges:
        CommitmentPageFactory(parent=pledge, title=f"Promise of {pledge.city}")

    soup = BeautifulSoup(
        client.get(pledge_index.url + "?page=2").content, "html.parser"
    )
    rows = {
        row.th.get_text(strip=True): [a.get_text() for a in row.select("td a")]
        for row in soup.select(".pledge-grid tbody tr")
    }
    assert rows == {
        "City 10": ["Promise of City 10"],
        "City 11": ["Promise of City 11"],
    }
    assert CommitmentPage.objects.count() == 12


# The sentence the index showed above its cards through the template, as it was.
CITIES_SHOWN = (
    "{% load i18n %}{% blocktranslate count counter=cities.paginator.count "
    "with first=cities.start_index last=cities.end_index %}{{ counter }} city; "
    "showing {{ first }} to {{ last }}.{% plural %}{{ counter }} cities; showing "
    "{{ first }} to {{ last }}.{% endblocktranslate %}"
)


@pytest.mark.parametrize("language", ["en", "es", "ar", "zh-hans", "vi", "ko"])
@pytest.mark.parametrize(("count", "number"), [(1, 1), (11, 2), (22, 1), (22, 3)])
def test_the_count_of_cities_reads_as_the_template_wrote_it(language, count, number):
    cities = Paginator(list(range(count)), 10).get_page(number)
    with translation.override(language):
        written = str(cities_shown(cities))
        oracle = Template(CITIES_SHOWN).render(Context({"cities": cities}))
    assert written == oracle
