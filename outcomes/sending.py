"""Distributing a published forum summary to the department roster.

Every member gets one ``Delivery`` row when the distribution is created. A
background task then sends the pending rows in batches of one language: each
batch is claimed (pending -> sending, committed) before it is handed to the
provider and recorded as sent only once the provider accepted it, so a resumed
or concurrent run never sends a member a second copy. Where the provider can
personalise one request for many recipients, a batch is one provider call;
otherwise each member is one call (see ``rendering.BATCH_MERGE_FORMATS``). A failed call
is retried by a deferred task with a growing wait, then given up and shown in
the admin report.
"""

import collections
import datetime
import logging
import uuid
from dataclasses import dataclass, field

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import task

from engage.i18n import normalize_language

from .corrections import correction_times
from .models import (
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    Distribution,
    DistributionStatus,
)
from .rendering import SummaryEmailRenderer, batch_merge, render_units

logger = logging.getLogger(__name__)

BATCH_SIZE = settings.FORUMS_DISTRIBUTION_BATCH_SIZE
MAX_ATTEMPTS = settings.FORUMS_DISTRIBUTION_MAX_ATTEMPTS
RETRY_BASE = datetime.timedelta(minutes=5)
RETRY_CAP = datetime.timedelta(hours=6)
# A claimed row still "sending" after this long belongs to a run that died.
SENDING_LEASE = datetime.timedelta(minutes=30)
INTERRUPTED_ERROR = (
    "Sending was interrupted; not sent again automatically in case the provider "
    "had already accepted it."
)
NEEDS_ATTENTION_ERROR = "Not sent: this address bounced before and needs attention."


class NotPublished(Exception):
    """Only a live summary can be distributed."""


def distribution_audience(summary, units=(), everyone=False):
    """The active members a new distribution sends to (of ``units`` if given).

    A summary already distributed goes only to members who have not received it,
    unless the organizer chooses ``everyone``.
    """
    members = DepartmentMember.objects.active()
    if units:
        members = members.filter(unit__in=units)
    if not everyone:
        received = Delivery.objects.of_summary(summary).received()
        members = members.exclude(pk__in=received.values("member_id"))
    return members


def create_distribution(
    summary, user=None, units=(), everyone=False, enqueue=True, deadline=None
):
    """One distribution and one delivery per member of ``distribution_audience``,
    to be acknowledged by the ``deadline`` day (none: no reminders or notices).

    A member who acknowledged the summary through an earlier distribution stays
    acknowledged in this one, unless the summary was corrected since: they
    confirmed an earlier version (``outcomes.corrections``).
    """
    if not summary.live:
        raise NotPublished
    with transaction.atomic():
        distribution = Distribution.objects.create(
            summary=summary,
            created_by=user if user is not None and user.is_authenticated else None,
            acknowledgement_deadline=deadline,
        )
        if units:
            distribution.units.set(units)
        members = distribution_audience(summary, units, everyone)
        corrections = correction_times(summary)
        confirmed = Delivery.objects.of_summary(summary).filter(
            acknowledged_at__isnull=False
        )
        if corrections:
            confirmed = confirmed.filter(acknowledged_at__gt=corrections[-1])
        # Latest first, so each member's earliest acknowledgement is the one kept.
        acknowledged = {
            member_id: (at, revision_id)
            for member_id, at, revision_id in confirmed.order_by(
                "-acknowledged_at"
            ).values_list("member_id", "acknowledged_at", "acknowledged_revision_id")
        }
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
                acknowledged_at=acknowledged.get(member_id, (None, None))[0],
                acknowledged_revision_id=acknowledged.get(member_id, (None, None))[1],
            )
            if flagged:
                delivery.status = DeliveryStatus.FAILED
                delivery.last_error = NEEDS_ATTENTION_ERROR
                delivery.status_changed_at = now
            rows.append(delivery)
        Delivery.objects.bulk_create(rows, batch_size=1000)
    if enqueue:
        send_distribution.enqueue(distribution.pk)
    return distribution


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


def provider_accepted(message, delivery):
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
    return isinstance(error, AnymailRecipientsRefused)


def _mark_sent(deliveries, message, report):
    """Record the provider's answer: one UPDATE per message id, not per member."""
    moment = timezone.now()
    accepted = collections.defaultdict(list)
    for delivery in deliveries:
        ok, detail = provider_accepted(message, delivery)
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
                connection, render_units(renderer, batch, merge), report, now
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


@task()
def send_distribution(distribution_id):
    """Send what is pending; running it twice sends nobody a second copy."""
    return send_pending(distribution_id).sent


@task()
def resume_distributions():
    """For a scheduler: finish distributions whose retries are due."""
    return sum(report.sent for report in send_all_pending())
