"""A forum page's areas and expected officers are read by queries compiled once
with the forum's key (``forums.models.places.areas_of``, ``officers_of``): each
forum shows its own, in the order the reader's language gives the areas and the
order the organizer gave the officers, and a page held in memory (a preview)
shows them as edited rather than as saved."""

import pytest
from django.utils.translation import override

from engage.models import Area
from forums.models import ForumOfficer
from forums.models.officers import officers_of
from forums.models.places import areas_of
from tests.factories.forums import make_forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return {
        name: Area.objects.create(name=name, slug=name.lower(), name_es=spanish)
        for name, spanish in [
            ("Riverside", "Ribera"),
            ("Hillcrest", "Colina"),
            ("Downtown", ""),  # not translated: sorted by its English name
        ]
    }


@pytest.fixture
def east(forum_index, areas):
    forum = make_forum(forum_index, areas=list(areas.values()))
    for order, name in enumerate(["Sgt. Ruiz", "Lt. Okafor"]):
        ForumOfficer.objects.create(
            forum=forum, name=name, unit="East", sort_order=order
        )
    return forum


@pytest.fixture
def west(forum_index, areas):
    forum = make_forum(forum_index, title="Westside forum", areas=[areas["Downtown"]])
    ForumOfficer.objects.create(forum=forum, name="Cpt. Lee", unit="West")
    return forum


def names(rows):
    return [row.name for row in rows]


def test_each_forum_reads_its_own_areas_sorted_in_the_readers_language(east, west):
    with override("en"):
        assert names(areas_of(east.pk)) == ["Downtown", "Hillcrest", "Riverside"]
        assert names(areas_of(west.pk)) == ["Downtown"]
    with override("es"):
        assert names(areas_of(east.pk)) == ["Colina", "Downtown", "Ribera"]
    with override("en"):  # the Spanish order did not stay behind
        assert names(areas_of(east.pk)) == ["Downtown", "Hillcrest", "Riverside"]
    assert areas_of(east.pk + 1000) == []


def test_each_forum_reads_its_own_officers_in_their_order(east, west):
    assert names(officers_of(east.pk)) == ["Sgt. Ruiz", "Lt. Okafor"]
    assert names(officers_of(west.pk)) == ["Cpt. Lee"]
    ForumOfficer.objects.filter(name="Sgt. Ruiz").update(sort_order=5)
    assert names(officers_of(east.pk)) == ["Lt. Okafor", "Sgt. Ruiz"]


def test_a_page_as_saved_reads_the_database_and_as_edited_reads_memory(east, areas):
    east.refresh_from_db()
    assert names(east.officers()) == ["Sgt. Ruiz", "Lt. Okafor"]
    assert names(east.areas_as_shown()) == ["Downtown", "Hillcrest", "Riverside"]
    edited = east.get_latest_revision_as_object()
    edited.expected_officers = [ForumOfficer(name="Det. Novak", unit="East")]
    edited.areas = [areas["Riverside"]]
    assert names(edited.officers()) == ["Det. Novak"]
    assert names(edited.areas_as_shown()) == ["Riverside"]


def test_the_forum_page_shows_its_areas_and_officers(client, east, west):
    page = client.get("/es" + east.url[3:]).content.decode()
    assert page.index("Colina") < page.index("Downtown") < page.index("Ribera")
    assert page.index("Sgt. Ruiz") < page.index("Lt. Okafor")
    assert "Cpt. Lee" not in page
