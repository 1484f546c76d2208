"""Distributing a published forum summary to the department roster.

Every member gets one ``Delivery`` row when the distribution is created. A
background task then sends the pending rows in batches of one language: each
batch is claimed (pending -> sending, committed) before it is handed to the
provider and recorded as sent only once the provider accepted it, so a resumed
or concurrent run never sends a member a second copy. Where the provider can
personalise one request for many recipients, a batch is one provider call;
otherwise each member is one call (see ``BATCH_MERGE_FORMATS``). A failed call
is retried by a deferred task with a growing wait, then given up and shown in
the admin report.
"""

import collections
import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Max, Min, Q
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
            delivery.email: {"delivery_id": str(delivery.pk)} for delivery in deliveries
        }
        message.tags = ["forum-summary"]
        if merge.esp_extra:
            message.esp_extra = dict(merge.esp_extra)
        return message


# Sending --------------------------------------------------------------------------
#
# Batch sending. Most providers' APIs take one request carrying many recipients,
# each getting their own copy, with per-recipient values substituted into the
# content ("merge data"). The substitution syntax is the provider's own, and only
# some providers substitute into inline content rather than a template stored at
# the provider. BATCH_MERGE_FORMATS lists those, by anymail's ``esp_name``: the
# format of one merge field in the content, and any ``esp_extra`` it needs.
# Providers not listed (Postmark, Amazon SES, Resend: stored templates only) and
# non-anymail backends (SMTP) get one message per member instead.

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
    if not getattr(settings, "FORUMS_BATCH_SENDING", True):
        return None
    formats = dict(BATCH_MERGE_FORMATS)
    for name, value in getattr(settings, "FORUMS_BATCH_MERGE_FORMATS", {}).items():
        formats[name] = value if isinstance(value, tuple) else (value, None)
    found = formats.get(getattr(connection, "esp_name", None))
    return BatchMerge(*found) if found else None


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    batches: int = 0
    provider_calls: int = 0
    interrupted: int = 0
    errors: list = field(default_factory=list)


def _backoff(attempts):
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)


def _render_units(renderer, deliveries, merge):
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


def _recipient_status(message, email):
    status = getattr(message, "anymail_status", None)
    if status is None:
        return None
    recipients = status.recipients or {}
    found = recipients.get(email)
    if found is None:
        lowered = {key.lower(): value for key, value in recipients.items()}
        found = lowered.get(email.lower())
    return found


def _accepted(message, delivery):
    """(True, message id) if the provider took this member's copy, else (False, why)."""
    recipient = _recipient_status(message, delivery.email)
    if recipient is None:
        return True, ""  # not anymail, or no per-recipient answer: the call succeeded
    if recipient.status in ("rejected", "invalid", "failed"):
        return False, f"Rejected by the provider ({recipient.status})."
    message_id = recipient.message_id
    return True, "" if message_id is None else str(message_id)[:200]


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:1000]


def _is_refusal(error):
    from anymail.exceptions import AnymailRecipientsRefused

    return isinstance(error, AnymailRecipientsRefused)


def _mark_sent(deliveries, message, report):
    """Record the provider's answer: one UPDATE per message id, not per member."""
    moment = timezone.now()
    accepted = collections.defaultdict(list)
    for delivery in deliveries:
        ok, detail = _accepted(message, delivery)
        if ok:
            accepted[(detail, delivery.attempts + 1)].append(delivery.pk)
            continue
        report.failed += Delivery.objects.filter(
            pk=delivery.pk, claim=delivery.claim, status=DeliveryStatus.SENDING
        ).update(
            status=DeliveryStatus.FAILED,
            attempts=delivery.attempts + 1,
            last_error=detail,
            status_changed_at=moment,
            retry_after=None,
            claim=None,
        )
    claim = deliveries[0].claim
    for (message_id, attempts), keys in accepted.items():
        report.sent += Delivery.objects.filter(
            pk__in=keys, claim=claim, status=DeliveryStatus.SENDING
        ).update(
            status=DeliveryStatus.SENT,
            esp_message_id=message_id,
            sent_at=moment,
            status_changed_at=moment,
            attempts=attempts,
            last_error="",
            retry_after=None,
            claim=None,
        )


