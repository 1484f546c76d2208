import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import ForumPage, WalkIn
from tests.factories.forums import RSVPFactory, make_forum, make_series


@pytest.fixture
def rsvps(forum):
    return [
        RSVPFactory(
            forum=forum,
            name="Ana Pérez",
            party_size=3,
            interpretation_language="es",
            childcare_children=2,
        ),
        RSVPFactory(
            forum=forum,
            name="Bao Tran",
            party_size=2,
            interpretation_language="es",
            asl=True,
        ),
        RSVPFactory(
            forum=forum,
            name="Chen Li",
            party_size=1,
            interpretation_language="vi",
            access_needs="Ramp please",
        ),
        RSVPFactory(
            forum=forum,
            name="Dana Wait",
            party_size=4,
            status="waitlisted",
            childcare_children=1,
        ),
    ]


def test_overview_counts_and_rollup(admin_client, forum, rsvps):
    response = admin_client.get(reverse("forums_admin:overview", args=[forum.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "6 people (3 RSVPs)" in page  # confirmed
    assert "4 people (1 RSVP)" in page  # waitlist
    assert "Spanish interpretation: 5 people" in page
    assert "Vietnamese interpretation: 1 person" in page
    assert "ASL: 2 people" in page
    assert "Childcare: 2 children" in page
    assert "Childcare: 1 child" in page  # on the waitlist
    assert "Ramp please" in page


def test_check_in_search_mark_and_walk_in(admin_client, forum, rsvps):
    url = reverse("forums_admin:check_in", args=[forum.pk])
    page = admin_client.get(url, {"q": "bao"}).content.decode()
    assert "Bao Tran" in page and "Ana Pérez" not in page
    assert admin_client.get(url, {"q": "\x00" * 3}).status_code == 200
    mark = reverse("forums_admin:mark_attended", args=[forum.pk, rsvps[1].pk])
    response = admin_client.post(mark, {"attended": "1", "q": "bao"})
    assert response.status_code == 302 and response["Location"].endswith("?q=bao")
    rsvps[1].refresh_from_db()
    assert rsvps[1].attended_at is not None
    walk_in = reverse("forums_admin:walk_in", args=[forum.pk])
    admin_client.post(walk_in, {"count": "3", "name": ""})
    admin_client.post(walk_in, {"count": "99999"})
    admin_client.post(walk_in, {"count": "x"})
    assert list(WalkIn.objects.values_list("count", flat=True)) == [3]
    page = admin_client.get(url).content.decode()
    assert "Checked in: 2 · Walk-ins: 3 · Total: 5" in page
    admin_client.post(mark, {"attended": "0"})
    rsvps[1].refresh_from_db()
    assert rsvps[1].attended_at is None


def test_sign_in_sheet_lists_confirmed(admin_client, forum, rsvps):
    page = admin_client.get(
        reverse("forums_admin:sign_in_sheet", args=[forum.pk])
    ).content.decode()
    assert "Ana Pérez" in page and "Dana Wait" not in page


def test_rsvp_listing_filters_and_exports(admin_client, forum, rsvps):
    index = reverse("forum_rsvps:index")
    page = admin_client.get(index, {"forum": forum.pk, "status": "waitlisted"})
    assert "Dana Wait" in page.content.decode()
    assert "Ana Pérez" not in page.content.decode()
    response = admin_client.get(index, {"forum": forum.pk, "export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 5
    assert "Ana Pérez" in content and "ana" not in rows[0]
    response = admin_client.get(index, {"export": "xlsx"})
    assert response.status_code == 200
    response = admin_client.get(reverse("forum_rsvps:add"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_forum_page_has_organizer_buttons(admin_client, forum):
    page = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[forum.pk])
    ).content.decode()
    assert reverse("forums_admin:overview", args=[forum.pk]) in page
    assert reverse("forums_admin:check_in", args=[forum.pk]) in page


def test_generate_dates_from_the_admin(admin_client, forum_index):
    series = make_series(forum_index, starts_on=timezone.localdate())
    listing = admin_client.get(reverse("wagtailsnippets_forums_forumseries:list"))
    url = reverse("forums_admin:generate", args=[series.pk])
    assert url in listing.content.decode()
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"count": "abc"}).status_code == 200
    admin_client.post(url, {"count": "4"})
    admin_client.post(url, {"count": "4"})
    assert ForumPage.objects.filter(series=series).count() == 4


def test_organizer_views_need_permission(client, forum, django_user_model):
    user = django_user_model.objects.create_user("nobody", "n@example.org", "pw")
    client.force_login(user)
    url = reverse("forums_admin:check_in", args=[forum.pk])
    response = client.get(url)
    # A signed-in resident is refused with the staff-only page, not sent to sign in.
    assert response.status_code == 403
    assert "Staff only" in response.content.decode()


def test_past_forum_attendance_feeds_summary(forum_index):
    forum = make_forum(forum_index, start=timezone.now() - datetime.timedelta(days=1))
    RSVPFactory(forum=forum, party_size=2, attended_at=forum.start)
    RSVPFactory(forum=forum, party_size=5)
    WalkIn.objects.create(forum=forum, count=4)
    assert forum.attendance()["attended_people"] == 6


def test_part_of_a_party_checks_in(admin_client, forum, rsvps):
    ana = rsvps[0]  # a party of three
    url = reverse("forums_admin:check_in", args=[forum.pk])
    mark = reverse("forums_admin:mark_attended", args=[forum.pk, ana.pk])
    admin_client.post(mark, {"attended": "1", "people": "2"})
    ana.refresh_from_db()
    assert (ana.attended_at is not None, ana.arrived_count) == (True, 2)
    page = admin_client.get(url).content.decode()
    assert "2 of 3 arrived" in page
    assert "Checked in: 2 · Walk-ins: 0 · Total: 2" in page
    assert forum.attendance()["attended_people"] == 2

    # The third arrives late: the same form records the whole party.
    admin_client.post(mark, {"attended": "1", "people": "3"})
    assert forum.attendance()["checked_in_people"] == 3
    admin_client.post(mark, {"attended": "0"})
    ana.refresh_from_db()
    assert (ana.attended_at, ana.arrived_count) == (None, 0)
    assert forum.attendance()["checked_in_people"] == 0


def test_walk_ins_are_corrected_and_removed(admin_client, forum):
    admin_client.post(reverse("forums_admin:walk_in", args=[forum.pk]), {"count": "3"})
    walk_in = WalkIn.objects.get()
    correct = reverse("forums_admin:correct_walk_in", args=[forum.pk, walk_in.pk])
    response = admin_client.post(correct, {"count": "2", "name": "Lee family"})
    assert response.status_code == 302
    assert response["Location"] == reverse("forums_admin:check_in", args=[forum.pk])
    walk_in.refresh_from_db()
    assert (walk_in.count, walk_in.name) == (2, "Lee family")
    admin_client.post(correct, {"count": "0", "name": ""})
    walk_in.refresh_from_db()
    assert walk_in.count == 2
    page = admin_client.get(
        reverse("forums_admin:check_in", args=[forum.pk])
    ).content.decode()
    assert "Checked in: 0 · Walk-ins: 2 · Total: 2" in page
    assert correct in page

    admin_client.post(correct, {"remove": "1", "count": "2"})
    assert not WalkIn.objects.exists()
    assert forum.attendance()["attended_people"] == 0


def test_walk_ins_of_another_forum_cannot_be_changed(admin_client, forum, forum_index):
    other = make_forum(forum_index, title="Westside forum")
    walk_in = WalkIn.objects.create(forum=other, count=4)
    response = admin_client.post(
        reverse("forums_admin:correct_walk_in", args=[forum.pk, walk_in.pk]),
        {"remove": "1"},
        follow=True,  # the language middleware first tries the path under /en/
    )
    assert response.status_code == 404
    assert WalkIn.objects.filter(pk=walk_in.pk).exists()
