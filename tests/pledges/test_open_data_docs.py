"""The open data documentation page: every exported field described, the licence
stated, in all six languages, and linked from the pledge pages."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from engage.i18n import LANGUAGE_CODES
from pledges.services.open_data import HISTORY_FIELDS, OPEN_DATA_FIELDS

pytestmark = pytest.mark.django_db


def docs(client, language="en"):
    with translation.override(language):
        url = reverse("pledges:open_data_docs")
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def documented(page, heading_id):
    table = page.select_one(f"section[aria-labelledby={heading_id}] table")
    return [row.select_one("th").get_text() for row in table.select("tbody tr")]


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_field_is_described_in_every_language(client, language, settings):
    page = docs(client, language)
    assert page.html["lang"] == language
    assert documented(page, "data-progress-heading") == OPEN_DATA_FIELDS
    assert documented(page, "data-history-heading") == HISTORY_FIELDS
    for cell in page.select(".pledge-data-fields td"):
        assert cell.get_text(strip=True)
    licence = page.select_one("#data-licence")
    assert settings.PLEDGES_OPEN_DATA_LICENCE["name"] in licence.get_text()
    assert (
        licence.select_one("a[rel=license]")["href"]
        == (settings.PLEDGES_OPEN_DATA_LICENCE["url"])
    )


def test_a_changed_licence_setting_is_what_the_page_states(client, settings):
    settings.PLEDGES_OPEN_DATA_LICENCE = {
        "name": "ODbL 1.0",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    }
    licence = docs(client).select_one("#data-licence")
    assert "ODbL 1.0" in licence.get_text()
    assert licence.a["href"] == "https://opendatacommons.org/licenses/odbl/1-0/"


def test_pledge_pages_link_to_the_documentation(
    client, pledge_index, pledge, commitment
):
    expected = "/en/pledge-data/"
    for page in (pledge_index, pledge, commitment):
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        assert html.select_one(f'a[href="{expected}"]') is not None, page
