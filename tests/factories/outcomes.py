"""Summaries, the department roster, and mail backends for distributions."""

import datetime

from anymail.backends.test import EmailBackend as AnymailTestBackend
from django.core import mail
from django.utils import timezone

from engage.i18n import LANGUAGE_CODES
from outcomes.action_updates import record_update
from outcomes.models import (
    ActionItem,
    DepartmentMember,
    DepartmentUnit,
    ForumSummaryPage,
)

from .forums import make_forum


def make_summary(forum, publish=True, items=(), **kwargs):
    """A summary under ``forum``; ``items`` are (description, status) pairs."""
    defaults = {
        "title": f"Summary: {forum.title}",
        "slug": "summary",
        "residents_attended": 12,
        "walk_ins": 3,
        "officers_attended": 4,
        "topics": "<p>Traffic stops near the school.</p>",
        "concerns": "<p>Speeding on Market Street.</p>",
        "responses": "<p>The traffic unit will patrol at school times.</p>",
    }
    defaults.update(kwargs)
    summary = ForumSummaryPage(live=False, **defaults)
    for number, (description, status) in enumerate(items):
        summary.action_items.add(
            ActionItem(
                description=description,
                status=status,
                responsible_person="Lt. Rivera",
                due_date=datetime.date(2026, 12, 1) + datetime.timedelta(days=number),
                declined_reason="Out of budget" if status == "declined" else "",
                sort_order=number,
            )
        )
    forum.add_child(instance=summary)
    revision = summary.save_revision()
    if publish:
        revision.publish()
        summary.refresh_from_db()
    return summary


def past_forum(index, days_ago, **kwargs):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return make_forum(index, start=start, **kwargs)


def make_members(count, units=None, languages=LANGUAGE_CODES, prefix="member"):
    units = units or [DepartmentUnit.objects.get_or_create(name="Patrol")[0]]
    DepartmentMember.objects.bulk_create(
        DepartmentMember(
            name=f"Officer {prefix} {number}",
            email=f"{prefix}{number}@police.example",
            unit=units[number % len(units)],
            preferred_language=languages[number % len(languages)],
        )
        for number in range(count)
    )
    return list(DepartmentMember.objects.order_by("pk"))


class CountingBackend(AnymailTestBackend):
    """anymail's test backend, counting calls to ``send_messages``."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        return super().send_messages(email_messages)

    def get_esp_message_id(self, message):
        return f"msg-{len(mail.outbox) - 1}"


class CrashingBackend(CountingBackend):
    """Fails hard after ``crash_after`` messages, as a killed worker would."""

    crash_after = None
    crash_with = KeyboardInterrupt
    sent = 0

    def post_to_esp(self, payload, message):
        if self.crash_after is not None and type(self).sent >= self.crash_after:
            raise type(self).crash_with("network down")
        type(self).sent += 1
        return super().post_to_esp(payload, message)


COUNTING = "tests.factories.outcomes.CountingBackend"
CRASHING = "tests.factories.outcomes.CrashingBackend"


def record_item_update(item, status, note="", date=None, user=None):
    """Record a status change as the admin form does (``after``: the latest seen)."""
    latest = item.updates.order_by("-created_at", "-pk").first()
    return record_update(
        item.pk,
        status=status,
        notes={"en": note},
        date=date or timezone.localdate(),
        user=user,
        after=latest.pk if latest else 0,
    )


COMMAND_STAFF = "Command staff"


def make_member(name, unit, language="en", role="Officer", **kwargs):
    """One active member; the address comes from a counter, never the name."""
    make_member.count += 1
    return DepartmentMember.objects.create(
        name=name,
        email=f"officer{make_member.count}@police.example",
        unit=unit,
        role=role,
        preferred_language=language,
        **kwargs,
    )


make_member.count = 0


def make_commanded_unit(name, commander=True, commander_language="en"):
    """A unit whose commander sits in the command staff unit, not in it."""
    unit = DepartmentUnit.objects.create(name=name)
    if commander:
        staff, _ = DepartmentUnit.objects.get_or_create(name=COMMAND_STAFF)
        unit.commander = make_member(
            f"Captain of {name}", staff, language=commander_language, role="Captain"
        )
        unit.save()
    return unit
