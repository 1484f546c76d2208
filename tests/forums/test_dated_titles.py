"""The date beside a series forum's title is read from its start, so after a move
every place that names the forum shows the new date; its address stays, and an
address that does change redirects in every language."""

import datetime

import icalendar
import pytest
from babel.dates import format_date
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from forums import series_plan
from forums.generation import generate_forums
from forums.models import ForumPage
from forums.models.series import Weekday
from tests.factories.forums import RSVPFactory
from tests.helpers import url_in


@pytest.fixture
def moved(series):
    """A forum generated for the second Tuesday, moved to the third Thursday."""
    today = timezone.localdate()
    series.starts_on = (today.replace(day=1) + datetime.timedelta(days=32)).replace(
        day=1
    )
    series.save()
    (forum,) = generate_forums(series, 1, after=series.starts_on)
    RSVPFactory(forum=forum, language="en", email="en@example.org")
    RSVPFactory(forum=forum, language="es", email="es@example.org")
    old_url = url_in(forum, "en")
    series.week_position = 3
    series.weekday = Weekday.THURSDAY
    series.save()
    series_plan.apply_plan(series, series_plan.build_plan(series).fingerprint)
    forum = ForumPage.objects.get(pk=forum.pk)
    return {
        "forum": forum,
        "old_url": old_url,
        "new": timezone.localtime(forum.start).date(),
    }


def english(day):
    return f"{day:%B} {day.day}, {day.year}"


def test_titles_show_the_new_date_everywhere(moved, admin_client, client):
    forum, new = moved["forum"], moved["new"]
    old = forum.start.date() - datetime.timedelta(days=9)  # 3rd Thu - 9 = 2nd Tue
    assert forum.title == "Eastside forums"  # the stored title holds no date
    expected = f"Eastside forums: {english(new)}"
    assert forum.display_title == expected
    with translation.override("es"):
        spanish = format_date(new, format="long", locale="es")
        assert forum.display_title == f"Eastside forums: {spanish}"
    assert str(forum) == expected
    assert forum.get_admin_display_title() == expected

    # The slug names the month, which the move kept: the address is unchanged.
    assert forum.slug == f"eastside-{new:%Y-%m}"
    assert url_in(forum, "en") == moved["old_url"]

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["en@example.org"] == f"Changed: {expected}"
    assert subjects["es@example.org"] == f"Cambios: Eastside forums: {spanish}"

    page = client.get(url_in(forum, "en")).content.decode()
    assert f"<h1>{expected}</h1>" in page
    assert f"<title>{expected} ·" in page
    assert english(old) not in page

    check_in = admin_client.get(reverse("forums_admin:check_in", args=[forum.pk]))
    assert check_in.context["page_title"] == f"Check-in: {expected}"
    sheet = admin_client.get(reverse("forums_admin:sign_in_sheet", args=[forum.pk]))
    assert f"<h1>{expected}</h1>" in sheet.content.decode()

    feed = client.get(reverse("forums:calendar_forum", args=[forum.pk]))
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == expected


def test_a_changed_slug_redirects_in_every_language(
    moved, client, django_capture_on_commit_callbacks
):
    forum = moved["forum"]
    old_paths = {code: url_in(forum, code) for code in ("en", "es", "ko")}
    forum.slug = "eastside-special-session"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail's signal
        forum.save_revision().publish()
    forum = Page.objects.get(pk=forum.pk).specific
    for code, old_path in old_paths.items():
        response = client.get(old_path)
        assert response.status_code == 301
        assert response["Location"] == url_in(forum, code)
        assert response["Location"].endswith("/forums/eastside-special-session/")
