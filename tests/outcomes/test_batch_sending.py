"""Batch sending (one provider call per batch), outages and crashes.

anymail's test backend stands in for a batch-capable provider: the tests tell
the distribution that the "Test" ESP substitutes ``[[field]]`` merge fields,
and ``copies`` plays the provider's part, expanding each batch message into the
individual copies its recipients would receive.
"""

import base64
import collections
import datetime
import json
import math
import re

import pytest
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from outcomes import reminders, rendering, reporting, sending, tokens
from outcomes.models import (
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    DepartmentUnit,
    DistributionStatus,
)
from tests.factories.outcomes import make_members

BACKEND = "tests.outcomes.test_batch_sending.BatchBackend"


class BatchBackend(AnymailTestBackend):
    """Counts provider calls; can fail the first ``failures`` calls, or accept a
    call and then crash before the answer is recorded (``crash_on_call``)."""

    calls = 0
    failures = 0
    crash_on_call = None

    def post_to_esp(self, payload, message):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise AnymailAPIError("503 Service Unavailable")
        response = super().post_to_esp(payload, message)
        if type(self).calls == type(self).crash_on_call:
            raise KeyboardInterrupt  # accepted, then the worker died
        return response


@pytest.fixture
def batch(settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.FORUMS_BATCH_MERGE_FORMATS = {"Test": "[[{}]]"}
    BatchBackend.calls = 0
    BatchBackend.failures = 0
    BatchBackend.crash_on_call = None
    mail.outbox = []
    yield BatchBackend
    BatchBackend.crash_on_call = None


def copies(outbox):
    """What each recipient receives: (to, subject, text, html) per copy."""
    result = []
    for message in outbox:
        merge_data = getattr(message, "merge_data", None) or {
            message.to[0]: {}  # a one-member message
        }
        for to in message.to:
            fields = merge_data[to]

            def fill(text, fields=fields):
                return re.sub(r"\[\[(\w+)\]\]", lambda m: fields[m.group(1)], text)

            result.append(
                (
                    to,
                    message.subject,
                    fill(message.body),
                    fill(message.alternatives[0][0]),
                )
            )
    return result


def test_batches_make_one_provider_call_each_and_everyone_gets_their_own_copy(
    client, summary, batch
):
    members = make_members(1000)
    created = sending.create_distribution(summary, enqueue=False)
    report = sending.send_pending(created)
    assert report.sent == 1000
    per_language = collections.Counter(m.preferred_language for m in members)
    expected_calls = sum(
        math.ceil(n / sending.BATCH_SIZE) for n in per_language.values()
    )
    assert batch.calls == report.provider_calls == expected_calls == 12
    for message in mail.outbox:
        assert message.anymail_test_params["is_batch_send"]  # separate copies
        assert (
            len({m.preferred_language for m in members if m.email in message.to}) == 1
        )
    received = copies(mail.outbox)
    assert len(received) == 1000
    assert set(collections.Counter(to for to, *_ in received).values()) == {1}
    language_of = {m.email: m.preferred_language for m in members}
    name_of = {m.email: m.name for m in members}
    for to, _subject, text, html in received:
        language = language_of[to]
        assert re.search(r'<html lang="([^"]+)"', html).group(1) == language
        assert name_of[to] in text and "[[" not in text + html
        path = re.search(r"https?://[^/]+(/\S+/forum-summary/acknowledge/\S+/)", text)
        assert path.group(1).startswith(f"/{language}/")
        token = path.group(1).rstrip("/").rsplit("/", 1)[1]
        assert tokens.delivery_from_ack_token(token).email == to
    # Every delivery has the provider's id, so tracking events can find it.
    assert not created.deliveries.filter(esp_message_id="").exists()
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED
    assert sending.send_pending(created).sent == 0


def test_names_are_escaped_in_the_html_copy(summary, batch):
    unit = DepartmentUnit.objects.create(name="Patrol")
    DepartmentMember.objects.create(
        name="<b>O'Neil</b>", email="o@police.example", unit=unit
    )
    sending.send_pending(sending.create_distribution(summary, enqueue=False))
    ((_to, _subject, text, html),) = copies(mail.outbox)
    assert "Dear \u2068<b>O'Neil</b>\u2069," in text
    assert "&lt;b&gt;O&#x27;Neil&lt;/b&gt;" in html and "<b>O'Neil" not in html


def test_providers_without_inline_merge_get_one_message_per_member(
    summary, batch, settings
):
    settings.FORUMS_BATCH_MERGE_FORMATS = {}
    make_members(5)
    sending.send_pending(sending.create_distribution(summary, enqueue=False))
    assert batch.calls == 5 and all(len(m.to) == 1 for m in mail.outbox)
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token"}
    assert rendering.batch_merge(get_connection()) is None
    settings.FORUMS_BATCH_SENDING = False
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key"}
    assert rendering.batch_merge(get_connection()) is None
    settings.FORUMS_BATCH_SENDING = True
    assert rendering.batch_merge(get_connection()).field("x") == "%recipient.x%"


@pytest.fixture
def deferred_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_provider_outage_is_retried_with_growing_waits_then_sent_once(
    admin_client, summary, batch, deferred_tasks
):
    make_members(6, languages=["vi"])
    created = sending.create_distribution(summary, enqueue=False)
    batch.failures = 2
    start = timezone.now()
    sending.send_pending(created, now=start)
    first = created.deliveries.first()
    assert first.status == DeliveryStatus.PENDING and first.attempts == 1
    assert "503 Service Unavailable" in first.last_error
    # The retry is a deferred task: no cron needed.
    runs_at = sorted(
        r.task.run_after for r in deferred_tasks.results if r.task.run_after
    )
    assert first.retry_after in runs_at
    page = admin_client.get(
        reverse("outcomes_admin:distribution_report", args=[created.pk])
    ).content.decode()
    assert "Waiting to retry" in page and "503 Service Unavailable" in page

    sending.send_pending(created, now=first.retry_after)
    second = created.deliveries.first()
    assert second.attempts == 2
    assert second.retry_after - first.retry_after > first.retry_after - start
    sending.send_pending(created, now=second.retry_after)
    assert batch.calls == 3
    received = copies(mail.outbox)
    assert len(received) == 6 and len({to for to, *_ in received}) == 6
    assert set(created.deliveries.values_list("status", flat=True)) == {"sent"}
    assert set(created.deliveries.values_list("attempts", flat=True)) == {3}
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED


def test_a_worker_killed_between_claim_and_send_loses_nothing(summary, batch):
    make_members(4, languages=["ko"])
    created = sending.create_distribution(summary, enqueue=False)
    claimed = sending._claim_batch(created, 100, timezone.now())
    assert len(claimed) == 4  # ...and then the worker was killed
    sending.send_pending(created)
    assert mail.outbox == []  # the claim still holds
    later = timezone.now() + sending.SENDING_LEASE * 2
    sending.send_pending(created, now=later)
    assert len(copies(mail.outbox)) == 4
    sending.send_pending(created, now=later)
    assert len(copies(mail.outbox)) == 4
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED


def test_a_crash_after_the_provider_accepted_a_batch_never_resends_it(
    client, summary, batch, settings
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "user:pass"}
    make_members(12, languages=["en", "es"])  # two batches of six
    created = sending.create_distribution(summary, enqueue=False)
    batch.crash_on_call = 1
    with pytest.raises(KeyboardInterrupt):
        sending.send_pending(created)
    assert len(copies(mail.outbox)) == 6
    in_doubt = list(created.deliveries.filter(status=DeliveryStatus.SENDING))
    assert len(in_doubt) == 6
    sending.send_pending(created)  # resumed: only the other batch goes
    later = timezone.now() + sending.SENDING_LEASE * 2
    report = sending.send_pending(created, now=later)
    received = copies(mail.outbox)
    assert len(received) == 12 and len({to for to, *_ in received}) == 12
    assert report.interrupted == 6
    # The provider's tracking event (with our per-recipient metadata) confirms one.
    event = {
        "RecordType": "Delivery",
        "MessageID": "abc-123",
        "Recipient": in_doubt[0].email,
        "DeliveredAt": "2026-11-23T16:33:54Z",
        "Details": "",
        "Tag": "forum-summary",
        "Metadata": {"delivery_ref": in_doubt[0].reference},
    }
    auth = base64.b64encode(b"user:pass").decode()
    response = client.post(
        reverse("anymail:postmark_tracking_webhook"),
        data=json.dumps(event),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    assert response.status_code == 200
    confirmed = Delivery.objects.get(pk=in_doubt[0].pk)
    assert confirmed.status == DeliveryStatus.DELIVERED
    assert confirmed.esp_message_id == "abc-123"
    unconfirmed = created.deliveries.filter(
        status=DeliveryStatus.FAILED, last_error=sending.INTERRUPTED_ERROR
    )
    assert unconfirmed.count() == 5
    assert reporting.distribution_report(created)["totals"]["unconfirmed"] == 5


def test_reminders_are_batched_too(summary, batch):
    make_members(7, languages=["ar"])
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    created.deliveries.update(sent_at=timezone.now() - datetime.timedelta(days=9))
    mail.outbox = []
    batch.calls = 0
    assert reminders.send_reminders(created, 7) == 7
    assert batch.calls == 1 and len(copies(mail.outbox)) == 7
    assert reminders.send_reminders(created, 7) == 0


def test_tracking_events_find_each_recipient_of_a_batch(
    client, summary, batch, settings
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "user:pass"}
    make_members(3, languages=["zh-hans"])
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    first, second, third = created.deliveries.order_by("pk")
    # The provider gave the whole batch one id, as Mailgun and SparkPost do.
    assert first.esp_message_id == second.esp_message_id == third.esp_message_id
    event = {
        "RecordType": "Delivery",
        "MessageID": second.esp_message_id,
        "Recipient": second.email,
        "DeliveredAt": "2026-11-23T16:33:54Z",
        "Details": "",
        "Tag": "forum-summary",
        "Metadata": {},
    }
    auth = base64.b64encode(b"user:pass").decode()
    client.post(
        reverse("anymail:postmark_tracking_webhook"),
        data=json.dumps(event),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    statuses = dict(created.deliveries.values_list("email", "status"))
    assert statuses[second.email] == DeliveryStatus.DELIVERED
    assert statuses[first.email] == statuses[third.email] == DeliveryStatus.SENT
