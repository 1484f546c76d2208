import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from forums.models import ReminderDelivery
from forums.reminders import send_due_reminders
from tests.factories.forums import RSVPFactory, make_forum, make_series


def test_each_reminder_goes_once(forum):
    confirmed = RSVPFactory(forum=forum, language="ko")
    RSVPFactory(forum=forum, status="waitlisted")
    RSVPFactory(forum=forum, status="cancelled")
    start = forum.start
    assert send_due_reminders(now=start - datetime.timedelta(hours=49)) == 0
    assert send_due_reminders(now=start - datetime.timedelta(hours=47)) == 1
    assert send_due_reminders(now=start - datetime.timedelta(hours=46)) == 0
    (message,) = mail.outbox
    assert message.to == [confirmed.email]
    assert 'lang="ko"' in message.alternatives[0][0]
    assert send_due_reminders(now=start - datetime.timedelta(hours=1)) == 1
    assert send_due_reminders(now=start - datetime.timedelta(minutes=30)) == 0
    assert send_due_reminders(now=start + datetime.timedelta(minutes=1)) == 0
    assert len(mail.outbox) == 2


def test_catching_up_sends_one_reminder_not_two(forum):
    RSVPFactory(forum=forum)
    assert send_due_reminders(now=forum.start - datetime.timedelta(hours=1)) == 1
    assert send_due_reminders(now=forum.start - datetime.timedelta(minutes=5)) == 0
    assert ReminderDelivery.objects.count() == 2
    assert len(mail.outbox) == 1


def test_series_offsets(forum_index):
    series = make_series(forum_index, reminder_hours="24")
    forum = make_forum(forum_index, series=series)
    RSVPFactory(forum=forum)
    assert send_due_reminders(now=forum.start - datetime.timedelta(hours=47)) == 0
    assert send_due_reminders(now=forum.start - datetime.timedelta(hours=23)) == 1
    assert send_due_reminders(now=forum.start - datetime.timedelta(hours=1)) == 0


def test_cancelled_forum_gets_no_reminders(forum):
    RSVPFactory(forum=forum)
    forum.status = "cancelled"
    forum.save_revision().publish()
    mail.outbox.clear()
    assert send_due_reminders(now=forum.start - datetime.timedelta(hours=1)) == 0


def test_command_sends_the_reminders_that_are_due(forum_index):
    soon = make_forum(
        forum_index, start=timezone.now() + datetime.timedelta(minutes=30)
    )
    rsvp = RSVPFactory(forum=soon)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_forum_reminders", stdout=out)
    assert out.getvalue() == "1 reminders sent.\n"
    assert [message.to for message in mail.outbox] == [[rsvp.email]]
    call_command("send_forum_reminders", stdout=out)
    assert out.getvalue().endswith("0 reminders sent.\n")
    assert len(mail.outbox) == 1
