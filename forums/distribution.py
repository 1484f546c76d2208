"""Distributing a published forum summary to the department roster.

Every member gets one ``Delivery`` row when the distribution is created. A
background task then sends the pending rows in batches: each row is claimed with
a conditional UPDATE (pending -> sending) before its email is handed to the
provider, so a resumed or concurrent run can never send a member a second copy.
Each batch goes to the email backend in one ``send_messages`` call over one
connection; with anymail, the provider's answer for each message is read from
``message.anymail_status``.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from engage.i18n import normalize_language
from engage.timezones import site_timezone

from .models import (
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    Distribution,
    DistributionStatus,
)
from .models.deliveries import REACHED
from .notifications import site_root

logger = logging.getLogger(__name__)

ACK_SALT = "forums.distribution.ack"
BATCH_SIZE = getattr(settings, "FORUMS_DISTRIBUTION_BATCH_SIZE", 100)
MAX_ATTEMPTS = getattr(settings, "FORUMS_DISTRIBUTION_MAX_ATTEMPTS", 5)
RETRY_BASE = datetime.timedelta(minutes=5)
RETRY_CAP = datetime.timedelta(hours=6)
# A claimed row still "sending" after this long belongs to a run that died.
SENDING_LEASE = datetime.timedelta(minutes=30)
INTERRUPTED_ERROR = (
    "Sending was interrupted; not sent again automatically in case the provider "
    "had already accepted it."
)
NEEDS_ATTENTION_ERROR = "Not sent: this address bounced before and needs attention."

# Placeholders rendered into each language's email once, then replaced per member.
NAME_PLACEHOLDER = "@@engage-member-name@@"
ACK_PLACEHOLDER = "@@engage-ack-url@@"


class NotPublished(Exception):
    """Only a live summary can be distributed."""


# Tokens -----------------------------------------------------------------------


def ack_token(delivery_id):
    return signing.dumps({"d": delivery_id}, salt=ACK_SALT, compress=True)


def delivery_from_ack_token(token):
    """The delivery a token was made for, or None if it was changed or is unknown."""
    try:
        data = signing.loads(token, salt=ACK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    return (
        Delivery.objects.select_related("distribution__summary")
        .filter(pk=data["d"])
        .first()
    )


def acknowledge(delivery, now=None):
    """Record the first acknowledgement; later ones change nothing."""
    now = now or timezone.now()
    updated = Delivery.objects.filter(
        pk=delivery.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=now)
    delivery.refresh_from_db(fields=["acknowledged_at"])
    return bool(updated)


# Creating ------------------------------------------------------------------------


def create_distribution(summary, user=None, units=(), enqueue=True):
    """One distribution and one delivery per active member (of ``units`` if given)."""
    if not summary.live:
        raise NotPublished
    with transaction.atomic():
        distribution = Distribution.objects.create(
            summary=summary,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        members = DepartmentMember.objects.active()
        if units:
            distribution.units.set(units)
            members = members.filter(unit__in=units)
        now = timezone.now()
        rows = []
        for member_id, email, language, flagged in members.order_by("pk").values_list(
            "pk", "email", "preferred_language", "address_needs_attention"
        ):
            delivery = Delivery(
                distribution=distribution,
                member_id=member_id,
                email=email,
                language=normalize_language(language),
            )
            if flagged:
                delivery.status = DeliveryStatus.FAILED
                delivery.last_error = NEEDS_ATTENTION_ERROR
                delivery.status_changed_at = now
            rows.append(delivery)
        Delivery.objects.bulk_create(rows, batch_size=1000)
    if enqueue:
        from .tasks import send_distribution

        send_distribution.enqueue(distribution.pk)
    return distribution


# Rendering ------------------------------------------------------------------------


class SummaryEmailRenderer:
    """Renders the summary email once per language, then fills in each member.

    The summary, its action items and links are the same for everyone reading
    the same language; only the name and acknowledgement link differ, so 10,000
    members cost six template renders, not 10,000.
    """

    def __init__(self, distribution, template="forums/email/summary_distribution"):
        self.distribution = distribution
        self.summary = distribution.summary
        self.template = template
        self.root = None
        self._shared = None
        self._by_language = {}

    def _shared_context(self):
        if self._shared is None:
            self._shared = self.summary.summary_context()
            forum = self._shared["forum"]
            self.root = (
                site_root(forum)
                if forum
                else settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            )
        return self._shared

    def _parts(self, language):
        if language not in self._by_language:
            context = dict(self._shared_context())
            with translation.override(language), timezone.override(site_timezone()):
                summary_url = (self.summary.get_full_url() or self.root).rstrip("/")
                summary_url += "/"
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
        self._shared_context()
        with translation.override(language):
            path = reverse("forums:summary_ack", args=[ack_token(delivery.pk)])
        return self.root + path

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
        message.metadata = {"delivery_id": str(delivery.pk)}
        message.tags = ["forum-summary"]
        return message


# Sending --------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    batches: int = 0
    interrupted: int = 0
    errors: list = field(default_factory=list)


def _backoff(attempts):
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def _connection():
    """The configured backend, and whether it reports each message's outcome.

    anymail backends are asked to carry on past a message the provider refuses
    (its status says so); other backends stop at the first error, because they
    cannot say which messages went.
    """
    from anymail.backends.base import AnymailBaseBackend

    connection = get_connection()
    anymail = isinstance(connection, AnymailBaseBackend)
    if anymail:
        connection.fail_silently = True
    return connection, anymail


def recover_interrupted(distribution, now=None):
    """Rows left "sending" by a run that died are marked failed, never re-sent."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        distribution=distribution,
        status=DeliveryStatus.SENDING,
        claimed_at__lt=now - SENDING_LEASE,
    ).update(
        status=DeliveryStatus.FAILED,
        last_error=INTERRUPTED_ERROR,
        claim=None,
        status_changed_at=now,
    )


