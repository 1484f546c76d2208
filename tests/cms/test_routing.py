"""Each process keeps the pages on the paths it has served, for the current
content version (``cms.routing``): an address must follow every rename, move and
unpublish at once, each reader must see titles in their own language, and
addresses that lead nowhere must not fill what is kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page

from cms.models import StandardPage
from engage.cache import for_this_version
from tests.factories.forums import VenueFactory, make_forum
from tests.factories.pledges import PledgePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(home):
    about = home.add_child(
        instance=StandardPage(title="About us", title_es="Quiénes somos", slug="about")
    )
    return about.add_child(instance=StandardPage(title="Our team", slug="team"))


def get(client, path):
    with override_settings(ENGAGE_PAGE_CACHE_SECONDS=0):
        return client.get(path)


def routing_queries(client, path):
    """The status of ``path`` and how many queries looked for the pages on it."""
    with CaptureQueriesContext(connection) as captured:
        status = get(client, path).status_code
    return status, sum('"url_path" IN' in query["sql"] for query in captured)


def test_a_served_path_is_not_looked_up_again(client, team):
    assert routing_queries(client, "/en/about/team/") == (200, 1)
    assert routing_queries(client, "/en/about/team/") == (200, 0)
    assert routing_queries(client, "/es/about/team/") == (200, 0)
    assert routing_queries(client, "/en/about/") == (200, 0)


def test_a_renamed_page_leaves_its_old_address_at_once(client, team):
    assert get(client, "/en/about/team/").status_code == 200
    about = team.get_parent().specific
    about.slug = "who-we-are"
    about.save_revision().publish()
    assert get(client, "/en/about/team/").status_code == 404
    response = get(client, "/en/who-we-are/team/")
    assert response.status_code == 200
    assert "<h1>Our team</h1>" in response.content.decode()


def test_a_moved_page_is_served_only_at_its_new_address(client, home, team):
    elsewhere = home.add_child(instance=StandardPage(title="Elsewhere", slug="else"))
    assert get(client, "/en/about/team/").status_code == 200
    Page.objects.get(pk=team.pk).move(elsewhere, pos="last-child")
    old = get(client, "/en/about/team/")  # the redirect Wagtail made on the move
    assert (old.status_code, old["Location"]) == (301, "/en/else/team/")
    assert get(client, "/en/else/team/").status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, team):
    assert get(client, "/en/about/team/").status_code == 200
    team.unpublish()
    assert get(client, "/en/about/team/").status_code == 404


def test_a_page_added_under_a_served_path_is_found(client, team):
    assert get(client, "/en/about/team/new/").status_code == 404
    # As the admin adds a page: a draft first, then published.
    new = team.add_child(
        instance=StandardPage(title="New member", slug="new", live=False)
    )
    assert get(client, "/en/about/team/new/").status_code == 404
    new.save_revision().publish()
    assert get(client, "/en/about/team/new/").status_code == 200


def test_a_page_deleted_behind_the_sites_back_is_not_found(client, team):
    """An operator deleting rows in the database sends no signal: what the
    process kept then names a page that is gone, and the address is a 404."""
    assert get(client, "/en/about/team/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cms_standardpage WHERE page_ptr_id = %s", [team.pk])
        cursor.execute("DELETE FROM wagtailcore_page WHERE id = %s", [team.pk])
    assert get(client, "/en/about/team/").status_code == 404


def test_the_pages_above_are_named_in_each_readers_language(client, team):
    english = get(client, "/en/about/team/").content.decode()
    spanish = get(client, "/es/about/team/").content.decode()
    assert '<a href="/en/about/">About us</a>' in english
    assert '<a href="/es/about/">Quiénes somos</a>' in spanish


def test_made_up_addresses_are_not_kept(client, home, team):
    assert get(client, "/en/about/team/").status_code == 200
    for number in range(30):
        assert get(client, f"/en/about/made-up-{number}/").status_code == 404
        assert get(client, f"/en/made-up-{number}/team/").status_code == 404
        # Below a page with no children, nothing needs looking up at all.
        assert routing_queries(client, f"/en/about/team/{number}/") == (404, 0)
    kept = for_this_version("pages-on-path", dict)
    assert sorted(kept) == ["/home/about/", "/home/about/team/"]
    assert routing_queries(client, "/en/about/team/") == (200, 0)


def test_the_home_pages_sections_link_to_the_index_as_it_is_now(client, pledge_index):
    """The home page finds the indexes its sections link to among what is kept
    of its children: a renamed index is linked at its new address at once, and
    an unpublished one is not linked at all."""
    PledgePageFactory(parent=pledge_index, city="Dayton", title="Dayton pledge")
    more = 'class="section__more"><a href="{}"'
    assert more.format(pledge_index.url) in get(client, "/en/").content.decode()
    pledge_index.slug = "mayors"
    pledge_index.save_revision().publish()
    assert more.format("/en/mayors/") in get(client, "/en/").content.decode()
    pledge_index.unpublish()
    assert 'class="section__more"' not in get(client, "/en/").content.decode()


def test_each_page_of_a_type_is_loaded_by_its_own_key(client, forum_index):
    """The query loading a routed page is compiled once per page type: each
    request must still get its own page, edited text and related rows, in one
    query for the page and its venue."""
    first = make_forum(forum_index, title="First", venue=VenueFactory(name="Hall A"))
    second = make_forum(forum_index, title="Second", venue=VenueFactory(name="Hall B"))
    for forum, venue in ((first, "Hall A"), (second, "Hall B"), (first, "Hall A")):
        html = get(client, forum.url).content.decode()
        assert f"<h1>{forum.title}</h1>" in html
        assert venue in html
    first.title = "First, renamed"
    first.save_revision().publish()
    assert "<h1>First, renamed</h1>" in get(client, first.url).content.decode()

    get(client, second.url)
    with CaptureQueriesContext(connection) as captured:
        assert get(client, second.url).status_code == 200
    loads = [
        q["sql"] for q in captured if 'FROM "forums_forumpage" INNER JOIN' in q["sql"]
    ]
    venue_loads = [q["sql"] for q in captured if 'FROM "forums_venue"' in q["sql"]]
    assert len(loads) == 1 and '"forums_venue"' in loads[0]
    assert venue_loads == []


def test_a_page_of_another_type_at_the_same_key_is_not_confused(client, team):
    """Pages of every type share one key sequence; each type has its own query."""
    pledge = PledgePageFactory(parent=team.get_parent().get_parent(), city="Dayton")
    assert "<h1>Our team</h1>" in get(client, "/en/about/team/").content.decode()
    assert "Dayton" in get(client, pledge.url).content.decode()
    assert get(client, "/en/about/").status_code == 200
