"""What a series' new rule or skip dates do to its upcoming forums.

Saving a series changes no forum. The organizer first reads a plan (each upcoming
month's forum kept, moved or cancelled, and months added, with the registrants
each one affects), then applies it: in one transaction, by publishing each changed
forum, so registrants get the usual notices (an updated invitation with a higher
SEQUENCE for a move, METHOD:CANCEL for a cancellation) queued with the change.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from engage.timezones import site_timezone

from .generation import create_forum, lock_series, occupied_months, occurrence_month
from .models import ForumPage, ForumSeries, ForumStatus
from .models.rsvps import ACTIVE_STATUSES

KEEP = "keep"
MOVE = "move"
CANCEL = "cancel"
ADD = "add"
# The furthest a plan looks ahead, in dates of the rule.
HORIZON = 36


class PlanChanged(Exception):
    """The series or its forums changed since the organizer read the plan."""


@dataclass(frozen=True)
class Step:
    action: str
    forum: ForumPage | None = None
    old_date: datetime.date | None = None
    new_date: datetime.date | None = None
    registrants: int = 0

    @property
    def key(self):
        forum = self.forum.pk if self.forum else ""
        return f"{self.action}:{forum}:{self.old_date}:{self.new_date}"


@dataclass(frozen=True)
class SeriesPlan:
    series: ForumSeries
    steps: tuple

    @property
    def changes(self):
        return [step for step in self.steps if step.action != KEEP]

    def of(self, action):
        return [step for step in self.steps if step.action == action]

    @property
    def fingerprint(self):
        """Names exactly what the organizer was shown, so applying a plan that
        has changed since is refused rather than done blindly."""
        text = "|".join(step.key for step in self.steps)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def _local_day(forum, tz):
    return timezone.localtime(forum.start, tz).date()


def _upcoming(series, now):
    """Live, not cancelled forums of the series still to start, with how many
    registrants (confirmed, offered a seat or waitlisted) each has."""
    active = Q(rsvps__status__in=ACTIVE_STATUSES)
    return list(
        ForumPage.objects.live()
        .filter(series=series, start__gt=now)
        .exclude(status=ForumStatus.CANCELLED)
        .annotate(registrants=Count("rsvps", filter=active))
        .order_by("start", "pk")
    )


def build_plan(series, now=None):
    """Compare each upcoming month's forums with the rule's date for that month,
    up to the last month that has an upcoming forum."""
    tz = site_timezone()
    now = now or timezone.now()
    forums = _upcoming(series, now)
    if not forums:
        return SeriesPlan(series=series, steps=())
    by_month = defaultdict(list)
    for forum in forums:
        day = forum.occurrence_date or _local_day(forum, tz)
        by_month[occurrence_month(day)].append(forum)
    last = max(by_month)
    new_dates = {}
    today = timezone.localtime(now, tz).date()
    for day in series.occurrence_dates(HORIZON, after=today):
        if occurrence_month(day) > last:
            break
        if series.times_on(day, tz)[0] > now:
            new_dates.setdefault(occurrence_month(day), day)
    taken = occupied_months(series, tz)
    steps = []
    for month in sorted(set(by_month) | set(new_dates)):
        new_day = new_dates.get(month)
        if month in by_month:
            steps.extend(_month_steps(by_month[month], new_day, tz))
        elif month not in taken:  # a past, draft or cancelled forum holds it
            steps.append(Step(ADD, new_date=new_day))
    return SeriesPlan(series=series, steps=tuple(steps))


def _month_steps(forums, new_day, tz):
    """One month: the rule's date is kept by the forum already on it, else the
    forum with the most registrants moves there; any other forum is cancelled."""
    if new_day is None:
        keeper = None
    else:
        on_day = [
            forum
            for forum in forums
            if new_day in (forum.occurrence_date, _local_day(forum, tz))
        ]
        keeper = on_day[0] if on_day else max(forums, key=lambda f: f.registrants)
    steps = []
    for forum in forums:
        day = _local_day(forum, tz)
        if forum is not keeper:
            steps.append(Step(CANCEL, forum, day, None, forum.registrants))
        elif new_day in (forum.occurrence_date, day):
            steps.append(Step(KEEP, forum, day, day, forum.registrants))
        else:
            steps.append(Step(MOVE, forum, day, new_day, forum.registrants))
    return steps


def apply_plan(series, fingerprint, user=None):
    """Carry out the plan the organizer read, all or nothing.

    Each moved or cancelled forum is published, which tells its registrants
    (``announcements.announce_forum_changes`` on ``page_published``); their emails are
    queued in this transaction. Raises ``PlanChanged`` if the plan is no longer
    the one with ``fingerprint``.
    """
    tz = site_timezone()
    with transaction.atomic():
        series = lock_series(series)
        plan = build_plan(series)
        if plan.fingerprint != fingerprint:
            raise PlanChanged
        for step in plan.changes:
            if step.action == ADD:
                create_forum(series, step.new_date, tz)
                continue
            forum = step.forum
            if step.action == MOVE:
                forum.start, forum.end = series.times_on(step.new_date, tz)
                clash = ForumPage.objects.filter(
                    series=series, occurrence_date=step.new_date
                ).exclude(pk=forum.pk)
                if not clash.exists():
                    forum.occurrence_date = step.new_date
            else:
                forum.status = ForumStatus.CANCELLED
            forum.save_revision(user=user).publish(user=user)
    return plan


def may_apply(plan, user):
    """Applying publishes forums: only someone who may publish each changed forum
    (and add pages under the index, for new dates) may do it."""
    if plan.of(ADD):
        index = plan.series.index_page
        if not index.permissions_for_user(user).can_add_subpage():
            return False
    return all(
        step.forum.permissions_for_user(user).can_publish()
        for step in plan.changes
        if step.forum is not None
    )
