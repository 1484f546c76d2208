import datetime

import icalendar
import pytest
from django.core import mail

from forums.models import ForumCalendarEntry, ForumStatus
from tests.factories.forums import RSVPFactory, VenueFactory


@pytest.fixture
def registrants(forum):
    return [
        RSVPFactory(forum=forum, language="es", party_size=9),
        RSVPFactory(forum=forum, language="vi", status="waitlisted", party_size=3),
        RSVPFactory(forum=forum, status="cancelled"),
    ]


def calendars():
    result = {}
    for message in mail.outbox:
        _, content, mimetype = message.attachments[0]
        result[message.to[0]] = (
            message,
            icalendar.Calendar.from_ical(content),
            mimetype,
        )
    return result


def test_reschedule_emails_confirmed_and_waitlisted_with_higher_sequence(
    forum, registrants
):
    uid = ForumCalendarEntry.objects.get(forum=forum).ical_uid
    forum.start += datetime.timedelta(days=1)
    forum.end += datetime.timedelta(days=1)
    forum.save_revision().publish()
    sent = calendars()
    assert set(sent) == {registrants[0].email, registrants[1].email}
    for rsvp in registrants[:2]:
        message, calendar, mimetype = sent[rsvp.email]
        assert f'lang="{rsvp.language}"' in message.alternatives[0][0]
        assert mimetype == "text/calendar; method=REQUEST"
        assert str(calendar["METHOD"]) == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert event["SEQUENCE"] == 1
        assert str(event["UID"]) == uid
        assert event["DTSTART"].dt == forum.start
    # A second change raises it again; a publish without changes does not.
    mail.outbox.clear()
    forum.save_revision().publish()
    assert mail.outbox == []
    forum.venue = VenueFactory(name="Riverside Center")
    forum.save_revision().publish()
    entry = ForumCalendarEntry.objects.get(forum=forum)
    assert entry.sequence == 2 and entry.ical_uid == uid
    message, calendar, _ = calendars()[registrants[0].email]
    assert "Riverside Center" in message.body
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 2


def test_cancel_sends_method_cancel(forum, registrants):
    forum.status = ForumStatus.CANCELLED
    forum.save_revision().publish()
    sent = calendars()
    assert set(sent) == {registrants[0].email, registrants[1].email}
    message, calendar, mimetype = sent[registrants[0].email]
    assert mimetype == "text/calendar; method=CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert "Cancel" in message.subject or "cancel" in message.body


def test_postponed_is_an_update(forum, registrants):
    forum.status = ForumStatus.POSTPONED
    forum.save_revision().publish()
    message, calendar, _ = calendars()[registrants[0].email]
    assert "se ha aplazado" in message.body  # the resident reads Spanish
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "TENTATIVE"


def test_an_old_revision_never_lowers_the_sequence(forum, registrants):
    first = forum.get_latest_revision()
    forum.start += datetime.timedelta(hours=1)
    forum.end += datetime.timedelta(hours=1)
    forum.save_revision().publish()
    first.publish()  # back to the original time: a change again
    assert ForumCalendarEntry.objects.get(forum=forum).sequence == 2


def test_change_email_lists_what_changed_as_a_sentence(forum):
    RSVPFactory(forum=forum, language="en", email="en@example.org")
    forum.start += datetime.timedelta(hours=1)
    forum.end += datetime.timedelta(hours=1)
    forum.venue = VenueFactory(name="Eastside Library")
    forum.save_revision().publish()
    (message,) = mail.outbox
    assert "The details of this forum have changed: the time and the place." in (
        message.body
    )


def test_venue_address_edit_tells_registrants_of_upcoming_forums(
    forum, django_capture_on_commit_callbacks
):
    rsvp = RSVPFactory(forum=forum, language="en")
    RSVPFactory(forum=forum, status="cancelled")
    uid = ForumCalendarEntry.for_forum(forum).ical_uid
    venue = type(forum.venue).objects.get(pk=forum.venue_id)
    venue.address = "400 New Street\nSpringfield"
    with django_capture_on_commit_callbacks(execute=True):
        venue.save()
    (message,) = mail.outbox
    assert message.to == [rsvp.email]
    assert "have changed: the place." in message.body
    assert "400 New Street" in message.body
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
    # Editing only the access notes tells nobody.
    mail.outbox.clear()
    venue.accessibility_notes = "Lift by the side door."
    with django_capture_on_commit_callbacks(execute=True):
        venue.save()
    assert mail.outbox == []
