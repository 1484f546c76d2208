"""After a distribution's acknowledgement deadline, each unit's commander is told
once who in the unit has not acknowledged, with a signed link to the unit's
status that works without an account."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from engage.i18n import normalize_language
from engage.links import absolute_reverse
from engage.mail import send_email
from engage.timezones import site_timezone

from .deadlines import today
from .models import (
    CommanderNotice,
    Delivery,
    DeliveryStatus,
    DepartmentUnit,
    Distribution,
)
from .tokens import unit_link_token

# A deadline that passed longer ago than this gets no notices: a commander
# named later is not sent old news.
NOTICE_WINDOW = datetime.timedelta(days=30)
UNREACHED = (DeliveryStatus.BOUNCED, DeliveryStatus.FAILED)


def unit_deliveries(distribution, unit):
    """The copies the unit's members were sent in this distribution, by name."""
    return (
        Delivery.objects.filter(distribution=distribution, member__unit=unit)
        .select_related("member", "acknowledged_revision")
        .order_by("member__name", "pk")
    )


def unit_status(distribution, unit):
    """The unit's members in three groups: acknowledged, not yet, unreachable."""
    status = {"acknowledged": [], "waiting": [], "unreached": []}
    for delivery in unit_deliveries(distribution, unit):
        if delivery.acknowledged_at is not None:
            status["acknowledged"].append(delivery)
        elif delivery.status in UNREACHED:
            status["unreached"].append(delivery)
        else:
            status["waiting"].append(delivery)
    return status


def unit_acknowledgements(distribution):
    """Per unit, for the distribution report: members, how many acknowledged,
    the commander and when they were told (None: not yet)."""
    counts = (
        Delivery.objects.filter(distribution=distribution)
        .order_by()
        .values("member__unit")
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
    )
    by_unit = {row["member__unit"]: row for row in counts}
    notices = {
        notice.unit_id: notice.sent_at
        for notice in CommanderNotice.objects.filter(distribution=distribution)
    }
    return [
        {
            "unit": unit,
            "total": by_unit[unit.pk]["total"],
            "acknowledged": by_unit[unit.pk]["acknowledged"],
            "waiting": by_unit[unit.pk]["total"] - by_unit[unit.pk]["acknowledged"],
            "told_at": notices.get(unit.pk),
        }
        for unit in DepartmentUnit.objects.filter(pk__in=by_unit)
        .select_related("commander")
        .order_by("name")
    ]


def units_to_notify(distribution):
    """Units with a reachable commander, someone who has not acknowledged, and no
    notice yet."""
    waiting = Delivery.objects.filter(
        distribution=distribution, acknowledged_at__isnull=True
    )
    return (
        DepartmentUnit.objects.filter(
            pk__in=waiting.values("member__unit"),
            commander__active=True,
            commander__address_needs_attention=False,
        )
        .exclude(
            pk__in=CommanderNotice.objects.filter(distribution=distribution).values(
                "unit"
            )
        )
        .select_related("commander")
        .order_by("pk")
    )


def due_distributions(now=None):
    """Distributions whose deadline passed, within the notice window."""
    on = timezone.localdate(now, site_timezone()) if now else today()
    return (
        Distribution.objects.filter(
            acknowledgement_deadline__lt=on,
            acknowledgement_deadline__gte=on - NOTICE_WINDOW,
        )
        .select_related("summary")
        .order_by("pk")
    )


def notify_commanders(now=None):
    """Queue each due notice in the transaction that records it; returns how
    many were queued. Safe to run again: a unit's commander is told once."""
    now = now or timezone.now()
    sent = 0
    for distribution in due_distributions(now):
        for unit in units_to_notify(distribution):
            with transaction.atomic():
                notice, created = CommanderNotice.objects.get_or_create(
                    distribution=distribution,
                    unit=unit,
                    defaults={"commander": unit.commander, "sent_at": now},
                )
                if not created:  # a run at the same time got there first
                    continue
                _send(notice, now)
            sent += 1
    return sent


def _send(notice, now):
    commander = notice.commander
    language = normalize_language(commander.preferred_language)
    deliveries = list(unit_deliveries(notice.distribution, notice.unit))
    with translation.override(language):
        unit_url = absolute_reverse(
            "outcomes:unit_status", args=[unit_link_token(notice)]
        )
    send_email(
        "outcomes/email/commander_notice",
        {
            "commander_name": commander.name,
            "unit": notice.unit,
            "summary": notice.distribution.summary,
            "deadline": notice.distribution.acknowledgement_deadline,
            "not_acknowledged": [d for d in deliveries if d.acknowledged_at is None],
            "member_count": len(deliveries),
            "unit_url": unit_url,
            "link_expires": now
            + datetime.timedelta(seconds=settings.OUTCOMES_UNIT_LINK_MAX_AGE),
        },
        to=commander.email,
        language=language,
    )
