"""Rows read without their pages get their addresses from ``url_of_path`` and
``ChildAddresses``: they must give what ``Page.get_url`` gives, for every page
(every page below a site's root for ``ChildAddresses``), on every site, in every
language, with and without the request."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site

from cms.listings import ChildAddresses, url_of_path
from cms.models import HomePage, StandardPage
from engage.i18n import LANGUAGE_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(home, settings):
    settings.ALLOWED_HOSTS = ["*"]
    section = StandardPage(title="Section", slug="section")
    home.add_child(instance=section)
    section.add_child(instance=StandardPage(title="Deep", slug="deep"))
    second = HomePage(title="Second site home", slug="second-home")
    home.get_parent().add_child(instance=second)
    second.add_child(instance=StandardPage(title="Elsewhere", slug="elsewhere"))
    Site.objects.create(hostname="second.example.org", port=80, root_page=second)
    # A page under no site's root: Wagtail gives it no address.
    home.get_parent().add_child(instance=StandardPage(title="Orphan", slug="orphan"))
    return Page.objects.filter(depth__gt=1)


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("host", [None, "localhost", "second.example.org"])
def test_the_address_of_a_path_is_the_pages_own(two_sites, language, host):
    pages = list(two_sites.specific())
    assert len(pages) == 6
    with translation.override(language):
        for page in pages:
            # Each page gets its own request: Wagtail keeps the sites on it.
            request = host and RequestFactory().get("/", HTTP_HOST=host)
            expected = page.get_url(request)
            request = host and RequestFactory().get("/", HTTP_HOST=host)
            assert url_of_path(page.url_path, request) == expected, page.url_path
    urls = [page.get_url() for page in pages]
    assert None in urls
    assert "http://second.example.org/en/elsewhere/" in urls


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("host", [None, "localhost", "second.example.org"])
def test_a_childs_address_is_its_parents_and_its_slug(two_sites, language, host):
    roots = set(Site.objects.values_list("root_page", flat=True))
    pages = [page for page in two_sites.specific() if page.pk not in roots]
    assert [page.slug for page in pages] == ["section", "deep", "elsewhere", "orphan"]
    with translation.override(language):
        expected = [
            page.get_url(host and RequestFactory().get("/", HTTP_HOST=host))
            for page in pages
        ]
        # One reader for them all, as a listing has: parents are worked out once.
        addresses = ChildAddresses(host and RequestFactory().get("/", HTTP_HOST=host))
        assert [addresses(page.url_path) for page in pages] == expected
    assert expected[-1] is None
