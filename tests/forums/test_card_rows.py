"""Forum cards read their forums' areas and seats by queries compiled once per
number of forums (``engage.compiled.key_placeholders``): each forum gets its own
areas, in the reader's language's order, and its own held seats per mode,
whatever the order or number of forums asked for, as the same queries built for
those forums read them."""

import pytest
from django.utils.translation import override

from engage import compiled
from engage.models import Area
from forums.models import ForumPage, RSVPStatus
from forums.models.cards import _areas_of, _areas_query
from forums.models.listing import _seats_query, attach_seats
from tests.factories.forums import RSVPFactory, make_forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def forums(forum_index):
    river = Area.objects.create(name="Riverside", slug="riverside", name_es="Ribera")
    hill = Area.objects.create(name="Hillcrest", slug="hillcrest", name_es="Colina")
    down = Area.objects.create(name="Downtown", slug="downtown")
    east = make_forum(forum_index, areas=[river, hill, down], capacity=20)
    west = make_forum(forum_index, title="Westside forum", areas=[down])
    north = make_forum(forum_index, title="Northside forum")
    for forum, status, size in [
        (east, RSVPStatus.CONFIRMED, 2),
        (east, RSVPStatus.OFFERED, 1),
        (east, RSVPStatus.WAITLISTED, 4),
        (west, RSVPStatus.CONFIRMED, 3),
        (west, RSVPStatus.CANCELLED, 5),
    ]:
        RSVPFactory(forum=forum, status=status, party_size=size)
    return east, west, north


def area_names(areas):
    return {forum: [area.name for area in listed] for forum, listed in areas.items()}


class Card:
    def __init__(self, pk):
        self.pk = pk


def seats(forum_ids):
    listed = [Card(pk) for pk in forum_ids]
    attach_seats(listed)
    return {card.pk: card.confirmed_people for card in listed}


def built_seats(forum_ids):
    taken = dict.fromkeys(forum_ids, 0)
    for forum, _attendance, held in _seats_query(forum_ids):
        taken[forum] += held
    return taken


ORDERS = [(0,), (1, 0), (2, 0, 1), (0, 1, 2)]


def test_each_forum_reads_its_own_areas_in_the_readers_order(forums):
    east, west, north = forums
    with override("es"):
        assert area_names(_areas_of(ForumPage, [east.pk, west.pk, north.pk], "es")) == {
            east.pk: ["Colina", "Downtown", "Ribera"],
            west.pk: ["Downtown"],
        }
    for language in ("en", "es"):
        with override(language):
            for order in ORDERS:
                keys = [forums[number].pk for number in order]
                expected = {}
                for row in _areas_query(keys, ForumPage, language):
                    expected.setdefault(row["forumpage_id"], []).append(
                        row[f"area__name_{language}"] or row["area__name_en"]
                    )
                assert area_names(_areas_of(ForumPage, keys, language)) == expected


def test_each_forum_reads_its_own_held_seats(forums):
    east, west, north = forums
    assert seats([west.pk, north.pk, east.pk]) == {east.pk: 3, west.pk: 3, north.pk: 0}
    for order in ORDERS:
        keys = [forums[number].pk for number in order]
        assert seats(keys) == built_seats(keys)
    RSVPFactory(
        forum=north, status=RSVPStatus.CONFIRMED, party_size=2, attendance="online"
    )
    card, other = Card(north.pk), Card(east.pk)
    attach_seats([card, other])
    assert (card.in_room_people, card.online_people, card.confirmed_people) == (
        0,
        2,
        2,
    )
    assert (other.in_room_people, other.online_people) == (3, 0)


def test_longer_lists_than_are_compiled_read_the_same(forums, monkeypatch):
    monkeypatch.setattr(compiled, "MOST_KEYS_COMPILED", 1)
    east, west, north = forums
    keys = [east.pk, west.pk, north.pk]
    assert seats(keys) == {east.pk: 3, west.pk: 3, north.pk: 0}
    assert area_names(_areas_of(ForumPage, keys, "en")) == {
        east.pk: ["Downtown", "Hillcrest", "Riverside"],
        west.pk: ["Downtown"],
    }
