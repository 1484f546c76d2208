"""A forum page's published summary is read by a query compiled once with the
forum's key (``outcomes.wagtail_hooks``): each forum shows its own summary and
its action items, never another forum's, a draft summary is not shown, and a
forum not yet saved has none (it was looked up by a key it does not have)."""

import pytest

from forums.models import ForumPage
from outcomes.wagtail_hooks import forum_outcomes_context
from tests.factories.outcomes import make_summary, past_forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def forums(forum_index):
    east = past_forum(forum_index, 3, title="Eastside forum")
    west = past_forum(forum_index, 5, title="Westside forum")
    north = past_forum(forum_index, 7, title="Northside forum")
    make_summary(east, items=[("Fix the park lights", "planned")])
    make_summary(west, items=[("Walk the route with residents", "in_progress")])
    make_summary(north, publish=False, title="Summary in draft")
    return east, west, north


def outcomes(forum):
    context = forum_outcomes_context(forum, None, {})
    summary = context["summary"]
    return (
        summary.title if summary else None,
        [item.description for item in context["summary_action_items"]],
    )


def test_each_forum_shows_its_own_published_summary(forums):
    east, west, north = forums
    assert outcomes(west) == (
        "Summary: Westside forum",
        ["Walk the route with residents"],
    )
    assert outcomes(east) == ("Summary: Eastside forum", ["Fix the park lights"])
    assert outcomes(north) == (None, [])


def test_the_summary_and_its_items_take_two_queries(forums, django_assert_num_queries):
    # The summary, and its action items (with no responsible unit to read).
    with django_assert_num_queries(2):
        assert outcomes(forums[0])[1] == ["Fix the park lights"]


def test_a_forum_not_yet_saved_has_no_summary(forum_index):
    assert outcomes(ForumPage(title="A new forum")) == (None, [])


def test_the_forum_page_shows_the_summary(client, forums):
    page = client.get(forums[0].url).content.decode()
    assert "Fix the park lights" in page
    assert "Walk the route with residents" not in page