def _mark_failed_attempt(deliveries, error, report, now, permanent=False):
    """A failed provider call: retry later with a growing wait, or give up."""
    moment = timezone.now()
    detail = _error_text(error)
    for delivery in deliveries:
        attempts = delivery.attempts + 1
        rows = Delivery.objects.filter(
            pk=delivery.pk, claim=delivery.claim, status=DeliveryStatus.SENDING
        )
        if permanent or attempts >= MAX_ATTEMPTS:
            report.failed += rows.update(
                status=DeliveryStatus.FAILED,
                attempts=attempts,
                last_error=detail,
                status_changed_at=moment,
                retry_after=None,
                claim=None,
            )
        else:
            report.retrying += rows.update(
                status=DeliveryStatus.PENDING,
                attempts=attempts,
                last_error=detail,
                retry_after=now + _backoff(attempts),
                status_changed_at=moment,
                claim=None,
            )


def _release(deliveries):
    """Claimed but never handed to the provider: free for the next run."""
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries],
        claim=deliveries[0].claim,
        status=DeliveryStatus.PENDING,
    ).update(claim=None, claimed_at=None)


def recover_interrupted(distribution, now=None):
    """Settle rows left "sending" by a worker that died; none is sent again.

    Nobody can tell whether the provider took such a copy before the crash, so
    it is failed as unconfirmed rather than resent. A tracking event that later
    reports it (found by its metadata) still moves it on to delivered; only an
    organizer can choose to resend the rest.
    """
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
    """Claim up to ``batch_size`` due rows of one language for this run.

    The claim (a fresh id and time) is committed before anything is sent; the
    rows stay pending until the moment each is handed to the provider, so a
    worker killed in between leaves them for a later run once the claim's
    lease is over. On PostgreSQL concurrent workers skip each other's locked
    rows; everywhere the conditional UPDATE makes a row claimable only once.
    """
    free = Q(claim__isnull=True) | Q(claimed_at__lt=now - SENDING_LEASE)
    with transaction.atomic():
        due = (
            Delivery.objects.filter(
                distribution=distribution, status=DeliveryStatus.PENDING
            )
            .filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))
            .filter(free)
        )
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        first = due.order_by("pk").values_list("language", flat=True).first()
        if first is None:
            return None
        ids = list(
            due.filter(language=first)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        claim = uuid.uuid4()
        Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).filter(
            free
        ).update(claim=claim, claimed_at=timezone.now())
    return list(
        Delivery.objects.filter(claim=claim, status=DeliveryStatus.PENDING)
        .select_related("member")
        .order_by("pk")
    )


def _hand_over(deliveries):
    """Mark rows "sending" just before their provider call; False if lost."""
    keys = [delivery.pk for delivery in deliveries]
    handed = Delivery.objects.filter(
        pk__in=keys, claim=deliveries[0].claim, status=DeliveryStatus.PENDING
    ).update(status=DeliveryStatus.SENDING)
    return handed == len(keys)


def _send_units(connection, units, report, now):
    """Hand each message to the provider and record the answer straight away.

    Each message is one provider call, recorded before the next is made, so a
    crash leaves at most one call's members unconfirmed. A failing call stops
    the run: the provider is probably down, and the retry waits for it.
    """
    for position, (message, deliveries) in enumerate(units):
        if not _hand_over(deliveries):
            continue  # our lease ran out and another run took them
        try:
            connection.send_messages([message])
        except Exception as error:  # the provider or the network failed
            report.provider_calls += 1
            refused = _is_refusal(error)
            logger.warning("Distribution send failed: %s", type(error).__name__)
            _mark_failed_attempt(deliveries, error, report, now, permanent=refused)
            if refused:
                continue
            report.errors.append(_error_text(error))
            for _message, rest in units[position + 1 :]:
                _release(rest)
            return False
        except BaseException:  # the worker is being stopped
            for _message, rest in units[position + 1 :]:
                _release(rest)
            raise
        report.provider_calls += 1
        _mark_sent(deliveries, message, report)
    return True


def _schedule(distribution_id, run_after):
    """Run the send task again at ``run_after``, if the task backend can defer."""
    from .tasks import send_distribution

    if send_distribution.get_backend().supports_defer:
        send_distribution.using(run_after=run_after).enqueue(distribution_id)
        return True
    return False


