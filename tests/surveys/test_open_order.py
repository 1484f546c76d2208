"""A survey with no opening date (open since it was published) is listed after
those opened at a known time, on SQLite and on PostgreSQL: sorted by opening
date alone, it came last on one database and first on the other, so the home
page and the survey index listed the same surveys in two orders."""

import datetime

import pytest
from django.utils import timezone

from surveys.wagtail_hooks import home_open_surveys
from tests.factories.surveys import make_index, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveys(home):
    index = make_index(home)
    now = timezone.now()
    make_survey(index, title="Undated")
    make_survey(index, title="Opened last week", opens_at=now - datetime.timedelta(7))
    make_survey(index, title="Opened yesterday", opens_at=now - datetime.timedelta(1))
    return index


ORDER = ["Opened yesterday", "Opened last week", "Undated"]


def test_the_home_page_lists_dated_openings_first(home, surveys, rf):
    listed = home_open_surveys(rf.get("/"), home)["surveys"]
    assert [survey.title for survey in listed] == ORDER


def test_the_survey_index_lists_dated_openings_first(client, surveys):
    response = client.get(surveys.url)
    assert response.status_code == 200
    assert [survey.title for survey in response.context["open_surveys"]] == ORDER
