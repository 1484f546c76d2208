"""Rows read without their pages get their addresses from ``url_of_path``: it must
give what ``Page.get_url`` gives, for every page, on every site, in every
language, with and without the request."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site

from cms.listings import url_of_path
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