def send_pending(distribution, batch_size=None, now=None):
    """Send every due pending delivery of ``distribution``; safe to run again."""
    batch_size = batch_size or BATCH_SIZE
    now = now or timezone.now()
    distribution = Distribution.objects.select_related("summary").get(
        pk=getattr(distribution, "pk", distribution)
    )
    report = SendReport(interrupted=recover_interrupted(distribution, now))
    renderer = SummaryEmailRenderer(distribution)
    connection = get_connection()
    merge = batch_merge(connection)
    opened = connection.open()
    watching = False
    try:
        while batch := _claim_batch(distribution, batch_size, now):
            if not watching:
                # If this worker dies, a later run settles what it had claimed.
                watching = _schedule(distribution.pk, now + SENDING_LEASE * 1.1)
            report.batches += 1
            if not _send_units(
                connection, _render_units(renderer, batch, merge), report, now
            ):
                break
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
        _schedule(distribution.pk, left["next_retry"])


def send_all_pending(now=None):
    """Resume every unfinished distribution; for a scheduler or after a restart."""
    reports = []
    for distribution in Distribution.objects.filter(
        status=DistributionStatus.SENDING
    ).order_by("pk"):
        reports.append(send_pending(distribution, now=now))
    return reports


def retry_failed(distribution, include_unconfirmed=False):
    """An organizer's explicit choice to try failed deliveries once more.

    Unconfirmed ones (interrupted by a crash) may already be in the member's
    inbox, so they are only included when the organizer asks for them too.
    """
    rows = Delivery.objects.filter(
        distribution=distribution, status=DeliveryStatus.FAILED
    ).exclude(last_error=NEEDS_ATTENTION_ERROR)
    if not include_unconfirmed:
        rows = rows.exclude(last_error=INTERRUPTED_ERROR)
    count = rows.update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        retry_after=None,
        status_changed_at=timezone.now(),
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
    however often the button is pressed; a reminder the provider refused is
    released again.
    """
    batch_size = batch_size or BATCH_SIZE
    now = now or timezone.now()
    distribution = Distribution.objects.select_related("summary").get(
        pk=getattr(distribution, "pk", distribution)
    )
    renderer = SummaryEmailRenderer(
        distribution, template="forums/email/summary_reminder"
    )
    connection = get_connection()
    merge = batch_merge(connection)
    opened = connection.open()
    sent = 0
    try:
        while True:
            candidates = reminder_candidates(distribution, days, now)
            language = (
                candidates.order_by("pk").values_list("language", flat=True).first()
            )
            if language is None:
                break
            ids = list(
                candidates.filter(language=language)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            claim = uuid.uuid4()
            Delivery.objects.filter(pk__in=ids, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now, claim=claim
            )
            batch = list(
                Delivery.objects.filter(claim=claim)
                .select_related("member")
                .order_by("pk")
            )
            stopped = False
            for message, deliveries in _render_units(renderer, batch, merge):
                keys = [d.pk for d in deliveries]
                if stopped:
                    Delivery.objects.filter(pk__in=keys).update(reminder_sent_at=None)
                    continue
                try:
                    connection.send_messages([message])
                except Exception as error:
                    logger.warning("Reminders failed: %s", type(error).__name__)
                    Delivery.objects.filter(pk__in=keys).update(reminder_sent_at=None)
                    stopped = True
                    continue
                refused = [d.pk for d in deliveries if not _accepted(message, d)[0]]
                Delivery.objects.filter(pk__in=refused).update(reminder_sent_at=None)
                sent += len(deliveries) - len(refused)
            Delivery.objects.filter(claim=claim).update(claim=None)
            if stopped:
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
        "retrying": Count(
            "pk", filter=q(status=DeliveryStatus.PENDING, attempts__gt=0)
        ),
        "unconfirmed": Count(
            "pk", filter=q(status=DeliveryStatus.FAILED, last_error=INTERRUPTED_ERROR)
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
    problems = (
        deliveries.filter(
            Q(status=DeliveryStatus.FAILED)
            | Q(status=DeliveryStatus.PENDING, attempts__gt=0)
        )
        .order_by()
        .values("status", "last_error")
        .annotate(
            count=Count("pk"), attempts=Max("attempts"), next_retry=Min("retry_after")
        )
        .order_by("status", "-count")
    )
    return {
        "totals": totals,
        "by_unit": by_unit,
        "problems": list(problems[:20]),
        "bounced": list(
            deliveries.filter(status=DeliveryStatus.BOUNCED)
            .select_related("member__unit")
            .order_by("member__unit__name", "member__name")
        ),
    }
