import datetime
import zoneinfo

import icalendar
import recurring_ical_events
from django.core import mail
from django.utils import timezone

from forums import notifications
from forums.models import ForumCalendarEntry, ForumStatus
from tests.factories.forums import RSVPFactory, make_forum, make_series

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def occurrences(calendar, days=400):
    now = timezone.now()
    return recurring_ical_events.of(calendar).between(
        now - datetime.timedelta(days=days), now + datetime.timedelta(days=days)
    )


def test_forum_calendar_file(client, forum):
    response = client.get(f"/en/calendar/forum/{forum.pk}.ics")
    calendar = parse(response)
    (event,) = occurrences(calendar)
    entry = ForumCalendarEntry.objects.get(forum=forum)
    assert str(event["UID"]) == entry.ical_uid
    assert event["DTSTART"].dt == forum.start
    assert event["DTEND"].dt == forum.end
    assert event["DTSTART"].dt.tzinfo.key == "America/Chicago"
    assert str(event["SUMMARY"]) == "Eastside forum"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Eastside Branch Library" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(forum.url)
    assert event["SEQUENCE"] == 0
    for name in ("DTSTAMP", "LAST-MODIFIED", "DESCRIPTION"):
        assert name in event
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/Chicago"
    assert "attachment" in response["Content-Disposition"]


def test_feeds_list_the_same_events_in_the_language_of_the_url(client, forum_index):
    series = make_series(forum_index)
    start = timezone.now() + datetime.timedelta(days=3)
    forums = [
        make_forum(
            forum_index,
            series=series,
            start=start + datetime.timedelta(days=30 * i),
            title=f"Forum {i}",
            title_es=f"Foro {i}",
        )
        for i in range(3)
    ]
    other = make_forum(forum_index, title="Other", start=start)
    series_events = occurrences(
        parse(client.get("/es/calendar/forum-series/eastside.ics"))
    )
    all_events = occurrences(parse(client.get("/es/calendar/forums.ics")))
    uids = {f.pk: ForumCalendarEntry.objects.get(forum=f).ical_uid for f in forums}
    assert sorted(str(e["UID"]) for e in series_events) == sorted(uids.values())
    assert len(all_events) == 4
    by_uid = {str(e["UID"]): e for e in all_events}
    for forum in forums:
        event = by_uid[uids[forum.pk]]
        assert str(event["SUMMARY"]) == forum.title_es
        assert event["DTSTART"].dt == forum.start
        assert "/es/" in str(event["URL"])
    assert str(
        by_uid[ForumCalendarEntry.objects.get(forum=other).ical_uid]["SUMMARY"]
    ) == ("Other")
    english = occurrences(parse(client.get("/en/calendar/forums.ics")))
    assert {str(e["SUMMARY"]) for e in english} >= {"Forum 0", "Forum 1"}


def test_cancelled_forum_stays_in_feed_as_cancelled(client, forum):
    forum.status = ForumStatus.CANCELLED
    forum.save_revision().publish()
    calendar = parse(client.get("/en/calendar/forums.ics"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_unpublished_and_unknown_forums_are_not_served(client, forum_index):
    draft = make_forum(forum_index, publish=False, live=False)
    assert client.get(f"/en/calendar/forum/{draft.pk}.ics").status_code == 404
    assert client.get("/en/calendar/forum/999999.ics").status_code == 404
    assert client.get("/en/calendar/forum-series/nope.ics").status_code == 404
    calendar = parse(client.get("/en/calendar/forums.ics"))
    assert calendar.walk("VEVENT") == []


def test_pages_link_to_their_calendars(client, forum_index):
    series = make_series(forum_index)
    forum = make_forum(forum_index, series=series)
    page = client.get(forum.url).content.decode()
    assert (
        '<link rel="alternate" type="text/calendar" '
        f'title="This forum (calendar file)" href="/en/calendar/forum/{forum.pk}.ics">'
    ) in page
    assert 'href="http://testserver/en/calendar/forum-series/eastside.ics"' in page
    assert "webcal://testserver/en/calendar/forum-series/eastside.ics" in page
    assert "calendar.google.com" in page and "outlook.live.com" in page
    index = client.get(forum_index.url).content.decode()
    assert 'type="text/calendar"' in index and "/en/calendar/forums.ics" in index


def test_email_attachment_parses_and_names_the_resident(forum):

    rsvp = RSVPFactory(forum=forum, name="Ana", email="ana@example.org")
    notifications.rsvp_confirmed(rsvp)
    _, content, _ = mail.outbox[-1].attachments[0]
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:ana@example.org"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert event["DTSTART"].dt == forum.start
