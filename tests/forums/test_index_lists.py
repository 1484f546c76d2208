"""A forum index's unfiltered lists are counted and their first pages read by
queries compiled once per index page and language with the time now
(``forums.models.index_lists``): each index lists only its own forums, a forum
moves from upcoming to past as time passes, the first page and the pages after
it (read by queries built for them) follow on without a gap, and titles come in
the reader's language."""

import datetime
import re

import pytest
from django.utils import timezone
from freezegun import freeze_time

from engage.models import Area
from forums.models.index_lists import PAST_PER_PAGE, UPCOMING_PER_PAGE
from tests.factories.forums import make_forum, make_index

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(second=0, microsecond=0)


def at(hours):
    return NOW + datetime.timedelta(hours=hours)


@pytest.fixture
def indexes(home):
    east, west = make_index(home), make_index(home, slug="west", title="West")
    river = Area.objects.create(name="Riverside", slug="riverside")
    for number in range(UPCOMING_PER_PAGE + 3):
        make_forum(
            east,
            title=f"Coming {number:02}",
            title_es=f"Próximo {number:02}",
            start=at(24 * number + 1),
            end=at(24 * number + 3),
            areas=[river] if number % 2 else [],
        )
    for number in range(PAST_PER_PAGE + 2):
        make_forum(
            east,
            title=f"Held {number:02}",
            start=at(-24 * number - 30),
            end=at(-24 * number - 28),
        )
    make_forum(west, title="West coming", start=at(5), end=at(7))
    return east, west


def lists(client, url):
    page = client.get(url).content.decode()
    upcoming, past = page.split('id="past-heading"')
    heading = re.compile(r"<h3[^>]*>\s*<a [^>]*>([^<]+)</a>")
    return heading.findall(upcoming), heading.findall(past)


def test_the_lists_follow_the_time_their_index_and_their_pages(client, indexes):
    east, west = indexes
    with freeze_time(NOW):
        upcoming, past = lists(client, east.url)
        assert upcoming == [f"Coming {n:02}" for n in range(UPCOMING_PER_PAGE)]
        assert past == [f"Held {n:02}" for n in range(PAST_PER_PAGE)]
        more, _past = lists(client, f"{east.url}?upcoming=2")
        assert more == [f"Coming {n:02}" for n in range(UPCOMING_PER_PAGE, 15)]
        _upcoming, older = lists(client, f"{east.url}?page=2")
        assert older == ["Held 10", "Held 11"]
        assert lists(client, west.url) == (["West coming"], [])
        riverside, _past = lists(client, f"{east.url}?area=riverside")
        assert riverside == [f"Coming {n:02}" for n in range(1, 15, 2)]
        spanish, _past = lists(client, "/es" + east.url[3:])
        assert spanish[:2] == ["Próximo 00", "Próximo 01"]
        client.get("/en/")  # back to English
    with freeze_time(at(28)):  # the first two forums have ended
        upcoming, past = lists(client, east.url)
        assert upcoming[:2] == ["Coming 02", "Coming 03"]
        assert past[:3] == ["Coming 01", "Coming 00", "Held 00"]
        page = client.get(east.url).content.decode()
        assert "Page 1 of 2" in page.split('id="past-heading"')[1]


def test_an_index_without_forums_lists_none(client, home):
    empty = make_index(home, slug="empty", title="Empty")
    assert lists(client, empty.url) == ([], [])
