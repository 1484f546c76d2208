"""The forums a survey's results can be narrowed to are read, when no dates
narrow them, by a query compiled once per language with the survey's key and
its own forum's (``surveys.forum_choices``): each survey lists its own forum
and the forums its own responses came from, named in the reader's language."""

import pytest
from django.utils import translation

from surveys.forum_choices import survey_forums
from surveys.models import SurveyPage
from tests.factories.forums import make_past_forum
from tests.factories.surveys import add_responses, make_survey

pytestmark = pytest.mark.django_db


def names(survey):
    return [name for _pk, name in survey_forums(survey).choices]


def test_each_survey_lists_its_own_forums_in_the_readers_language(
    survey, survey_index, home
):
    east = make_past_forum(home, title="Eastside forum", title_es="Foro del Este")
    river = make_past_forum(home, title="Riverside forum", days_ago=40)
    north = make_past_forum(home, title="Northside forum", days_ago=20)
    other = make_survey(survey_index, [], title="Other survey", slug="other")
    add_responses(survey, 1, {"pick": "agree"}, forum=river)
    add_responses(other, 1, {}, forum=east)
    other.forum = north
    other.save_revision().publish()
    other = SurveyPage.objects.get(pk=other.pk)
    for _ in range(2):  # the second time through the queries compiled the first
        with translation.override("es"):
            assert names(survey) == ["Riverside forum"]
            assert names(other) == ["Foro del Este", "Northside forum"]
        with translation.override("en"):
            assert names(other) == ["Eastside forum", "Northside forum"]
            assert survey_forums(other).in_english == set()
        with translation.override("es"):
            assert survey_forums(other).in_english == {north.pk}
    assert names(make_survey(survey_index, [], title="None", slug="none")) == []
