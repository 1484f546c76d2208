"""The forum index and the home page show forums as cards read from rows, not
pages: each card must still say what the forum's own page says, in the reader's
language, link to it and mark English text on another language's page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from engage.models import Area
from tests.factories.forums import RSVPFactory, VenueFactory, make_forum, make_series
from tests.factories.outcomes import make_summary
from tests.helpers import url_in

pytestmark = pytest.mark.django_db


def cards(client, url, section=""):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {
        card.h3.get_text(): card
        for card in soup.select(f"{section} article.forum-card")
    }


def text(card, selector):
    return card.select_one(selector).get_text(" ", strip=True)


@pytest.fixture
def east():
    return Area.objects.create(name="Eastside", name_es="Este", slug="eastside")


@pytest.fixture
def north():
    return Area.objects.create(name="Northside", slug="northside")


@pytest.fixture
def listed(forum_index, east, north):
    """A forum at a venue with two areas, three seats taken of ten; a cancelled
    online one; one of a series, whose name carries its date; a past one with
    its summary published."""
    now = timezone.now()
    venue = VenueFactory(name="Eastside library")
    forum = make_forum(
        forum_index,
        title="Traffic stops",
        intro="Questions about stops near the schools.",
        venue=venue,
        areas=[north, east],
        start=now + datetime.timedelta(days=3),
    )
    RSVPFactory(forum=forum, party_size=3)
    cancelled = make_forum(
        forum_index,
        title="Budget night",
        format="online",
        status="cancelled",
        start=now + datetime.timedelta(days=5),
    )
    series = make_series(forum_index)
    dated = make_forum(
        forum_index,
        title="Eastside forums",
        series=series,
        start=now + datetime.timedelta(days=7),
    )
    past = make_forum(
        forum_index, title="Youth voices", start=now - datetime.timedelta(days=9)
    )
    make_summary(past)
    return {"forum": forum, "cancelled": cancelled, "dated": dated, "past": past}


def test_each_card_says_what_its_forum_page_says(client, forum_index, listed):
    shown = cards(client, forum_index.url)
    forum, cancelled, dated, past = (
        listed[name] for name in ("forum", "cancelled", "dated", "past")
    )
    assert list(shown) == [
        "Traffic stops",
        "Budget night",
        dated.display_title,
        "Youth voices",
    ]
    assert dated.display_title.startswith("Eastside forums: ")

    card = shown["Traffic stops"]
    assert card.h3.a["href"] == forum.url
    assert text(card, ".forum-card__where") == "Eastside library"
    assert [tag.get_text() for tag in card.select(".forum-card__tags li")] == [
        "Eastside",
        "Northside",
        "Español",
        "Tiếng Việt",
    ]
    assert text(card, ".forum-card__seats") == "7 seats left"
    assert card.select(".forum-card__summary") == []
    assert "forum-card--cancelled" not in card["class"]

    off = shown["Budget night"]
    assert "forum-card--cancelled" in off["class"]
    assert text(off, ".forum-status") == "Cancelled"
    assert text(off, ".forum-card__where") == "Online"
    assert off.select(".forum-card__seats") == []

    summarised = shown["Youth voices"]
    assert text(summarised, ".forum-card__summary") == "Summary published"
    assert summarised.select(".forum-card__seats") == []  # past: no seats shown

    for card in shown.values():
        assert client.get(card.h3.a["href"]).status_code == 200
    assert {card.h3.a["href"] for card in shown.values()} == {
        page.url for page in (forum, cancelled, dated, past)
    }


def test_cards_follow_the_readers_language_and_mark_english(
    client, forum_index, listed
):
    forum = listed["forum"]
    forum.title_es = "Paradas de tráfico"
    forum.save_revision().publish()
    card = cards(client, url_in(forum_index, "es"))["Paradas de tráfico"]

    assert card.h3.a["href"] == url_in(forum, "es")
    assert "lang" not in card.h3.a.attrs
    # Neither the introduction nor the venue has a Spanish text.
    intro = card.find("p", string="Questions about stops near the schools.")
    assert (intro["lang"], intro["dir"]) == ("en", "ltr")
    venue = card.select_one(".forum-card__where span")
    assert (venue.get_text(), venue["lang"]) == ("Eastside library", "en")
    areas = card.select(".forum-card__tags li.tag:not([lang=es]):not([lang=vi])")
    assert {(area.get_text(), area.get("lang")) for area in areas} == {
        ("Este", None),
        ("Northside", "en"),
    }
    assert text(card, ".forum-card__seats") == "Quedan 7 lugares"
    assert client.get(card.h3.a["href"]).status_code == 200


def test_the_home_page_shows_the_next_forums_as_the_index_does(
    client, home, forum_index, listed
):
    on_home = cards(client, home.url, "section.home-forums")
    on_index = cards(client, forum_index.url)
    assert list(on_home) == list(on_index)[:3]
    for title, card in on_home.items():
        assert str(card) == str(on_index[title])


def test_a_series_forum_marks_its_untranslated_title_but_not_its_date(
    client, forum_index, listed
):
    """ "Eastside forums: 12 de mayo de 2027": the English title says it is
    English, the date beside it is the reader's own and carries no mark, on the
    forum's card and on its own page alike."""
    dated = listed["dated"]
    with translation.override("es"):
        shown = dated.display_title
    assert shown.startswith("Eastside forums: ") and " de " in shown
    card = cards(client, url_in(forum_index, "es"))[shown]
    page = BeautifulSoup(client.get(url_in(dated, "es")).content, "html.parser")
    for heading in (card.h3.a, page.h1):
        assert heading.get_text() == shown
        (title,) = heading.select("[lang]")
        assert (title.get_text(), title["lang"], title["dir"]) == (
            "Eastside forums",
            "en",
            "ltr",
        )
        assert heading.get("lang") is None

    dated.title_es = "Foros del Este"
    dated.save_revision().publish()
    page = BeautifulSoup(client.get(url_in(dated, "es")).content, "html.parser")
    assert page.h1.select("[lang]") == []
    assert page.h1.get_text().startswith("Foros del Este: ")


def test_what_organizers_typed_stays_text_on_a_card(client, forum_index):
    """A card is written in Python, not by a template: every value typed in the
    admin must still reach the reader as text, not markup."""
    venue = VenueFactory(name="Hall <b>A</b> & annex")
    area = Area.objects.create(name="<i>Westside</i>", slug="westside")
    long_intro = "<script>alert(1)</script> " + " ".join(["word"] * 60)
    make_forum(
        forum_index,
        title="Stops <em>&</em> searches",
        intro=long_intro,
        venue=venue,
        areas=[area],
        status="postponed",
        capacity=2,
        start=timezone.now() + datetime.timedelta(days=4),
    )
    html = client.get(forum_index.url).content.decode()
    card = cards(client, forum_index.url)["Stops <em>&</em> searches"]

    assert card.select("em, b, i, script") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert text(card, ".forum-card__where") == "Hall <b>A</b> & annex"
    assert [tag.get_text() for tag in card.select(".forum-card__tags li")][0] == (
        "<i>Westside</i>"
    )
    intro = card.find("p", string=lambda value: value and "alert(1)" in value)
    assert len(intro.get_text().split()) == 40 + 1  # 40 words, then the ellipsis
    assert intro.get_text().endswith("word …")
    assert text(card, ".forum-status") == "Postponed"
    assert text(card, ".forum-card__seats") == "2 seats left"
