"""The one way the site sends email.

Every message is rendered from three templates (``<name>_subject.txt``,
``<name>.txt`` and ``<name>.html``) in the recipient's language, then handed to a
background task so that no request waits on the email provider. With the database
task backend the task row is written in the caller's transaction: call
``send_email`` inside the transaction that makes the change the email tells of, and
the email is queued exactly when the change commits (a transactional outbox).
"""

import base64
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .i18n import normalize_language
from .timezones import site_timezone

logger = logging.getLogger(__name__)

# A provider failure is tried again after 1, 2, 4, 8 and 16 minutes, then given up.
MAX_SEND_ATTEMPTS = 6
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)


def render_email(
    template_name,
    context,
    to,
    language=None,
    attachments=(),
    headers=None,
    reply_to=None,
    from_email=None,
):
    """Build an email with HTML and plain-text bodies in ``language``."""
    language = normalize_language(language)
    with translation.override(language), timezone.override(site_timezone()):
        context = {**context, "email_language": language}
        subject = render_to_string(f"{template_name}_subject.txt", context)
        subject = " ".join(subject.split())
        text_body = render_to_string(f"{template_name}.txt", context)
        html_body = render_to_string(f"{template_name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text_body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers or {},
        reply_to=reply_to or [],
    )
    message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def serialize_message(message):
    """A JSON-safe form of a message, so a task can send it later."""
    alternatives = getattr(message, "alternatives", [])
    html = next((body for body, kind in alternatives if kind == "text/html"), None)
    attachments = []
    for filename, content, mimetype in message.attachments:
        data = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(data).decode(), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "html": html,
        "from_email": message.from_email,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "attachments": attachments,
    }


def deserialize_message(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    if data["html"]:
        message.attach_alternative(data["html"], "text/html")
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def send_serialized_email(data, attempt=1):
    """Send one rendered email. If the provider fails, queue the next attempt with
    a growing delay; after the last one, log the failure without personal data."""
    try:
        return deserialize_message(data).send()
    except Exception as error:  # noqa: BLE001 - any provider failure is retried
        failure = type(error).__name__
        if attempt >= MAX_SEND_ATTEMPTS:
            logger.error("Email not sent after %s attempts: %s", attempt, failure)
            return 0
        logger.warning("Email attempt %s failed (%s); will retry", attempt, failure)
        _retry_later(data, attempt + 1)
        return 0


def retry_delay(attempt):
    """How long to wait before ``attempt`` (2 for the first retry)."""
    return FIRST_RETRY_DELAY * 2 ** (attempt - 2)


def _retry_later(data, attempt):
    retry = send_serialized_email
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
    retry.enqueue(data, attempt=attempt)


def send_email(template_name, context, to, language=None, **kwargs):
    """Render now, send in the background; returns the rendered message."""
    message = render_email(template_name, context, to, language=language, **kwargs)
    send_serialized_email.enqueue(serialize_message(message))
    return message
