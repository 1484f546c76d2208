"""The public feeds are written line by line, not through icalendar's objects:
they must say exactly what the single forum's file says, fold where RFC 5545 asks,
and list a bounded window of forums whatever a city has held or scheduled."""

import datetime

import icalendar
import pytest
from django.utils import timezone, translation

from forums import ical, views
from forums.models import ForumCalendarEntry, ForumFormat, ForumStatus
from tests.factories.forums import make_forum
from tests.helpers import count_queries

PROPERTIES = (
    "UID",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "URL",
    "STATUS",
    "SEQUENCE",
    "DTSTART",
    "DTEND",
    "LAST-MODIFIED",
)


def events_of(content):
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def awkward_forums(forum_index, venue):
    """Forums whose text needs every escape and fold the format has."""
    venue.accessibility_notes = "Ramp; lift, and a loop\\hearing system.\nAsk us."
    venue.name_ar = "مكتبة الحي الشرقي"
    venue.accessibility_notes_ko = "경사로와 엘리베이터가 있습니다; 문의하세요."
    venue.save()
    soon = timezone.now() + datetime.timedelta(days=5)
    return [
        make_forum(
            forum_index,
            venue=venue,
            start=soon,
            title="Safety, trust; and \\ back-slashes",
            intro="Line one.\r\nLine two, with a comma; and a semicolon.\n" * 4,
        ),
        make_forum(
            forum_index,
            venue=venue,
            start=soon + datetime.timedelta(days=1),
            title="경찰과 주민이 함께하는 포럼, 동부 지역",
            title_ar="منتدى الشرطة والمجتمع، الجانب الشرقي",
            intro="주민들이 질문하고 경찰이 답합니다. " * 12,
            intro_ar="يطرح السكان أسئلتهم ويجيب الضباط عنها. " * 12,
            status=ForumStatus.POSTPONED,
        ),
        make_forum(
            forum_index,
            start=soon + datetime.timedelta(days=2),
            title="Online forum",
            format=ForumFormat.ONLINE,
            online_url="https://meet.example.org/secret-room",
            status=ForumStatus.CANCELLED,
        ),
    ]


@pytest.mark.parametrize("language", ["en", "ko", "ar"])
def test_the_feed_says_what_each_forums_own_file_says(client, awkward_forums, language):
    feed = client.get(f"/{language}/calendar/forums.ics")
    assert feed.status_code == 200
    listed = events_of(feed.content)
    assert len(listed) == 3
    with translation.override(language):
        for forum in awkward_forums:
            own = events_of(ical.build_calendar([forum]))
            ((uid, expected),) = own.items()
            event = listed[uid]
            for name in PROPERTIES:
                assert event.get(name) == expected.get(name), name
    # The join link is for confirmed registrants' own files, never a feed.
    assert b"secret-room" not in feed.content


def test_a_forum_without_a_calendar_entry_gets_one_and_keeps_it(client, forum_index):
    """Forums published before calendar entries existed: the feed gives each one
    its entry, so the event's UID stays the same from one refresh to the next."""
    forum = make_forum(forum_index, start=timezone.now() + datetime.timedelta(days=3))
    assert ForumCalendarEntry.objects.filter(forum=forum).delete()[0] == 1
    first = events_of(client.get("/en/calendar/forums.ics").content)
    entry = ForumCalendarEntry.objects.get(forum=forum)
    assert list(first) == [entry.ical_uid]
    again = events_of(client.get("/en/calendar/forums.ics").content)
    assert list(again) == [entry.ical_uid]
    assert str(again[entry.ical_uid]["SUMMARY"]) == forum.title


def test_every_line_of_the_feed_fits_in_75_octets(client, awkward_forums):
    for language in ("en", "ko", "ar"):
        content = client.get(f"/{language}/calendar/forums.ics").content
        assert content.endswith(b"END:VCALENDAR\r\n")
        lines = content.split(b"\r\n")
        assert max(len(line) for line in lines) <= 75
        # Each piece is whole UTF-8: no character was cut in two.
        for line in lines:
            line.decode("utf-8")


def test_the_feed_lists_the_nearest_forums_of_the_past_year_and_to_come(
    client, forum_index, monkeypatch
):
    monkeypatch.setattr(views, "FEED_PAST_LIMIT", 2)
    monkeypatch.setattr(views, "FEED_UPCOMING_LIMIT", 3)
    now = timezone.now()
    past = [
        make_forum(
            forum_index, title=f"Past {n}", start=now - datetime.timedelta(days=n)
        )
        for n in (400, 200, 30, 10)
    ]
    upcoming = [
        make_forum(
            forum_index, title=f"Next {n}", start=now + datetime.timedelta(days=n)
        )
        for n in (5, 50, 100, 300)
    ]
    calendar = icalendar.Calendar.from_ical(
        client.get("/en/calendar/forums.ics").content
    )
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Past 30", "Past 10", "Next 5", "Next 50", "Next 100"]
    assert {forum.title for forum in past + upcoming} >= set(summaries)


def test_the_feed_costs_the_same_queries_for_3_forums_and_for_60(client, forum_index):
    start = timezone.now() + datetime.timedelta(days=1)
    for n in range(3):
        make_forum(forum_index, start=start + datetime.timedelta(days=n))
    few = count_queries(client, "/en/calendar/forums.ics")
    for n in range(3, 60):
        make_forum(forum_index, start=start + datetime.timedelta(days=n))
    assert count_queries(client, "/en/calendar/forums.ics") == few == 2
