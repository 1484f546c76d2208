"""At most ENGAGE_RECIPIENT_EMAIL_LIMIT emails an hour to one address from the
public forms, whoever asks from wherever (engage.recipient_limits)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engage import counters, recipient_limits
from engage.models import RateCounter
from forums.models import RSVP
from pledges.models import PledgeFollower
from tests.factories.forums import make_forum, rsvp_data
from tests.factories.pledges import PledgePageFactory

pytestmark = pytest.mark.django_db

HOUR_START = 1_800_000_000  # a multiple of 3600


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.ENGAGE_RATE_LIMITS_ENABLED = True
    settings.ENGAGE_RECIPIENT_EMAIL_LIMIT = 3
    settings.ENGAGE_RECIPIENT_EMAIL_WINDOW = 3600


@pytest.fixture
def clock(monkeypatch):
    fake = SimpleNamespace(now=HOUR_START + 10)
    monkeypatch.setattr(counters, "time", SimpleNamespace(time=lambda: fake.now))
    return fake


def test_three_an_hour_per_address_however_it_is_written(clock):
    spellings = [
        "ana@example.org",
        "ANA@example.org",
        " Ana@Example.org ",
        "ana@example.org",
    ]
    assert [recipient_limits.allow(email) for email in spellings] == [
        True,
        True,
        True,
        False,
    ]
    assert recipient_limits.allow("someone-else@example.org")
    clock.now = HOUR_START + 3599
    assert not recipient_limits.allow("ana@example.org")
    clock.now = HOUR_START + 3600
    assert recipient_limits.allow("ana@example.org")


def test_the_counter_keeps_no_address(clock):
    recipient_limits.allow("ana@example.org")
    (counter,) = RateCounter.objects.all()
    assert "ana" not in counter.key.lower()
    assert "example" not in counter.key.lower()


def test_switched_off_with_the_other_limits(settings, clock):
    settings.ENGAGE_RATE_LIMITS_ENABLED = False
    assert all(recipient_limits.allow("ana@example.org") for _ in range(10))
    assert not RateCounter.objects.exists()


def test_a_stranger_cannot_flood_an_inbox_through_the_follow_form(
    client, pledge, pledge_index, clock
):
    """Four follow requests for one address, each from its own IP and for its own
    pledge: three confirmation emails; the fourth visitor sees the same page."""
    pledges = [pledge] + [PledgePageFactory(parent=pledge_index) for _ in range(3)]
    pages = []
    for number, target in enumerate(pledges):
        response = client.post(
            reverse("pledges:follow", args=[target.pk]),
            {"email": "victim@example.org", "frequency": "each", "language": "en"},
            REMOTE_ADDR=f"203.0.113.{number + 1}",
        )
        assert response.status_code == 200
        names = {template.name for template in response.templates}
        pages.append(
            (
                "pledges/follow_sent.html" in names,
                "victim@example.org" in response.content.decode(),
            )
        )
    assert pages == [(True, True)] * 4
    assert [message.to for message in mail.outbox] == [["victim@example.org"]] * 3
    assert PledgeFollower.objects.filter(email="victim@example.org").count() == 4
    # An hour later the address may be asked again.
    clock.now = HOUR_START + 3600
    client.post(
        reverse("pledges:follow", args=[pledges[3].pk]),
        {"email": "victim@example.org", "frequency": "each", "language": "en"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert len(mail.outbox) == 4


def test_a_stranger_cannot_flood_an_inbox_through_rsvp_forms(
    client, forum_index, clock
):
    """Four RSVPs for one address, each from its own IP and for its own forum:
    three emails; the fourth visitor sees the same receipt, and nothing is
    stored or sent for them."""
    soon = timezone.now() + datetime.timedelta(days=10)
    forums = [
        make_forum(forum_index, start=soon + datetime.timedelta(days=n))
        for n in range(4)
    ]
    receipts = []
    for number, forum in enumerate(forums):
        response = client.post(
            forum.url,
            rsvp_data(email="victim@example.org"),
            REMOTE_ADDR=f"203.0.113.{number + 1}",
            follow=True,
        )
        assert response.status_code == 200
        receipts.append([str(message) for message in response.context["messages"]])
    assert receipts[3] == receipts[0]
    assert [message.to for message in mail.outbox] == [["victim@example.org"]] * 3
    assert RSVP.objects.filter(email="victim@example.org").count() == 3