def _claim_batch(distribution, batch_size, now):
    due = Delivery.objects.filter(
        distribution=distribution, status=DeliveryStatus.PENDING
    ).filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:batch_size])
    if not ids:
        return None
    claim = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claim=claim, claimed_at=timezone.now()
    )
    return list(
        Delivery.objects.filter(claim=claim, status=DeliveryStatus.SENDING)
        .select_related("member")
        .order_by("pk")
    )


def _outcome(message, batch_error, anymail):
    """One of sent (with the message id), rejected, retry, or release."""
    error = f"{type(batch_error).__name__}: {batch_error}"[:1000] if batch_error else ""
    status = getattr(message, "anymail_status", None)
    if anymail:
        if status is None:
            return "release", ""  # anymail had not reached this message
        if status.status and status.status & {"sent", "queued"}:
            recipient = next(iter(status.recipients.values()), None)
            message_id = (recipient.message_id if recipient else None) or (
                status.message_id
            )
            return "sent", "" if message_id is None else str(message_id)
        if status.status:
            return "rejected", "rejected by the provider: " + ", ".join(
                sorted(status.status)
            )
        return "retry", error or "The provider did not accept the message."
    if batch_error is None:
        return "sent", ""
    return "retry", error


def _record(batch, messages, batch_error, anymail, report, now):
    """Store each message's outcome; retries wait from the run's ``now``."""
    moment = timezone.now()
    with transaction.atomic():
        for delivery, message in zip(batch, messages, strict=True):
            kind, detail = _outcome(message, batch_error, anymail)
            rows = Delivery.objects.filter(
                pk=delivery.pk, claim=delivery.claim, status=DeliveryStatus.SENDING
            )
            if kind == "sent":
                rows.update(
                    status=DeliveryStatus.SENT,
                    esp_message_id=detail[:200],
                    sent_at=moment,
                    status_changed_at=moment,
                    attempts=delivery.attempts + 1,
                    last_error="",
                    retry_after=None,
                    claim=None,
                )
                report.sent += 1
            elif kind == "release":
                rows.update(status=DeliveryStatus.PENDING, claim=None)
            elif kind == "rejected" or delivery.attempts + 1 >= MAX_ATTEMPTS:
                rows.update(
                    status=DeliveryStatus.FAILED,
                    attempts=delivery.attempts + 1,
                    last_error=detail or "rejected",
                    status_changed_at=moment,
                    retry_after=None,
                    claim=None,
                )
                report.failed += 1
            else:
                attempts = delivery.attempts + 1
                rows.update(
                    status=DeliveryStatus.PENDING,
                    attempts=attempts,
                    last_error=detail,
                    retry_after=now + _backoff(attempts),
                    claim=None,
                )
                report.retrying += 1
    if batch_error is not None:
        report.errors.append(f"{type(batch_error).__name__}: {batch_error}")


def send_pending(distribution, batch_size=None, now=None):
    """Send every due pending delivery of ``distribution``; safe to run again."""
    batch_size = batch_size or BATCH_SIZE
    now = now or timezone.now()
    distribution = Distribution.objects.select_related("summary").get(
        pk=getattr(distribution, "pk", distribution)
    )
    report = SendReport(interrupted=recover_interrupted(distribution, now))
    renderer = SummaryEmailRenderer(distribution)
    connection, anymail = _connection()
    opened = connection.open()
    try:
        while batch := _claim_batch(distribution, batch_size, now):
            messages = [renderer.render(d, d.member.name) for d in batch]
            batch_error = None
            try:
                connection.send_messages(messages)
            except Exception as error:  # the network or backend failed mid-batch
                logger.warning(
                    "Distribution %s batch failed: %s", distribution.pk, error
                )
                batch_error = error
            report.batches += 1
            _record(batch, messages, batch_error, anymail, report, now)
            if batch_error is not None:
                break  # the rest waits for the retry, not for a failing provider
    finally:
        if opened:
            connection.close()
    _finish(distribution)
    return report


