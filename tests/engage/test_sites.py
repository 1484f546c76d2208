"""The site and home page each process keeps between requests (engage.sites) must
never outlive a change: an operator who edits the home page, moves the site to
another root or another host, or empties the cache sees it at once."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from cms.models import HomePage, StandardPage
from engage import sites


@pytest.fixture(autouse=True)
def _pages_rendered(settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0  # each request goes through routing


def test_a_published_home_page_is_served_at_once(client, home):
    assert "Welcome home" not in client.get("/en/").content.decode()
    home.title = "Welcome home"
    home.save_revision().publish()
    assert "Welcome home" in client.get("/en/").content.decode()


def test_a_home_page_saved_without_the_signals_is_seen_after_a_cache_clear(
    client, home
):
    client.get("/en/")
    HomePage.objects.filter(pk=home.pk).update(title="Changed behind our back")
    cache.clear()  # what an operator does after writing to the database
    assert "Changed behind our back" in client.get("/en/").content.decode()


def test_a_new_root_page_takes_over_the_site(client, home):
    client.get("/en/")
    other = HomePage(title="Other home", slug="other-home")
    home.get_parent().add_child(instance=other)
    other.save_revision().publish()
    page = StandardPage(title="Only under the other home", slug="only-here")
    other.add_child(instance=page)
    page.save_revision().publish()
    assert client.get("/en/only-here/").status_code == 404
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    response = client.get("/en/only-here/")
    assert response.status_code == 200
    assert "Only under the other home" in response.content.decode()


def test_each_host_gets_its_own_site(home, settings):
    settings.ALLOWED_HOSTS = ["*"]
    second = HomePage(title="Second site home", slug="second-home")
    home.get_parent().add_child(instance=second)
    second.save_revision().publish()
    Site.objects.create(hostname="second.example.org", port=80, root_page=second)
    default = Client().get("/en/")
    other = Client(HTTP_HOST="second.example.org").get("/en/")
    assert "Second site home" in other.content.decode()
    assert "Second site home" not in default.content.decode()


def test_strangers_hosts_do_not_grow_the_memo(home):
    requests = RequestFactory()
    for number in range(sites.MAX_HOSTS * 3):
        request = requests.get("/en/", HTTP_HOST=f"probe{number}.example.org")
        assert sites.current_sites().site_for(request) == Site.objects.get(
            is_default_site=True
        )
    assert len(sites._memo[1].by_host) == sites.MAX_HOSTS


def test_the_memo_is_not_read_again_after_the_version_moves(home):
    request = RequestFactory().get("/en/")
    first = sites.current_sites().site_for(request)
    assert sites.current_sites().site_for(RequestFactory().get("/en/")) is first
    Site.objects.filter(pk=first.pk).update(site_name="Renamed")
    cache.clear()
    again = sites.current_sites().site_for(RequestFactory().get("/en/"))
    assert again is not first
    assert again.site_name == "Renamed"


def wagtails_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize("with_default", [True, False])
def test_the_site_chosen_is_the_one_wagtail_chooses(home, with_default):
    """Every host and port against every kind of match Wagtail ranks: exact,
    the host as default, the default for another host, one or several sites
    with the host on other ports, and no default at all."""
    Site.objects.filter(is_default_site=True).update(is_default_site=with_default)
    for hostname, port, default in [
        ("a.example.org", 80, False),
        ("a.example.org", 8080, False),
        ("b.example.org", 443, False),
        ("c.example.org", 80, False),
    ]:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=default
        )
    everyone = list(Site.objects.all())
    for hostname in [
        "localhost",
        "a.example.org",
        "b.example.org",
        "c.example.org",
        "z.org",
    ]:
        for port in [80, 443, 8080, 9000]:
            assert sites.choose(everyone, hostname, port) == wagtails_choice(
                hostname, port
            ), (hostname, port)


def test_the_root_paths_are_wagtails(home):
    second = HomePage(title="Second site home", slug="second-home")
    home.get_parent().add_child(instance=second)
    Site.objects.create(hostname="second.example.org", port=443, root_page=second)
    cache.clear()
    assert sites.Sites().root_paths == Site.get_site_root_paths()
