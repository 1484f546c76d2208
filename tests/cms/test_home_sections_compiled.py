"""The home page's next forums and open surveys are read by queries compiled
once per home page and language with the time now (``forums.wagtail_hooks``,
``surveys.wagtail_hooks``): as time passes a forum that has ended and a survey
that has closed drop off and one that opens appears, each home page lists only
what is below it, and titles come in the reader's language."""

import datetime

import pytest
from django.utils import timezone, translation
from freezegun import freeze_time
from wagtail.models import Page

from cms.models import HomePage
from forums.wagtail_hooks import home_next_forums
from surveys.models import Audience
from surveys.wagtail_hooks import home_open_surveys
from tests.factories.forums import make_forum, make_index
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def at(hours):
    return NOW + datetime.timedelta(hours=hours)


@pytest.fixture
def homes(home):
    other = Page.get_first_root_node().add_child(
        instance=HomePage(title="Other city", slug="other-city")
    )
    for page, prefix in ((home, ""), (other, "Other ")):
        forums, surveys = make_index(page), make_survey_index(page)
        for hours, title in ((1, "Ends soon"), (30, "Tomorrow"), (200, "Next week")):
            make_forum(
                forums,
                title=f"{prefix}{title}",
                title_es=f"{prefix}{title} (es)" if not prefix else "",
                start=at(hours - 2),
                end=at(hours),
            )
        make_forum(forums, title=f"{prefix}Later", start=at(400), end=at(402))
        make_survey(surveys, title=f"{prefix}Closes soon", closes_at=at(1))
        make_survey(surveys, title=f"{prefix}Opens later", opens_at=at(5))
        make_survey(surveys, title=f"{prefix}Always open", opens_at=at(-100))
        make_survey(surveys, title=f"{prefix}Invited", audience=Audience.INVITED)
    return home, other


def titles(section, rf, page):
    found = section(rf.get("/"), page)
    items = found["forums"] if "forums" in found else found["surveys"]
    return [item.title for item in items]


def test_the_sections_follow_the_time_and_their_own_home_page(homes, rf):
    home, other = homes
    with freeze_time(NOW):
        assert titles(home_next_forums, rf, home) == [
            "Ends soon",
            "Tomorrow",
            "Next week",
        ]
        assert titles(home_open_surveys, rf, home) == ["Closes soon", "Always open"]
        assert titles(home_next_forums, rf, other) == [
            "Other Ends soon",
            "Other Tomorrow",
            "Other Next week",
        ]
    with freeze_time(at(6)):
        assert titles(home_next_forums, rf, home) == ["Tomorrow", "Next week", "Later"]
        assert titles(home_open_surveys, rf, home) == ["Opens later", "Always open"]
        assert titles(home_open_surveys, rf, other) == [
            "Other Opens later",
            "Other Always open",
        ]
        with translation.override("es"):
            assert titles(home_next_forums, rf, home) == [
                "Tomorrow (es)",
                "Next week (es)",
                "Later",
            ]
    with freeze_time(at(1000)):
        assert home_next_forums(rf.get("/"), home) is None
