"""What every page reads per content version (the menu, the site settings, the
time zone, whether a page is private) is kept in each process and read once per
request; an operator's change must still show on the very next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.models import MenuItem, NavigationSettings
from engage import cache as content
from engage.models import SiteSettings
from engage.timezones import site_timezone


@pytest.fixture(autouse=True)
def _pages_rendered(settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0  # every request renders its page


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def test_a_renamed_organisation_shows_on_the_next_request(client, home):
    client.get("/en/")
    settings = SiteSettings.objects.get(pk=site_settings().pk)
    settings.organization_name = "Riverton Community Trust"
    settings.save()
    assert "Riverton Community Trust" in client.get("/en/").content.decode()


def test_the_footer_follows_the_settings_in_each_language(client, home):
    """The footer is drawn once per site, language and version."""
    for language in ("en", "es"):
        client.get(f"/{language}/")
    settings = SiteSettings.objects.get(pk=site_settings().pk)
    settings.tagline_en = "Forums every month"
    settings.tagline_es = "Foros cada mes"
    settings.contact_phone = "555-0100"
    settings.save()
    english = client.get("/en/").content.decode()
    spanish = client.get("/es/").content.decode()
    footer = english[english.index('<footer class="site-footer">') :]
    assert "<p>Forums every month</p>" in footer and "555-0100" in footer
    assert 'href="/en/privacy/">Privacy</a>' in footer
    footer = spanish[spanish.index('<footer class="site-footer">') :]
    assert "<p>Foros cada mes</p>" in footer and "555-0100" in footer
    assert 'href="/es/privacy/">Privacidad</a>' in footer


def test_a_new_menu_item_shows_on_the_next_request(client, home):
    client.get("/en/")
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    MenuItem.objects.create(
        settings=navigation, link_url="https://example.org/report", label="Reports"
    )
    assert '<a href="https://example.org/report">Reports</a>' in (
        client.get("/en/").content.decode()
    )


def test_a_new_time_zone_applies_on_the_next_request(client, home):
    client.get("/en/")
    settings = SiteSettings.objects.get(pk=site_settings().pk)
    settings.timezone = "Asia/Seoul"
    settings.save()
    assert str(site_timezone()) == "Asia/Seoul"


def test_a_change_written_behind_the_signals_shows_after_a_cache_clear(home):
    assert str(site_timezone()) != "Pacific/Auckland"
    SiteSettings.objects.update(timezone="Pacific/Auckland")
    cache.clear()  # what an operator does after writing to the database
    assert str(site_timezone()) == "Pacific/Auckland"


def test_settings_made_on_first_read_are_kept_for_the_version_they_made(home):
    """The first read creates the settings row, which moves the version; what it
    read must be kept for the new version, or every request would read again."""
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.all().delete()
    cache.clear()
    site_timezone()
    with CaptureQueriesContext(connection) as queries:
        site_timezone()
        SiteSettings.for_site(site)
    assert len(queries) == 0


def test_a_request_reads_the_version_once_and_sees_its_own_change(rf):
    seen = []

    def view(request):
        seen.append(content.content_version())
        seen.append(content.content_version())
        content.bump_content_version()
        seen.append(content.content_version())
        return None

    content.content_version()  # the version exists, as on a running site
    reads = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    cache.get = counting_get
    try:
        content.ContentVersionMiddleware(view)(rf.get("/en/"))
    finally:
        del cache.get
    assert seen[0] == seen[1] and seen[2] == seen[0] + 1
    assert reads.count(content.VERSION_KEY) == 2  # once, and once after its bump
    # Outside a request every call reads the cache: a task sees every change.
    before = content.content_version()
    cache.incr(content.VERSION_KEY)
    assert content.content_version() == before + 1


def test_the_header_escapes_what_an_editor_typed(client, home):
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    MenuItem.objects.create(
        settings=navigation,
        link_url='https://example.org/?a=1&b="2"',
        label="<script>alert(1)</script> & more",
    )
    html = client.get("/ar/").content.decode()
    assert "<script>alert(1)" not in html
    # Typed in English only, the label is marked as English on the Arabic page.
    assert (
        '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" lang="en" dir="ltr">'
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</a>"
    ) in html
    # The current language is marked, and Arabic is written right to left.
    assert '<a href="/ar/" lang="ar" hreflang="ar" dir="rtl" aria-current="true">' in (
        html
    )
    assert '<link rel="alternate" hreflang="es" href="/es/">' in html


def test_the_time_zone_brings_the_site_settings_with_it(home):
    """With every cache empty (the first request after a restart or a publish),
    the time zone's query also gives the settings every page shows."""
    site = Site.objects.get(is_default_site=True)
    site_settings()  # the row exists, as on a running site
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        site_timezone()
        SiteSettings.for_site(site)
    assert len(queries) == 1


def test_no_request_is_kept_in_the_settings_the_next_one_reads(client, home, rf):
    """Wagtail hangs the request on the settings it gives a template; the copy
    kept for the next requests must not carry it."""
    client.get("/en/")
    request = rf.get("/en/")
    request._wagtail_site = Site.objects.get(is_default_site=True)
    served = SiteSettings.for_request(request)
    assert served._request is request
    assert not hasattr(SiteSettings.for_site(request._wagtail_site), "_request")


def test_the_menu_marks_the_page_being_read_and_no_other(client, home):
    """The menu's links are written once per site, language and version: the
    page being read is still marked on each page, in each language."""
    from cms.models import StandardPage

    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    about, team = (
        home.add_child(instance=StandardPage(title=title, slug=title.lower()))
        for title in ("About", "Team")
    )
    for order, page in enumerate((about, team)):
        MenuItem.objects.create(settings=navigation, link_page=page, sort_order=order)
    # Titles typed in English only are marked as English on the Spanish pages.
    for language, mark in (("en", ""), ("es", ' lang="en" dir="ltr"'), ("en", "")):
        html = client.get(f"/{language}/about/").content.decode()
        assert (
            html.count(
                f'<a href="/{language}/about/"{mark} aria-current="page">About</a>'
            )
            == 2
        )  # the folded menu for phones and the wide one
        assert html.count(f'<a href="/{language}/team/"{mark}>Team</a>') == 2
        html = client.get(f"/{language}/team/").content.decode()
        assert html.count(f'<a href="/{language}/about/"{mark}>About</a>') == 2
        assert (
            html.count(
                f'<a href="/{language}/team/"{mark} aria-current="page">Team</a>'
            )
            == 2
        )
        html = client.get(f"/{language}/").content.decode()
        assert 'aria-current="page"' not in html
