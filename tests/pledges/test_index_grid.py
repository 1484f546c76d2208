"""The pledge index's grid is drawn by a template tag, from rows rather than
pages: each item must still say what the commitment's own page says, link to it
and mark English text in another language's page."""

import pytest
from bs4 import BeautifulSoup

from pledges.models import Status
from tests.factories.pledges import CommitmentPageFactory
from tests.helpers import url_in

pytestmark = pytest.mark.django_db


def grid_items(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {item.a.get_text(): item for item in soup.select(".pledge-grid__item")}


def flags(item):
    return [flag.get_text(" ", strip=True) for flag in item.select(".pledge-flag")]


def test_each_item_links_to_its_commitment_and_says_where_it_stands(
    client, pledge_index, pledge, commitment, overdue, update
):
    update(Status.IN_PROGRESS, 40)
    items = grid_items(client, pledge_index.url)

    reported = items["Independent review board"]
    assert reported.a["href"] == commitment.url
    assert reported.select_one(".pledge-status").get_text(" ", strip=True) == (
        "◔ In progress"
    )
    assert reported.select_one(".pledge-grid__percent").get_text() == "40%"
    assert flags(reported) == []

    silent = items["Body cameras"]
    assert silent.a["href"] == overdue.url
    assert silent.select_one(".pledge-status--none").get_text(" ", strip=True) == (
        "– No report yet"
    )
    assert silent.select_one(".pledge-grid__percent").get_text() == "0%"
    # No update in the year since signing, and its target date has passed.
    assert flags(silent) == ["⚠ Overdue", "⏱ No recent update"]

    for item in items.values():
        assert client.get(item.a["href"]).status_code == 200


def test_items_follow_the_readers_language_and_mark_english(
    client, pledge_index, commitment, overdue, update
):
    commitment.title_es = "Junta de revisión independiente"
    commitment.save()
    update(Status.IN_PROGRESS, 40)
    items = grid_items(client, url_in(pledge_index, "es"))

    translated = items["Junta de revisión independiente"]
    assert translated.a["href"] == url_in(commitment, "es")
    assert "lang" not in translated.a.attrs
    assert translated.select_one(".pledge-status").get_text(" ", strip=True) == (
        "◔ En curso"
    )
    assert translated.select_one(".pledge-grid__percent").get_text() == "40\xa0%"

    english = items["Body cameras"]
    assert english.a["href"] == url_in(overdue, "es")
    assert (english.a["lang"], english.a["dir"]) == ("en", "ltr")
    assert client.get(english.a["href"]).status_code == 200


def test_a_city_with_many_commitments_shows_them_all_in_its_own_row(
    client, pledge_index, pledge, other_pledge
):
    """Commitments are found by a range of tree paths. Past the ninth child a
    path's step holds letters ("000A"), which the database must order as Wagtail
    does, and a neighbouring city's commitments must stay out of the range."""
    titles = [f"Promise {n}" for n in range(1, 13)]
    for title in titles:
        CommitmentPageFactory(parent=pledge, title=title)
    CommitmentPageFactory(parent=other_pledge, title="Port Alder promise")
    assert any(not c.path[-4:].isdigit() for c in pledge.get_children())

    soup = BeautifulSoup(client.get(pledge_index.url).content, "html.parser")
    rows = {
        row.th.get_text(strip=True): [a.get_text() for a in row.select("td a")]
        for row in soup.select(".pledge-grid tbody tr")
    }
    assert rows == {
        pledge.city: titles,
        other_pledge.city: ["Port Alder promise"],
    }


def test_the_grids_scrolling_region_has_a_name_of_its_own(
    client, pledge_index, pledge, commitment
):
    """The grid scrolls inside a named region; named by the section's heading,
    it would be a second landmark with the section's name."""
    soup = BeautifulSoup(client.get(pledge_index.url).content, "html.parser")
    region = soup.select_one(".pledge-grid-wrapper[role=region]")
    section = region.find_parent("section")
    named_by = soup.find(id=region["aria-labelledby"])
    assert region["aria-labelledby"] != section["aria-labelledby"]
    assert named_by.name == "caption"
    assert named_by.get_text() == "Status of each commitment, by city and principle"
