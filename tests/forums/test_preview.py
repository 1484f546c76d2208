"""An organizer previews a forum before publishing it: a new forum (not yet
saved) and a saved forum with edited areas both render as edited, with their
areas and expected officers, instead of failing on rows they do not have yet."""

import datetime

import pytest
from django.utils import timezone

from engage.models import Area
from forums.models import ForumOfficer, ForumPage

pytestmark = pytest.mark.django_db


def preview(page, rf, user):
    request = rf.get("/")
    request.user = user
    response = page.serve_preview(request, page.default_preview_mode)
    return response.render().content.decode()


@pytest.fixture
def areas():
    return [
        Area.objects.create(name="Riverside", slug="riverside"),
        Area.objects.create(name="Hillcrest", slug="hillcrest"),
    ]


def test_a_new_forum_previews_as_edited(forum_index, areas, rf, admin_user):
    forum = ForumPage(
        title="A new forum",
        slug="new-forum",
        start=timezone.now() + datetime.timedelta(days=9),
    )
    forum.areas = areas
    forum.expected_officers = [ForumOfficer(name="Lt. Rivera", rank="Lieutenant")]
    forum.set_url_path(forum_index)

    page = preview(forum, rf, admin_user)

    assert "A new forum" in page
    assert page.index("Hillcrest") < page.index("Riverside")
    assert "Lt. Rivera" in page
    assert "Add to calendar (.ics)" not in page


def test_a_saved_forum_previews_its_edited_areas(forum, areas, rf, admin_user):
    edited = ForumPage.objects.get(pk=forum.pk)
    edited.areas = areas[:1]
    page = preview(edited, rf, admin_user)
    assert "Riverside" in page
    assert "Hillcrest" not in page
    assert "Add to calendar (.ics)" in page
    assert [area.slug for area in forum.areas_as_shown()] == []
