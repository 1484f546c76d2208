"""Each number on the privacy page is the one the code applies, and what the page
says is deleted really is, after that time."""

import datetime
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from engage import counters, mail
from engage.models import RateCounter
from engage.privacy_views import SENT_EMAIL_DAYS
from forums.models import WalkIn
from forums.retention import purge_personal_data
from outcomes.models import Delivery, Distribution
from pledges.choices import Frequency
from pledges.models import PledgeFollower
from pledges.services.following import CONFIRM_MAX_AGE, request_follow
from tests.factories.forums import make_past_forum
from tests.factories.outcomes import make_members, make_summary
from tests.tasks import run_due_tasks, use_database_tasks

pytestmark = pytest.mark.django_db

README = Path(django_settings.BASE_DIR) / "README.md"


def page_text(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    return " ".join(
        BeautifulSoup(response.content, "html.parser").main.stripped_strings
    )


# Your account ------------------------------------------------------------------


def test_the_sign_in_length_is_the_session_age(client, home, settings):
    settings.SESSION_COOKIE_AGE = 5 * 86400

    assert "A sign-in lasts at most 5 days." in page_text(client)


# Emails we send ----------------------------------------------------------------


def prune_command_in_readme():
    """The scheduled clean-up the README tells operators to run daily."""
    match = re.search(r"`manage\.py (prune_db_task_results [^`]+)`", README.read_text())
    assert match is not None
    return match.group(1).replace("'", "").split()


def test_the_readme_prunes_sent_emails_after_the_days_the_page_states(client, home):
    command = prune_command_in_readme()

    assert command[command.index("--min-age-days") + 1] == str(SENT_EMAIL_DAYS)
    assert (
        f"A sent email is deleted from the queue {SENT_EMAIL_DAYS} days after it "
        "was sent." in page_text(client)
    )


def test_the_scheduled_prune_deletes_a_sent_email_after_those_days(settings):
    use_database_tasks(settings)
    for address in ("old@example.org", "recent@example.org"):
        mail.send_email(
            "engage/email/account_deleted", {"deleted_at": timezone.now()}, address
        )
    assert run_due_tasks() == 2
    now = timezone.now()
    ages = {
        "old@example.org": datetime.timedelta(days=SENT_EMAIL_DAYS, minutes=1),
        "recent@example.org": datetime.timedelta(days=SENT_EMAIL_DAYS, minutes=-60),
    }
    for row in DBTaskResult.objects.all():
        (address,) = row.args_kwargs["args"][0]["to"]
        DBTaskResult.objects.filter(pk=row.pk).update(finished_at=now - ages[address])

    name, *arguments = prune_command_in_readme()
    call_command(name, *arguments, verbosity=0)

    (kept,) = DBTaskResult.objects.all()
    assert kept.args_kwargs["args"][0]["to"] == ["recent@example.org"]


def test_the_retries_stated_are_the_ones_made(client, home):
    last_retry = sum(
        (mail.retry_delay(attempt) for attempt in range(2, mail.MAX_SEND_ATTEMPTS + 1)),
        start=datetime.timedelta(0),
    )

    assert last_retry == datetime.timedelta(minutes=31)
    assert "up to 6 times, over about 31 minutes" in page_text(client)


# Limits against abuse ----------------------------------------------------------


def test_the_longest_counter_window_is_stated(client, home, settings):
    settings.ENGAGE_RECIPIENT_EMAIL_WINDOW = 2 * 3600
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/900s/key"}

    text = page_text(client)

    assert "the longest window is 120 minutes." in text
    assert "Sign-in counts are kept for at most 15 minutes." in text


def test_a_count_is_stored_hashed_and_deleted_once_its_window_has_passed():
    counters.increment("recipient:someone@example.org", 3600)
    (counter,) = RateCounter.objects.all()
    assert "someone" not in counter.key
    # The window ends.
    RateCounter.objects.update(expires_at=timezone.now() - datetime.timedelta(1))

    counters.increment("recipient:other@example.org", 3600)

    assert not RateCounter.objects.filter(key=counter.key).exists()
    assert RateCounter.objects.count() == 1


# Forum RSVPs ---------------------------------------------------------------------


def test_walk_in_names_are_erased_with_the_rsvps(client, home):
    forum = make_past_forum(home, days_ago=91)
    WalkIn.objects.create(forum=forum, count=2, name="Jordan Lee")

    purge_personal_data()

    assert list(WalkIn.objects.values_list("name", "count")) == [("", 2)]
    assert "Names written down for walk-ins are erased at the same time." in (
        page_text(client)
    )


def test_the_page_states_what_a_close_watcher_can_see(client, home):
    text = page_text(client)

    assert "What others can see" in text
    assert "the link to see or change an RSVP is only ever emailed" in text


# Police department members -------------------------------------------------------


def test_removing_a_member_deletes_the_record_of_what_was_sent_to_them(client, home):
    forum = make_past_forum(home, days_ago=3)
    member, other = make_members(2)
    distribution = Distribution.objects.create(summary=make_summary(forum))
    for person in (member, other):
        Delivery.objects.create(
            distribution=distribution, member=person, email=person.email
        )

    member.delete()

    assert list(Delivery.objects.values_list("email", flat=True)) == [other.email]
    assert "Until staff remove the member from the roster, which also deletes" in (
        page_text(client)
    )


# Following a pledge ----------------------------------------------------------------


def follow(pledge, email, asked_days_ago, confirmed=False):
    follower = PledgeFollower.objects.create(pledge=pledge, email=email)
    asked = timezone.now() - datetime.timedelta(days=asked_days_ago)
    PledgeFollower.objects.filter(pk=follower.pk).update(
        created_at=asked, confirmed_at=asked if confirmed else None
    )
    return follower


def test_an_unconfirmed_follow_is_deleted_once_its_link_has_expired(client, pledge):
    days = CONFIRM_MAX_AGE // 86400
    follow(pledge, "expired@example.org", days + 1)
    follow(pledge, "pending@example.org", days - 1)
    follow(pledge, "confirmed@example.org", days + 30, confirmed=True)

    call_command("send_pledge_digests", stdout=io.StringIO())

    assert sorted(PledgeFollower.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "pending@example.org",
    ]
    assert f"If you do not confirm within {days} days, the link stops working" in (
        page_text(client)
    )


def test_asking_again_gives_a_fresh_week_to_confirm(pledge):
    days = CONFIRM_MAX_AGE // 86400
    follow(pledge, "again@example.org", days + 1)

    request_follow(pledge, "again@example.org", Frequency.WEEKLY, "en")
    call_command("send_pledge_digests", stdout=io.StringIO())

    assert PledgeFollower.objects.filter(email="again@example.org").exists()
