import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from engage.models import Area
from tests.factories.engage import UserFactory
from tests.factories.forums import RSVPFactory, make_forum


def test_index_lists_upcoming_then_past_with_filters(client, forum_index):
    east = Area.objects.create(name="Eastside", slug="eastside")
    now = timezone.now()
    make_forum(
        forum_index,
        title="Soon east",
        areas=[east],
        start=now + datetime.timedelta(days=2),
    )
    make_forum(
        forum_index,
        title="Later korean",
        interpretation_languages=["ko"],
        start=now + datetime.timedelta(days=20),
    )
    for number in range(12):
        make_forum(
            forum_index,
            title=f"Past {number:02}",
            start=now - datetime.timedelta(days=30 + number),
        )
    page = client.get(forum_index.url).content.decode()
    assert page.index("Soon east") < page.index("Later korean") < page.index("Past 00")
    assert "Past 09" in page and "Past 10" not in page  # ten past forums a page
    page2 = client.get(forum_index.url, {"page": "2"}).content.decode()
    assert "Past 10" in page2 and "Past 00" not in page2
    filtered = client.get(forum_index.url, {"area": "eastside"}).content.decode()
    assert "Soon east" in filtered and "Later korean" not in filtered
    filtered = client.get(forum_index.url, {"language": "ko"}).content.decode()
    assert "Later korean" in filtered and "Soon east" not in filtered
    for junk in (
        {"area": "\x00"},
        {"language": "zz"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "x"},
    ):
        assert client.get(forum_index.url, junk).status_code == 200


def test_online_link_only_for_registrants(client, forum_index, django_user_model):
    forum = make_forum(
        forum_index, format="hybrid", online_url="https://meet.example/x"
    )
    assert "meet.example" not in client.get(forum.url).content.decode()
    user = UserFactory(email="u@example.org")
    RSVPFactory(forum=forum, email="u@example.org")
    client.force_login(user)
    assert "https://meet.example/x" in client.get(forum.url).content.decode()


def test_home_page_shows_next_forums(client, forum_index, home):
    make_forum(forum_index, title="Next one")
    make_forum(
        forum_index,
        title="Long gone",
        start=timezone.now() - datetime.timedelta(days=3),
    )
    page = client.get(home.url).content.decode()
    assert "Next community forums" in page
    assert "Next one" in page and "Long gone" not in page


def test_account_page_lists_rsvps(client, forum_index):
    """Those made with one of the account's verified addresses, and only those."""
    user = UserFactory(email="u@example.org")
    EmailAddress.objects.create(user=user, email="U.Work@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="unproven@example.org")
    soon = make_forum(forum_index, title="Coming up")
    past = make_forum(
        forum_index, title="Went to", start=timezone.now() - datetime.timedelta(days=3)
    )
    RSVPFactory(forum=soon, email="u@example.org")
    RSVPFactory(forum=past, email="u.work@example.org", attended_at=past.start)
    RSVPFactory(
        forum=make_forum(forum_index, title="Not proven"), email="unproven@example.org"
    )
    RSVPFactory(forum=make_forum(forum_index, title="Only linked"), user=user)
    client.force_login(user)
    page = client.get("/en/accounts/profile/").content.decode()
    assert "Your forum RSVPs" in page
    assert page.index("Coming up") < page.index("Went to")
    assert "Attended" in page
    assert "Not proven" not in page and "Only linked" not in page


def test_spanish_page(client, forum):
    page = client.get(forum.url.replace("/en/", "/es/")).content.decode()
    assert "Foro del Este" in page
    assert "Biblioteca Este" in page


def test_a_forum_in_several_areas_is_listed_and_counted_once(client, forum_index):
    """The index reads its filtered forums directly (no subquery of their ids):
    joining the areas must not list or count a forum twice, under any filter."""
    east = Area.objects.create(name="Eastside", slug="eastside")
    north = Area.objects.create(name="Northside", slug="northside")
    now = timezone.now()
    for number in range(13):
        make_forum(
            forum_index,
            title=f"Shared {number:02}",
            areas=[east, north],
            interpretation_languages=["es", "vi"],
            start=now + datetime.timedelta(days=1 + number),
        )
    for filters in ({}, {"area": "eastside"}, {"area": "northside", "language": "vi"}):
        first = client.get(forum_index.url, filters).content.decode()
        second = client.get(forum_index.url, {**filters, "upcoming": "2"})
        second = second.content.decode()
        titles = [f"Shared {number:02}" for number in range(13)]
        assert [first.count(f">{title}<") for title in titles[:12]] == [1] * 12
        assert [second.count(f">{title}<") for title in titles] == [0] * 12 + [1]
        assert "Page 1 of 2" in first and "Page 2 of 2" in second