def _finish(distribution):
    """Mark a distribution complete, or schedule its next retry."""
    left = Delivery.objects.filter(
        distribution=distribution,
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING),
    ).aggregate(count=Count("pk"), next_retry=Min("retry_after"))
    if not left["count"]:
        Distribution.objects.filter(
            pk=distribution.pk, status=DistributionStatus.SENDING
        ).update(status=DistributionStatus.COMPLETED, completed_at=timezone.now())
        return
    if left["next_retry"]:
        from .tasks import send_distribution

        if send_distribution.get_backend().supports_defer:
            send_distribution.using(run_after=left["next_retry"]).enqueue(
                distribution.pk
            )


def send_all_pending(now=None):
    """Resume every unfinished distribution; for a scheduler or after a restart."""
    reports = []
    for distribution in Distribution.objects.filter(
        status=DistributionStatus.SENDING
    ).order_by("pk"):
        reports.append(send_pending(distribution, now=now))
    return reports


def retry_failed(distribution):
    """An organizer's explicit choice to try failed deliveries once more."""
    count = (
        Delivery.objects.filter(distribution=distribution, status=DeliveryStatus.FAILED)
        .exclude(last_error=NEEDS_ATTENTION_ERROR)
        .update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            retry_after=None,
            status_changed_at=timezone.now(),
        )
    )
    if count:
        Distribution.objects.filter(pk=distribution.pk).update(
            status=DistributionStatus.SENDING, completed_at=None
        )
    return count


# Reminders ------------------------------------------------------------------------


def reminder_candidates(distribution, days, now=None):
    now = now or timezone.now()
    return Delivery.objects.filter(
        distribution=distribution,
        acknowledged_at__isnull=True,
        reminder_sent_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=days),
    ).exclude(
        status__in=(
            DeliveryStatus.BOUNCED,
            DeliveryStatus.COMPLAINED,
            DeliveryStatus.FAILED,
        )
    )


def send_reminders(distribution, days, now=None, batch_size=None):
    """One reminder to each member who has not acknowledged after ``days`` days.

    ``reminder_sent_at`` is claimed before sending, so a member is reminded once
    however often the button is pressed; a failed reminder is released again.
    """
    batch_size = batch_size or BATCH_SIZE
    now = now or timezone.now()
    distribution = Distribution.objects.select_related("summary").get(
        pk=getattr(distribution, "pk", distribution)
    )
    renderer = SummaryEmailRenderer(
        distribution, template="forums/email/summary_reminder"
    )
    connection, anymail = _connection()
    opened = connection.open()
    sent = 0
    try:
        while True:
            ids = list(
                reminder_candidates(distribution, days, now)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            claim = uuid.uuid4()
            Delivery.objects.filter(pk__in=ids, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now, claim=claim
            )
            batch = list(
                Delivery.objects.filter(claim=claim)
                .select_related("member")
                .order_by("pk")
            )
            messages = [renderer.render(d, d.member.name) for d in batch]
            batch_error = None
            try:
                connection.send_messages(messages)
            except Exception as error:
                logger.warning("Reminders for %s failed: %s", distribution.pk, error)
                batch_error = error
            failed = []
            for delivery, message in zip(batch, messages, strict=True):
                kind, _detail = _outcome(message, batch_error, anymail)
                if kind == "sent":
                    sent += 1
                else:
                    failed.append(delivery.pk)
            Delivery.objects.filter(claim=claim).update(claim=None)
            if failed:
                Delivery.objects.filter(pk__in=failed).update(reminder_sent_at=None)
                break
    finally:
        if opened:
            connection.close()
    return sent


# Report ---------------------------------------------------------------------------


def _counts(prefix=""):
    def q(**lookups):
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    return {
        "total": Count("pk"),
        "sent": Count("pk", filter=q(sent_at__isnull=False)),
        "delivered": Count("pk", filter=q(status__in=REACHED)),
        "opened": Count("pk", filter=q(status=DeliveryStatus.OPENED)),
        "bounced": Count("pk", filter=q(status=DeliveryStatus.BOUNCED)),
        "complained": Count("pk", filter=q(status=DeliveryStatus.COMPLAINED)),
        "failed": Count("pk", filter=q(status=DeliveryStatus.FAILED)),
        "waiting": Count(
            "pk", filter=q(status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING))
        ),
        "acknowledged": Count("pk", filter=q(acknowledged_at__isnull=False)),
        "reminded": Count("pk", filter=q(reminder_sent_at__isnull=False)),
    }


RATES = ("sent", "delivered", "bounced", "acknowledged")


def _with_rates(row):
    total = row["total"]
    for name in RATES:
        row[f"{name}_rate"] = row[name] / total if total else 0
    return row


def distribution_report(distribution):
    """Totals, rates and a per-unit breakdown, all aggregated in the database."""
    deliveries = Delivery.objects.filter(distribution=distribution)
    totals = _with_rates(deliveries.aggregate(**_counts()))
    by_unit = [
        _with_rates(row)
        for row in deliveries.order_by()
        .values("member__unit__name")
        .annotate(**_counts())
        .order_by("member__unit__name")
    ]
    return {
        "totals": totals,
        "by_unit": by_unit,
        "bounced": list(
            deliveries.filter(status=DeliveryStatus.BOUNCED)
            .select_related("member__unit")
            .order_by("member__unit__name", "member__name")
        ),
    }
