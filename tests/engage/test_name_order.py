"""Areas are listed by the names readers see. A Spanish reader's list must not
open with the areas nobody has translated yet (their Spanish column is empty):
"Northside", shown in English, belongs between "Este" and "Oeste"."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from engage.models import Area
from tests.factories.cms import ResourceIndexPageFactory, ResourcePageFactory
from tests.factories.forums import make_forum
from tests.factories.pledges import PledgePageFactory
from tests.factories.surveys import make_survey
from tests.helpers import url_in

pytestmark = pytest.mark.django_db

SPANISH = ["Este", "Northside", "Oeste"]
ENGLISH = ["Eastside", "Northside", "Westside"]


@pytest.fixture
def areas():
    # Created in an order that is neither the English nor the Spanish one.
    return [
        Area.objects.create(name="Westside", name_es="Oeste", slug="westside"),
        Area.objects.create(name="Northside", slug="northside"),
        Area.objects.create(name="Eastside", name_es="Este", slug="eastside"),
    ]


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def options(select):
    return [option.get_text(strip=True) for option in select.find_all("option")[1:]]


@pytest.mark.parametrize("language, shown", [("es", SPANISH), ("en", ENGLISH)])
def test_the_forum_index_lists_areas_as_read(
    client, forum_index, areas, language, shown
):
    make_forum(forum_index, title="Traffic stops", areas=areas)
    soup = soup_of(client, url_in(forum_index, language))
    card = soup.select_one("article.forum-card")
    # The interpretation languages' tags are marked in their own language.
    in_order = [
        li.get_text()
        for li in card.select(".forum-card__tags li")
        if li.get("lang") in (None, "en")
    ]
    assert in_order == shown
    assert options(soup.find("select", attrs={"name": "area"})) == shown


def test_the_forum_page_lists_its_areas_as_read(client, forum_index, areas):
    forum = make_forum(forum_index, title="Traffic stops", areas=areas)
    soup = soup_of(client, url_in(forum, "es"))
    heading = soup.find("dt", string="Zonas")
    assert heading.find_next_sibling("dd").get_text() == "Este, Northside, Oeste"


def test_survey_forms_offer_areas_as_read(client, survey_index, areas):
    survey = make_survey(
        survey_index,
        [{"kind": "text", "text": "Anything else?"}],
        ask_area=True,
        results_public=True,
    )
    form = soup_of(client, url_in(survey, "es"))
    assert options(form.find("select", attrs={"name": "area"})) == SPANISH
    results = soup_of(client, url_in(survey, "es") + "results/")
    assert options(results.find("select", attrs={"name": "area"})) == SPANISH


@pytest.mark.parametrize(
    "language, shown",
    [
        ("es", ["Nuevo Puerto", "Riverton", "Vista del Lago"]),
        ("en", ["Lakeview", "New Harbor", "Riverton"]),
    ],
)
def test_the_pledge_index_lists_cities_as_read(
    client, home, pledge_index, language, shown
):
    PledgePageFactory(parent=pledge_index, city="Lakeview", city_es="Vista del Lago")
    PledgePageFactory(parent=pledge_index, city="Riverton")
    PledgePageFactory(parent=pledge_index, city="New Harbor", city_es="Nuevo Puerto")
    index = soup_of(client, url_in(pledge_index, language))
    assert [h3.get_text() for h3 in index.select(".pledge-card h3")] == shown
    grid = index.select(".pledge-grid tbody th")
    assert [th.get_text(strip=True) for th in grid] == shown
    on_home = soup_of(client, url_in(home, language))
    assert [a.get_text(strip=True) for a in on_home.select(".pledge-home h3")] == shown


def test_the_resource_hub_lists_resources_as_read(client, home):
    hub = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=hub, title_en="Tenant rights", title_es="Derechos")
    ResourcePageFactory(parent=hub, title_en="Legal aid society")
    ResourcePageFactory(parent=hub, title_en="Youth advocates", title_es="Jóvenes")
    shown = soup_of(client, url_in(hub, "es")).select(".card h3")
    assert [(h3.get_text(), h3.a.get("lang")) for h3 in shown] == [
        ("Derechos", None),
        ("Jóvenes", None),
        ("Legal aid society", "en"),
    ]


def test_the_open_data_history_lists_cities_as_the_index_does(client, pledge_index):
    PledgePageFactory(parent=pledge_index, city="Lakeview", city_es="Vista del Lago")
    PledgePageFactory(parent=pledge_index, city="Riverton")
    PledgePageFactory(parent=pledge_index, city="New Harbor", city_es="Nuevo Puerto")
    with translation.override("es"):
        history = client.get(reverse("pledges:history", args=["json"])).json()
    signings = [e["city"] for e in history["history"] if e["kind"] == "original"]
    assert signings == ["Nuevo Puerto", "Riverton", "Vista del Lago"]
