"""The home page invites readers to open surveys through cards read from rows,
not pages: each card must still name its survey in the reader's language, mark
English on another language's page, link to the survey and say when it closes."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from surveys.models import Audience
from tests.factories.surveys import make_survey
from tests.helpers import url_in

pytestmark = pytest.mark.django_db


def cards(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {card.h3.get_text(): card for card in soup.select("section.surveys-home li")}


@pytest.fixture
def surveys(survey_index):
    now = timezone.now()
    return {
        "translated": make_survey(
            survey_index,
            title="Feeling safe",
            title_es="Sentirse seguro",
            closes_at=datetime.datetime(2031, 3, 14, 18, 0, tzinfo=datetime.UTC),
        ),
        "english": make_survey(survey_index, title="Walking <b>after</b> dark"),
        "invited": make_survey(
            survey_index, title="Officers only", audience=Audience.INVITED
        ),
        "closed": make_survey(
            survey_index, title="Last year", closes_at=now - datetime.timedelta(days=1)
        ),
    }


def test_cards_name_link_and_date_each_open_survey(client, home, surveys):
    shown = cards(client, url_in(home, "en"))
    assert list(shown) == ["Feeling safe", "Walking <b>after</b> dark"]
    safe, walking = shown.values()
    assert safe.a["href"] == url_in(surveys["translated"], "en")
    assert safe.select_one("p").get_text() == "Open until March 14, 2031"
    assert safe.select_one(".tag").get_text() == "Anonymous"
    assert safe.a.get("lang") is None
    assert walking.a["href"] == url_in(surveys["english"], "en")
    assert walking.a.b is None  # the title's markup stays text


def test_cards_follow_the_readers_language_and_mark_english(client, home, surveys):
    shown = cards(client, url_in(home, "es"))
    assert list(shown) == ["Sentirse seguro", "Walking <b>after</b> dark"]
    safe, walking = shown.values()
    assert safe.a["href"] == url_in(surveys["translated"], "es")
    assert safe.a.get("lang") is None
    assert (walking.a["lang"], walking.a["dir"]) == ("en", "ltr")
    assert walking.a["href"] == url_in(surveys["english"], "es")
