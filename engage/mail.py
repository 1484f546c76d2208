"""The one way the site sends email.

Every message is rendered from three templates (``<name>_subject.txt``,
``<name>.txt`` and ``<name>.html``) in the recipient's language, then handed to a
background task so that no request waits on the email provider.
"""

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .i18n import normalize_language
from .timezones import site_timezone

logger = logging.getLogger(__name__)


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
def send_serialized_email(data):
    """Send one rendered email; the worker retries by re-running failed tasks."""
    return deserialize_message(data).send()


def send_email(template_name, context, to, language=None, **kwargs):
    """Render now, send in the background; returns the rendered message."""
    message = render_email(template_name, context, to, language=language, **kwargs)
    send_serialized_email.enqueue(serialize_message(message))
    return message
