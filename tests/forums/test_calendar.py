import datetime
import zoneinfo

import icalendar
import recurring_ical_events
from babel.dates import format_date
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import notifications
from forums.models import RSVP, ForumCalendarEntry, ForumFormat, ForumStatus, RSVPStatus
from tests.factories.forums import RSVPFactory, make_forum, make_series, rsvp_data
from tests.helpers import rsvp_by_form

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
        # A series' forum shows its date, read from its start, after the title.
        day = timezone.localtime(forum.start, CHICAGO)
        long_date = format_date(day.date(), format="long", locale="es")
        assert str(event["SUMMARY"]) == f"{forum.title_es}: {long_date}"
        assert event["DTSTART"].dt == forum.start
        assert "/es/" in str(event["URL"])
    assert str(
        by_uid[ForumCalendarEntry.objects.get(forum=other).ical_uid]["SUMMARY"]
    ) == ("Other")
    english = occurrences(parse(client.get("/en/calendar/forums.ics")))
    assert {str(e["SUMMARY"]) for e in english} >= {
        f"Forum {i}: {timezone.localtime(forum.start, CHICAGO):%B %-d, %Y}"
        for i, forum in enumerate(forums[:2])
    }


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


def attached_event(message):
    """The METHOD and the VEVENT of an email's calendar file."""
    ((_, content, _),) = [
        a for a in message.attachments if a[2].startswith("text/calendar")
    ]
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


def test_a_waitlisted_resident_is_not_told_their_seat_is_confirmed(client, forum):
    RSVPFactory(forum=forum, party_size=10)
    rsvp_by_form(client, forum, rsvp_data(language="en"))
    method, event = attached_event(mail.outbox[-1])
    assert method == "REQUEST"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event["ATTENDEE"].params["PARTSTAT"] == "TENTATIVE"
    assert "You are on the waitlist: you do not have a seat yet." in str(
        event["DESCRIPTION"]
    )


def test_a_self_cancel_outranks_the_invitation_it_cancels(client, forum):
    rsvp_by_form(client, forum, rsvp_data(language="en"))
    rsvp = RSVP.objects.get()
    _, invitation = attached_event(mail.outbox[-1])
    client.post(reverse("forums:rsvp_cancel", args=[rsvp.manage_token()]))
    method, cancel = attached_event(mail.outbox[-1])
    assert method == "CANCEL"
    assert str(cancel["UID"]) == str(invitation["UID"])
    assert cancel["SEQUENCE"] > invitation["SEQUENCE"]

    # Signing up again sends an invitation that outranks the cancellation.
    rsvp_by_form(client, forum, rsvp_data(language="en"))
    method, again = attached_event(mail.outbox[-1])
    assert method == "REQUEST"
    assert again["SEQUENCE"] > cancel["SEQUENCE"]


JOIN_LINK = "https://meet.example.org/eastside-forum"


def test_the_join_link_goes_only_to_confirmed_registrants(client, forum_index, venue):
    forum = make_forum(
        forum_index,
        venue=venue,
        format=ForumFormat.HYBRID,
        online_url=JOIN_LINK,
        capacity=1,
    )
    seated = RSVPFactory(forum=forum, email="seated@example.org")
    waiting = RSVPFactory(
        forum=forum, email="wait@example.org", status=RSVPStatus.WAITLISTED
    )
    notifications.rsvp_confirmed(seated)
    notifications.rsvp_waitlisted(waiting)
    _, seated_event = attached_event(mail.outbox[0])
    _, waiting_event = attached_event(mail.outbox[1])
    assert f"Online link: {JOIN_LINK}" in str(seated_event["DESCRIPTION"])
    assert str(seated_event["CONFERENCE"]) == JOIN_LINK
    assert JOIN_LINK not in waiting_event.to_ical().decode()

    for feed in (
        f"/en/calendar/forum/{forum.pk}.ics",
        "/en/calendar/forums.ics",
    ):
        assert JOIN_LINK not in client.get(feed).content.decode()
