"""Error pages a visitor may meet: a wrong address and a server failure."""

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError
from django.test import Client

from engage import views
from engage.models import SiteSettings


def test_404_speaks_the_visitors_language(client, demo_site):
    site_settings = SiteSettings.objects.get()
    site_settings.organization_name_es = "Foros de Riverton"
    site_settings.save()

    response = client.get("/es/nope/")

    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "es"
    assert soup.select_one(".site-name").get_text() == "Foros de Riverton"
    assert soup.select_one(".site-name")["href"] == "/es/"
    current = soup.select_one("nav.language-switcher a[aria-current]")
    assert current["lang"] == "es"
    assert current["href"] == "/es/nope/"
    assert "404.html" in [t.name for t in response.templates]


def test_404_in_arabic_is_right_to_left(client, demo_site):
    response = client.get("/ar/resources/no-such-resource/")

    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser").html
    assert (html["lang"], html["dir"]) == ("ar", "rtl")


def test_unprefixed_address_is_sent_to_a_language(client, demo_site):
    response = client.get("/nope/", headers={"accept-language": "vi"})

    assert response.status_code == 302
    assert response["Location"] == "/vi/nope/"


def test_server_error_page_needs_no_database(rf):
    # No `db` fixture: any query here would fail the test.
    response = views.server_error(rf.get("/es/anything/"))

    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong" in text
    assert "Algo salió mal" in text
    assert 'lang="ar" dir="rtl"' in text


def test_a_failing_view_shows_the_custom_500_page(demo_site, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr("cms.views.render", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/en/search/", {"q": "legal"})

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "the database went away" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/es/nope/", "/zh-hans/%00/", "/ko/resources/%3Cx%3E/"]
)
def test_odd_addresses_are_plain_404s(client, demo_site, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "<x>" not in response.content.decode()
