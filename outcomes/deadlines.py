"""Acknowledgement deadlines and the scheduled reminders before them.

A distribution's deadline is a day in the site's time zone: members have until
the end of it. Until then, members who have not acknowledged get each step of
the reminder schedule (settings ``OUTCOMES_REMINDER_AFTER_DAYS`` and
``OUTCOMES_REMINDER_BEFORE_DEADLINE_DAYS``) at most once. A step is claimed by
writing its ``ScheduledReminder`` row before the email is handed to the
provider, so a second run, or a run after a crash, never sends it again.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Count, Q
from django.utils import timezone

from engage.timezones import site_timezone

from .models import Delivery, DeliveryStatus, Distribution, ScheduledReminder
from .models import ReminderStep as Step
from .rendering import SummaryEmailRenderer, batch_merge, render_units
from .sending import BATCH_SIZE, provider_accepted

logger = logging.getLogger(__name__)

# No reminder goes to an address that bounced, failed or reported spam.
NOT_REMINDED = (
    DeliveryStatus.BOUNCED,
    DeliveryStatus.COMPLAINED,
    DeliveryStatus.FAILED,
)


def today():
    return timezone.localdate(timezone=site_timezone())


def default_deadline(on=None):
    """The deadline the distribute form offers."""
    return (on or today()) + datetime.timedelta(
        days=settings.OUTCOMES_ACKNOWLEDGEMENT_DAYS
    )


def deadline_passes_at(distribution):
    """The moment the deadline day ends in the site's time zone, or None."""
    deadline = distribution.acknowledgement_deadline
    if deadline is None:
        return None
    return datetime.datetime.combine(
        deadline + datetime.timedelta(days=1), datetime.time(), tzinfo=site_timezone()
    )


def deadline_passed(distribution, now=None):
    passes_at = deadline_passes_at(distribution)
    return passes_at is not None and (now or timezone.now()) >= passes_at


@dataclass(frozen=True)
class ScheduleStep:
    step: str
    days: int
    # When it is due: a fixed moment before the deadline; for the step after
    # sending, each member's own copy's time plus ``days`` (so None here).
    due_at: datetime.datetime | None


def reminder_schedule(distribution):
    """The steps of a distribution's reminder schedule, latest first."""
    passes_at = deadline_passes_at(distribution)
    if passes_at is None:
        return []
    steps = []
    before = settings.OUTCOMES_REMINDER_BEFORE_DEADLINE_DAYS
    if before is not None:
        due_at = passes_at - datetime.timedelta(days=before)
        steps.append(ScheduleStep(Step.BEFORE_DEADLINE, before, due_at))
    after = settings.OUTCOMES_REMINDER_AFTER_DAYS
    if after is not None:
        steps.append(ScheduleStep(Step.AFTER_SENDING, after, None))
    return steps


def step_candidates(distribution, schedule_step, now):
    """Deliveries due this step now: sent, not acknowledged, reachable, not yet
    reminded at this step, and the deadline not passed."""
    if deadline_passed(distribution, now):
        return Delivery.objects.none()
    if schedule_step.due_at is None:
        sent_by = now - datetime.timedelta(days=schedule_step.days)
    elif now >= schedule_step.due_at:
        # Only members who had their copy before the reminder was due.
        sent_by = schedule_step.due_at
    else:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(
            distribution=distribution,
            acknowledged_at__isnull=True,
            sent_at__isnull=False,
            sent_at__lte=sent_by,
        )
        .exclude(status__in=NOT_REMINDED)
        .exclude(scheduled_reminders__step=schedule_step.step)
    )


def _claim(ids, steps, now):
    """Write the steps' rows for these deliveries; those whose row for the first
    step was written by this call are claimed (a concurrent run gets none)."""
    claim = uuid.uuid4()
    ScheduledReminder.objects.bulk_create(
        [
            ScheduledReminder(delivery_id=pk, step=step, claim=claim, sent_at=now)
            for pk in ids
            for step in steps
        ],
        ignore_conflicts=True,
    )
    claimed = ScheduledReminder.objects.filter(claim=claim, step=steps[0])
    return claim, list(
        Delivery.objects.filter(pk__in=claimed.values("delivery_id"))
        .select_related("member")
        .order_by("pk")
    )


def _release(claim, deliveries):
    """The provider never took these: they may be reminded by a later run."""
    ScheduledReminder.objects.filter(
        claim=claim, delivery__in=[d.pk for d in deliveries]
    ).delete()


def _send_step(distribution, schedule_step, covers, now, connection, batch_size):
    renderer = SummaryEmailRenderer(
        distribution, template="outcomes/email/summary_reminder"
    )
    merge = batch_merge(connection)
    sent = 0
    refused_now = set()  # released for a later run, not tried again in this one
    while True:
        candidates = step_candidates(distribution, schedule_step, now).exclude(
            pk__in=refused_now
        )
        language = candidates.order_by("pk").values_list("language", flat=True).first()
        if language is None:
            return sent, True
        ids = list(
            candidates.filter(language=language)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        claim, batch = _claim(ids, [schedule_step.step, *covers], now)
        units = render_units(renderer, batch, merge) if batch else []
        for position, (message, deliveries) in enumerate(units):
            try:
                connection.send_messages([message])
            except Exception as error:  # the provider or the network failed
                logger.warning("Scheduled reminders failed: %s", type(error).__name__)
                for _message, rest in units[position:]:
                    _release(claim, rest)
                return sent, False
            except BaseException:  # the worker is being stopped
                for _message, rest in units[position + 1 :]:
                    _release(claim, rest)
                raise
            refused = [d for d in deliveries if not provider_accepted(message, d)[0]]
            if refused:
                _release(claim, refused)
                refused_now.update(d.pk for d in refused)
            sent += len(deliveries) - len(refused)


def send_scheduled_reminders(distribution, now=None, batch_size=None):
    """Send every reminder step now due; safe to run again at any time.

    The latest due step goes first and also marks the earlier one, so a member
    whose reminders were all due at once (the job was down) gets one email.
    """
    now = now or timezone.now()
    batch_size = batch_size or BATCH_SIZE
    distribution = Distribution.objects.select_related("summary").get(
        pk=getattr(distribution, "pk", distribution)
    )
    schedule = reminder_schedule(distribution)
    connection = get_connection()
    opened = connection.open()
    sent = 0
    try:
        for position, schedule_step in enumerate(schedule):
            covers = [later.step for later in schedule[position + 1 :]]
            count, ok = _send_step(
                distribution, schedule_step, covers, now, connection, batch_size
            )
            sent += count
            if not ok:
                break
    finally:
        if opened:
            connection.close()
    return sent


def open_distributions(now=None):
    """Distributions whose deadline has not passed yet."""
    now = now or timezone.now()
    return Distribution.objects.filter(
        acknowledgement_deadline__gte=timezone.localdate(now, site_timezone())
    ).order_by("pk")


def send_all_scheduled_reminders(now=None):
    return sum(
        send_scheduled_reminders(distribution, now=now)
        for distribution in open_distributions(now)
    )


def schedule_status(distribution):
    """Each step of the schedule with how many members it reached, for the
    distribution report."""
    counts = ScheduledReminder.objects.filter(
        delivery__distribution=distribution
    ).aggregate(**{step.value: Count("pk", filter=Q(step=step.value)) for step in Step})
    return [
        {
            "step": step.step,
            "days": step.days,
            "due_at": step.due_at,
            "sent": counts[step.step],
        }
        for step in reversed(reminder_schedule(distribution))
    ]
