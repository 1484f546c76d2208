"""A progress bar is named by the pledge's city or the commitment's title. When
that name is not translated, a Spanish page shows it in English, marked as
English; the bar points at that marked element rather than repeating the name
in an attribute that cannot say which language it is in."""

import pytest
from bs4 import BeautifulSoup

from tests.factories.pledges import CommitmentPageFactory
from tests.helpers import url_in

pytestmark = pytest.mark.django_db


def bars_and_names(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    named = []
    for bar in soup.select("progress[aria-labelledby]"):
        assert not bar.has_attr("aria-label")
        (name,) = soup.select(f"#{bar['aria-labelledby']}")
        named.append((name.get_text(), name.get("lang")))
    return named


def test_the_index_and_home_bars_are_named_by_the_marked_city(
    client, home, pledge_index, pledge, other_pledge
):
    other_pledge.city_es = "Puerto Aliso"
    other_pledge.save_revision().publish()
    expected = [("Puerto Aliso", None), ("Riverton", "en")]
    assert bars_and_names(client, url_in(pledge_index, "es")) == expected
    assert bars_and_names(client, url_in(home, "es")) == expected
    assert bars_and_names(client, url_in(pledge_index, "en")) == [
        ("Port Alder", None),
        ("Riverton", None),
    ]


def test_the_pledge_page_bars_are_named_by_the_marked_title(client, pledge):
    CommitmentPageFactory(
        parent=pledge, title="Independent review board", title_es="Junta de revisión"
    )
    CommitmentPageFactory(parent=pledge, title="Body cameras")
    assert bars_and_names(client, url_in(pledge, "es")) == [
        ("Junta de revisión", None),
        ("Body cameras", "en"),
    ]
    soup = BeautifulSoup(client.get(url_in(pledge, "es")).content, "html.parser")
    overall = soup.select("progress[aria-label]")
    assert [bar["aria-label"] for bar in overall] == ["Avance general"]
