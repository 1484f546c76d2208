"""Reminding members who have not acknowledged a distributed summary."""

import datetime
import logging
import uuid

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from .models import Delivery, DeliveryStatus, Distribution
from .rendering import SummaryEmailRenderer, batch_merge, render_units
from .sending import BATCH_SIZE, provider_accepted

logger = logging.getLogger(__name__)


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
        distribution, template="outcomes/email/summary_reminder"
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
            for message, deliveries in render_units(renderer, batch, merge):
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
                refused = [
                    d.pk for d in deliveries if not provider_accepted(message, d)[0]
                ]
                Delivery.objects.filter(pk__in=refused).update(reminder_sent_at=None)
                sent += len(deliveries) - len(refused)
            Delivery.objects.filter(claim=claim).update(claim=None)
            if stopped:
                break
    finally:
        if opened:
            connection.close()
    return sent


@task()
def send_distribution_reminders(distribution_id, days):
    return send_reminders(distribution_id, days)
