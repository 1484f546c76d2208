"""The seats a forum's page counts as taken are read by a sum compiled once with
the forum's key (``forums.models.rsvps.seats_taken_at``): confirmed and offered
parties count, waitlisted and cancelled ones do not, and no forum's RSVPs count
towards another's."""

import pytest

from forums.models import ForumPage, RSVPStatus
from forums.models.rsvps import seats_taken_at
from tests.factories.forums import RSVPFactory, make_forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def east(forum, forum_index):
    for status, size in [
        (RSVPStatus.CONFIRMED, 2),
        (RSVPStatus.OFFERED, 1),
        (RSVPStatus.WAITLISTED, 3),
        (RSVPStatus.CANCELLED, 5),
    ]:
        RSVPFactory(forum=forum, status=status, party_size=size)
    return forum


@pytest.fixture
def west(forum_index):
    forum = make_forum(forum_index, title="Westside forum", capacity=10)
    RSVPFactory(forum=forum, status=RSVPStatus.CONFIRMED, party_size=4)
    return forum


def test_each_forum_counts_its_own_held_seats(east, west, forum_index):
    assert seats_taken_at(east.pk) == 3
    assert seats_taken_at(west.pk) == 4


def test_a_forum_with_none_held_has_none_taken(forum_index):
    waiting = make_forum(forum_index, title="Waiting forum")
    assert seats_taken_at(waiting.pk) == 0
    RSVPFactory(forum=waiting, status=RSVPStatus.WAITLISTED, party_size=2)
    assert seats_taken_at(waiting.pk) == 0
    assert seats_taken_at(None) == 0


def test_the_page_counts_seats_left_from_them(west, django_assert_num_queries):
    forum = ForumPage.objects.get(pk=west.pk)
    with django_assert_num_queries(1):
        assert forum.seats_left == 6
