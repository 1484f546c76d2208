import datetime

from django.utils import timezone

from engage.models import Area
from forums.models import RSVP, ForumPage, RSVPStatus
from tests.factories.forums import make_forum
from tests.helpers import count_queries

# Wagtail's routing and the shared page chrome (site, settings, menu, breadcrumbs)
# cost about nine queries on every page; forums add at most five of their own.
MAX_QUERIES = 15


def add_forums(index, venue, areas, count):
    now = timezone.now()
    for number in range(count):
        forum = ForumPage(
            title=f"Forum {number}",
            slug=f"bulk-{ForumPage.objects.count()}",
            start=now + datetime.timedelta(days=number - count // 2, hours=1),
            end=now + datetime.timedelta(days=number - count // 2, hours=2),
            capacity=50,
            venue=venue,
            interpretation_languages=["es"],
        )
        index.add_child(instance=forum)
        forum.areas.set(areas)


def add_rsvps(forum, count):
    RSVP.objects.bulk_create(
        RSVP(
            forum=forum,
            name=f"Resident {number}",
            email=f"r{number}-{RSVP.objects.count()}@example.org",
            language="es",
            party_size=1,
            status=RSVPStatus.CONFIRMED if number % 2 else RSVPStatus.WAITLISTED,
        )
        for number in range(count)
    )


def test_forum_index_queries_do_not_grow(client, forum_index, venue):

    areas = [Area.objects.create(name="Eastside", slug="eastside")]
    add_forums(forum_index, venue, areas, 10)
    for forum in ForumPage.objects.all()[:3]:
        add_rsvps(forum, 5)
    url = forum_index.url
    small = count_queries(client, url)
    filtered_small = count_queries(client, f"{url}?area=eastside&language=es&page=2")
    add_forums(forum_index, venue, areas, 490)
    for forum in ForumPage.objects.all()[:40]:
        add_rsvps(forum, 20)
    large = count_queries(client, url)
    filtered_large = count_queries(client, f"{url}?area=eastside&language=es&page=2")
    assert small == large <= MAX_QUERIES
    assert filtered_small == filtered_large <= MAX_QUERIES


def test_forum_page_queries_do_not_grow(client, forum_index, venue):
    forum = make_forum(forum_index, venue=venue, capacity=10_000)
    add_rsvps(forum, 10)
    small = count_queries(client, forum.url)
    add_rsvps(forum, 4990)
    large = count_queries(client, forum.url)
    assert small == large <= MAX_QUERIES
    assert "seats left" in client.get(forum.url).content.decode()


def test_home_page_section_queries(client, forum_index, venue, home):
    add_forums(forum_index, venue, [], 10)
    small = count_queries(client, home.url)
    add_forums(forum_index, venue, [], 100)
    assert count_queries(client, home.url) == small


def test_forum_index_shows_a_page_of_each_list(client, forum_index, venue):
    """However many forums are scheduled or held, the index shows twelve coming
    and ten past ones, with links to the next pages of each."""
    add_forums(forum_index, venue, [], 60)  # 30 past, 30 coming
    page = client.get(forum_index.url).content.decode()
    upcoming, past = page.split('id="past-heading"')
    assert upcoming.count("<article") == 12
    assert past.count("<article") == 10
    assert 'aria-label="Pages of upcoming forums"' in upcoming
    assert 'href="?upcoming=2" rel="next"' in upcoming
    assert 'href="?page=2" rel="next"' in past

    third = client.get(f"{forum_index.url}?upcoming=3").content.decode()
    coming = third.split('id="past-heading"')[0]
    assert coming.count("<article") == 6
    assert "Page 3 of 3" in coming
