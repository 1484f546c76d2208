"""A forum page's published summary is read by a query compiled once with the
forum's key (``outcomes.wagtail_hooks``): each forum shows its own summary and
its action items, never another forum's, a draft summary is not shown, and a
forum not yet saved has none (it was looked up by a key it does not have). The
action items carried forward from earlier forums of its series are read the same
way, except in a preview, which reads them by its series and date as edited."""

import datetime

import pytest

from forums.models import ForumPage
from outcomes.models import carried_forward_items
from outcomes.wagtail_hooks import forum_outcomes_context
from tests.factories.forums import make_series
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


def test_the_summary_and_its_items_take_three_queries(
    forums, django_assert_num_queries
):
    # The summary, its action items (with no responsible unit to read) and what
    # was changed in them since they were agreed.
    with django_assert_num_queries(3):
        assert outcomes(forums[0])[1] == ["Fix the park lights"]


def test_a_forum_not_yet_saved_has_no_summary(forum_index):
    assert outcomes(ForumPage(title="A new forum")) == (None, [])


def test_the_forum_page_shows_the_summary(client, forums):
    page = client.get(forums[0].url).content.decode()
    assert "Fix the park lights" in page
    assert "Walk the route with residents" not in page


@pytest.fixture
def series_forums(forum_index):
    """Three forums of a series, one of another series and one of none, with
    open and closed items summarised at each of the earlier ones."""
    series = make_series(forum_index)
    other_series = make_series(forum_index, title="Westside forums", slug="west")
    first, second = (
        past_forum(forum_index, days, series=series, title=f"Forum {days}")
        for days in (60, 30)
    )
    upcoming = past_forum(forum_index, -20, series=series, title="Next forum")
    other = past_forum(forum_index, 40, series=other_series, title="Other series")
    alone = past_forum(forum_index, -10, title="In no series")
    make_summary(first, items=[("Fix the park lights", "open"), ("Done", "done")])
    make_summary(second, items=[("Bilingual officers", "in_progress")])
    make_summary(other, items=[("Other series item", "open")])
    return first, second, upcoming, other, alone


def carried(forum, request=None):
    context = forum_outcomes_context(forum, request, {})
    return [item.description for item in context["carried_forward"]]


def test_each_forum_carries_forward_its_own_series_open_items(series_forums):
    first, second, upcoming, other, alone = series_forums
    assert carried(upcoming) == ["Fix the park lights", "Bilingual officers"]
    assert carried(second) == ["Fix the park lights"]
    assert carried(first) == []
    assert carried(other) == []
    assert carried(alone) == []
    for forum in series_forums:
        assert carried(forum) == [
            item.description for item in carried_forward_items(forum)
        ]


def test_a_forum_in_no_series_reads_nothing_carried_forward(
    series_forums, django_assert_num_queries
):
    with django_assert_num_queries(1):  # its summary only
        assert carried(series_forums[4]) == []


def test_a_preview_carries_forward_by_the_date_as_edited(series_forums, rf):
    """A preview of the next forum moved before the second reads the items
    open before its new date, not before its saved one."""
    first, second, upcoming, *_ = series_forums
    upcoming.start = second.start - datetime.timedelta(days=1)
    request = rf.get(upcoming.url)
    request.is_preview = True
    assert carried(upcoming, request) == ["Fix the park lights"]
    request.is_preview = False
    assert carried(upcoming, request) == ["Fix the park lights", "Bilingual officers"]
