"""Logs and error reports carry no emails, phone numbers or free-text answers."""

import io
import logging
import sys

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import RequestFactory
from django.views.debug import get_exception_reporter_class

from engage.logging import redact

ANSWER = "My neighbour Jo Blanco was stopped outside 14 Elm Street"


def ours(logger):
    """The logger's handlers, without the ones pytest adds to capture logs."""
    return [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]


@pytest.fixture
def engage_log():
    """What the ``engage`` logger's console handler writes."""
    (handler,) = ours(logging.getLogger("engage"))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_every_configured_handler_masks_personal_data():
    handlers = django_settings.LOGGING["handlers"]

    assert handlers
    for name, handler in handlers.items():
        assert "redact_personal_data" in handler.get("filters", []), name
    for logger in ("django", "django.request", "django.server", "engage", ""):
        for handler in ours(logging.getLogger(logger)):
            assert any(
                type(f).__name__ == "RedactPersonalData" for f in handler.filters
            ), (logger, handler)


def test_emails_and_phone_numbers_are_masked_in_messages_and_arguments(engage_log):
    logger = logging.getLogger("engage.privacy")

    logger.warning(
        "RSVP from ana.perez@example.org, phone %s, for %s (%s)",
        "+1 (555) 010-0199",
        {"email": "Omar@Example.ORG", "seats": 2},
        "forum 2026-11-23 18:30",
    )

    line = engage_log.getvalue()
    assert "example.org" not in line.lower()
    assert "555" not in line
    assert "[email]" in line and "[phone]" in line
    assert "'seats': 2" in line
    assert "2026-11-23 18:30" in line


def test_exception_text_in_logs_is_masked(engage_log):
    logger = logging.getLogger("engage.privacy")

    try:
        raise ValueError("duplicate key (forum_id, email)=(3, dana@example.org)")
    except ValueError:
        logger.exception("Could not store an RSVP")

    assert "dana@example.org" not in engage_log.getvalue()
    assert "ValueError" in engage_log.getvalue()


@pytest.mark.parametrize(
    "text, kept",
    [
        ("id 42 of 12345", True),
        ("on 2026-11-23 at 18:30:00", True),
        ("uuid 550e8400-e29b-41d4-a716-446655440000", True),
        ("call 020 7946 0958", False),
        ("write to a.b+c@mail.example.co.uk", False),
    ],
)
def test_redact_leaves_dates_and_identifiers(text, kept):
    assert (redact(text) == text) is kept


def failing_view(request):
    answer = request.POST["why"]  # noqa: F841 - a local the report must not show
    raise RuntimeError("Could not store the answer")


def post_request():
    return RequestFactory().post(
        "/en/surveys/safety/?from=dana@example.org",
        {"why": ANSWER, "email": "dana@example.org", "phone": "555 010 0199"},
    )


def test_error_report_has_no_posted_values_or_locals(settings):
    settings.DEBUG = False
    request = post_request()
    try:
        failing_view(request)
    except RuntimeError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())

    text = reporter.get_traceback_text()
    html = reporter.get_traceback_html()

    assert "Could not store the answer" in text
    assert "why" in text  # the field name stays, for debugging
    for report in (text, html):
        assert "Jo Blanco" not in report
        assert "dana@example.org" not in report
        assert "010 0199" not in report


def test_error_email_to_admins_has_no_free_text_answer(settings):
    settings.DEBUG = False
    settings.ADMINS = [("Admin", "admin@example.org")]
    request = post_request()
    try:
        failing_view(request)
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=sys.exc_info(),
            extra={"status_code": 500, "request": request},
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Internal Server Error" in message.subject
    everything = message.subject + message.body
    assert "RuntimeError" in everything
    assert "Jo Blanco" not in everything
    assert "dana@example.org" not in everything
