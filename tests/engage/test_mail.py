"""engage.mail: emails in the reader's language, sent through the task queue."""

import datetime
import json
import logging
import smtplib
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.utils import timezone
from django_tasks.signals import task_enqueued

from engage import mail as mail_module
from engage.mail import render_email, send_email
from tests.tasks import make_due, queued_emails, run_due_tasks, use_database_tasks

TEMPLATE = "cms/email/contact_submission"
INTRO = "A resident sent a message through the contact form."
SPANISH_INTRO = "Un vecino envió un mensaje con el formulario de contacto."
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def spanish_catalog(settings, tmp_path):
    """A known Spanish translation, so the test does not wait for the real catalogs."""
    catalog = Catalog(locale="es", domain="django")
    catalog.add(INTRO, SPANISH_INTRO)
    catalog.add("New message from %(page)s", "Nuevo mensaje de %(page)s")
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "django.mo").open("wb") as handle:
        write_mo(handle, catalog)
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def enqueued():
    tasks = []

    def record(sender, task_result, **kwargs):
        tasks.append(task_result)

    task_enqueued.connect(record)
    yield tasks
    task_enqueued.disconnect(record)


def context(**extra):
    return {
        "page": SimpleNamespace(title="Contacto"),
        "fields": [("Nombre", "Ana"), ("Mensaje", "<b>Hola</b>\nDos líneas")],
        "subject": "",
        **extra,
    }


def test_sends_in_the_requested_language_through_the_queue(
    spanish_catalog, enqueued, db
):
    send_email(TEMPLATE, context(), "ana@example.org", language="es")

    assert [result.task.name for result in enqueued] == ["send_serialized_email"]
    # What goes into the queue must survive a trip through JSON.
    json.dumps(enqueued[0].args)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Nuevo mensaje de Contacto"
    assert SPANISH_INTRO in message.body
    assert "Dos líneas" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="es" dir="ltr">' in html
    assert SPANISH_INTRO in html
    assert "&lt;b&gt;Hola&lt;/b&gt;" in html


def test_english_is_the_default(spanish_catalog, db):
    send_email(TEMPLATE, context(), "ana@example.org")

    assert mail.outbox[0].subject == "New message from Contacto"
    assert INTRO in mail.outbox[0].body


@pytest.mark.parametrize(("language", "expected"), [("ar", "rtl"), ("ko", "ltr")])
def test_html_direction_follows_the_language(language, expected, db):
    send_email(TEMPLATE, context(), "ana@example.org", language=language)

    html = mail.outbox[0].alternatives[0][0]
    assert f'<html lang="{language}" dir="{expected}">' in html


def test_unknown_language_falls_back_to_english(spanish_catalog, db):
    send_email(TEMPLATE, context(), "ana@example.org", language="fr-CA")

    assert '<html lang="en"' in mail.outbox[0].alternatives[0][0]


def test_attachments_headers_and_reply_to_arrive(db):
    send_email(
        TEMPLATE,
        context(subject="Forum invitation"),
        ["ana@example.org", "ben@example.org"],
        language="es",
        attachments=[
            ("forum.ics", ICS, "text/calendar; method=REQUEST"),
            ("map.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png"),
        ],
        headers={"List-Unsubscribe": "<https://example.org/unsubscribe>"},
        reply_to=["office@example.org"],
    )

    message = mail.outbox[0]
    assert message.subject == "Forum invitation"
    assert message.to == ["ana@example.org", "ben@example.org"]
    assert message.reply_to == ["office@example.org"]
    assert message.extra_headers["List-Unsubscribe"] == (
        "<https://example.org/unsubscribe>"
    )
    attachments = {item[0]: item for item in message.attachments}
    assert attachments["forum.ics"][1] == ICS
    assert attachments["map.png"][1] == b"\x89PNG\r\n\x1a\n\x00\xff"
    assert attachments["map.png"][2] == "image/png"

    parts = {
        part.get_filename(): part
        for part in message.message().walk()
        if part.get_filename()
    }
    calendar = parts["forum.ics"]
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"


def test_render_email_builds_without_sending(db):
    message = render_email(TEMPLATE, context(), "ana@example.org", language="vi")

    assert mail.outbox == []
    assert message.alternatives[0][1] == "text/html"
    assert '<html lang="vi"' in message.alternatives[0][0]


class FlakyProvider(locmem.EmailBackend):
    """An email provider that is down for its first ``failures`` sends."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        FlakyProvider.calls += 1
        if FlakyProvider.calls <= FlakyProvider.failures:
            raise smtplib.SMTPServerDisconnected("ana@example.org: try later")
        return super().send_messages(messages)


@pytest.fixture
def database_tasks(settings, db):
    use_database_tasks(settings)


@pytest.fixture
def flaky_provider(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyProvider"
    FlakyProvider.calls = 0
    return FlakyProvider


def test_a_provider_failure_is_retried_with_growing_waits_then_delivered(
    database_tasks, flaky_provider
):
    flaky_provider.failures = 2
    send_email(TEMPLATE, context(), "ana@example.org", language="es")
    assert mail.outbox == []  # queued, not sent in the request

    start = timezone.now()
    assert run_due_tasks() == 1
    [first_retry] = queued_emails()
    assert first_retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert first_retry.run_after - start >= mail_module.retry_delay(2)
    assert run_due_tasks() == 0  # not before its time

    make_due()
    second_try_at = timezone.now()
    assert run_due_tasks() == 1
    [second_retry] = queued_emails()
    assert second_retry.args_kwargs["kwargs"] == {"attempt": 3}
    assert second_retry.run_after - second_try_at >= datetime.timedelta(minutes=2)
    assert mail.outbox == []

    make_due()
    assert run_due_tasks() == 1
    assert queued_emails() == []
    assert flaky_provider.calls == 3
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_after_the_last_attempt_the_failure_is_logged_without_personal_data(
    database_tasks, flaky_provider, caplog
):
    flaky_provider.failures = 100
    send_email(TEMPLATE, context(), "ana@example.org", language="es")
    for _attempt in range(mail_module.MAX_SEND_ATTEMPTS):
        make_due()
        assert run_due_tasks() == 1
    assert queued_emails() == []
    assert flaky_provider.calls == mail_module.MAX_SEND_ATTEMPTS
    assert mail.outbox == []
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "Email not sent after 6 attempts: SMTPServerDisconnected"
    ]
    assert "ana@example.org" not in caplog.text
    assert "Contacto" not in caplog.text


def test_an_email_queued_in_a_rolled_back_transaction_is_never_sent(database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email(TEMPLATE, context(), "ana@example.org")
        raise RuntimeError
    assert queued_emails() == []
    assert run_due_tasks() == 0
    assert mail.outbox == []
