"""Rendering a summary email once per language, then per member or per batch.

Batch sending. Most providers' APIs take one request carrying many recipients,
each getting their own copy, with per-recipient values substituted into the
content ("merge data"). The substitution syntax is the provider's own, and only
some providers substitute into inline content rather than a template stored at
the provider. BATCH_MERGE_FORMATS lists those, by anymail's ``esp_name``: the
format of one merge field in the content, and any ``esp_extra`` it needs.
Providers not listed (Postmark, Amazon SES, Resend: stored templates only) and
non-anymail backends (SMTP) get one message per member instead.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from engage.i18n import normalize_language
from engage.links import absolute_reverse, absolute_url
from engage.timezones import site_timezone

from .corrections import corrected_between
from .models.deliveries import METADATA_KEY
from .tokens import ack_token

# Placeholders rendered into each language's email once, then replaced per member.
NAME_PLACEHOLDER = "@@engage-member-name@@"
ACK_PLACEHOLDER = "@@engage-ack-url@@"

BATCH_MERGE_FORMATS = {
    "Mailgun": ("%recipient.{}%", None),
    "SendGrid": ("-{}-", {"merge_field_format": "-{}-"}),
    # Triple braces: the value goes in as given; we escape the HTML ourselves.
    "SparkPost": ("{{{{{{{}}}}}}}", None),
    "Mandrill": ("*|{}|*", None),
}
NAME_FIELD = "engage_name"
NAME_HTML_FIELD = "engage_name_html"
ACK_FIELD = "engage_ack_url"


@dataclass(frozen=True)
class BatchMerge:
    field_format: str
    esp_extra: dict | None = None

    def field(self, name):
        return self.field_format.format(name)


def batch_merge(connection):
    """How ``connection`` substitutes per-recipient fields, or None for no batching.

    ``FORUMS_BATCH_SENDING = False`` turns batching off; ``FORUMS_BATCH_MERGE_FORMATS``
    adds or overrides providers (``{"Brevo": "{{{{ params.{} }}}}"}``).
    """
    if not settings.FORUMS_BATCH_SENDING:
        return None
    formats = dict(BATCH_MERGE_FORMATS)
    for name, value in settings.FORUMS_BATCH_MERGE_FORMATS.items():
        formats[name] = value if isinstance(value, tuple) else (value, None)
    found = formats.get(getattr(connection, "esp_name", None))
    return BatchMerge(*found) if found else None


class SummaryEmailRenderer:
    """Renders the summary email once per language, then fills in each member.

    The summary, its action items and links are the same for everyone reading
    the same language; only the name and acknowledgement link differ, so 10,000
    members cost six template renders, not 10,000.
    """

    def __init__(self, distribution, template="outcomes/email/summary_distribution"):
        self.distribution = distribution
        self.summary = distribution.summary
        self.template = template
        self._shared = None
        self._by_language = {}

    def _shared_context(self):
        if self._shared is None:
            self._shared = self.summary.summary_context()
            self._shared.update(self._correction())
        return self._shared

    def _correction(self):
        """When the summary was first sent and when it was corrected since, if
        it was before this distribution: the email says so."""
        first = self.summary.distributions.order_by("created_at", "pk").first()
        if first is None or first.pk == self.distribution.pk:
            return {}
        corrected = corrected_between(
            self.summary, first.created_at, self.distribution.created_at
        )
        if corrected is None:
            return {}
        return {"corrected_at": corrected, "first_sent_at": first.created_at}

    def _parts(self, language):
        if language not in self._by_language:
            context = dict(self._shared_context())
            with translation.override(language), timezone.override(site_timezone()):
                summary_url = absolute_url(self.summary).rstrip("/") + "/"
                context.update(
                    email_language=language,
                    summary_url=summary_url,
                    print_url=summary_url + self.summary.reverse_subpage("print"),
                    member_name=NAME_PLACEHOLDER,
                    ack_url=ACK_PLACEHOLDER,
                    distribution=self.distribution,
                )
                subject = " ".join(
                    render_to_string(f"{self.template}_subject.txt", context).split()
                )
                text = render_to_string(f"{self.template}.txt", context)
                html = render_to_string(f"{self.template}.html", context)
            self._by_language[language] = (subject, text, html)
        return self._by_language[language]

    def ack_url(self, delivery, language):
        with translation.override(language):
            return absolute_reverse(
                "outcomes:summary_ack", args=[ack_token(delivery.pk)]
            )

    def render(self, delivery, member_name):
        language = normalize_language(delivery.language)
        subject, text, html = self._parts(language)
        ack_url = self.ack_url(delivery, language)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text.replace(NAME_PLACEHOLDER, member_name).replace(
                ACK_PLACEHOLDER, ack_url
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.email],
        )
        message.attach_alternative(
            html.replace(NAME_PLACEHOLDER, escape(member_name)).replace(
                ACK_PLACEHOLDER, ack_url
            ),
            "text/html",
        )
        # anymail passes these to the provider, whose tracking events carry them.
        message.metadata = {METADATA_KEY: delivery.reference}
        message.tags = ["forum-summary"]
        return message

    def render_batch(self, deliveries, merge):
        """One message to every delivery (all one language), personalised by the
        provider from ``merge_data``: each recipient gets an individual copy."""
        language = normalize_language(deliveries[0].language)
        subject, text, html = self._parts(language)
        ack = merge.field(ACK_FIELD)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text.replace(NAME_PLACEHOLDER, merge.field(NAME_FIELD)).replace(
                ACK_PLACEHOLDER, ack
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.email for delivery in deliveries],
        )
        message.attach_alternative(
            html.replace(NAME_PLACEHOLDER, merge.field(NAME_HTML_FIELD)).replace(
                ACK_PLACEHOLDER, ack
            ),
            "text/html",
        )
        message.merge_data = {
            delivery.email: {
                NAME_FIELD: delivery.member.name,
                NAME_HTML_FIELD: str(escape(delivery.member.name)),
                ACK_FIELD: self.ack_url(delivery, language),
            }
            for delivery in deliveries
        }
        message.metadata = {"distribution_id": str(self.distribution.pk)}
        message.merge_metadata = {
            delivery.email: {METADATA_KEY: delivery.reference}
            for delivery in deliveries
        }
        message.tags = ["forum-summary"]
        if merge.esp_extra:
            message.esp_extra = dict(merge.esp_extra)
        return message


def render_units(renderer, deliveries, merge):
    """(message, deliveries) pairs: one message per member, or one per batch.

    A claimed batch is all one language, so with ``merge`` it becomes a single
    message whose recipients each get their own copy from the provider. An
    address that appears twice (a shared inbox) gets its own message, because
    merge data is keyed by address.
    """
    if merge is None:
        return [(renderer.render(d, d.member.name), [d]) for d in deliveries]
    together, alone, seen = [], [], set()
    for delivery in deliveries:
        key = delivery.email.lower()
        (alone if key in seen else together).append(delivery)
        seen.add(key)
    units = [(renderer.render(d, d.member.name), [d]) for d in alone]
    if together:
        units.insert(0, (renderer.render_batch(together, merge), together))
    return units
