"""Time a distribution to a large scratch roster and count the provider calls.

Everything is created inside a transaction that is rolled back at the end, and
mail goes to anymail's test backend, so nothing is stored and nothing is sent.
"""

import collections
import datetime
import math
import time

from anymail.backends.test import EmailBackend as AnymailTestBackend
from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page, Site

from forums import distribution
from forums.models import (
    DepartmentMember,
    DepartmentUnit,
    ForumIndexPage,
    ForumPage,
    ForumSummaryPage,
)

BACKEND = f"{__name__}.CountingBackend"


class CountingBackend(AnymailTestBackend):
    """anymail's test backend, counting ``send_messages`` calls (provider calls)."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        return super().send_messages(email_messages)

    def get_esp_message_id(self, message):
        return len(mail.outbox) - 1  # the parent's outbox.index() is O(n)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Build a scratch roster (rolled back afterwards), distribute a summary to it "
        "through anymail's test backend, and print the time taken and the number of "
        "backend send calls."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=distribution.BATCH_SIZE)

    def handle(self, *args, members, batch_size, **options):
        members = max(1, min(members, 1_000_000))
        batch_size = max(1, batch_size)
        results = {}
        try:
            with transaction.atomic(), override_settings(EMAIL_BACKEND=BACKEND):
                results = self.run(members, batch_size)
                raise Rollback
        except Rollback:
            pass
        expected = math.ceil(members / batch_size)
        self.stdout.write(
            f"members: {members}\n"
            f"batch size: {batch_size}\n"
            f"emails sent: {results['emails']}\n"
            f"backend send_messages calls: {results['calls']} (expected {expected})\n"
            f"by language: {results['languages']}\n"
            f"create deliveries: {results['create']:.2f} s\n"
            f"send: {results['send']:.2f} s "
            f"({results['emails'] / max(results['send'], 1e-9):.0f} emails/s)"
        )

    def run(self, members, batch_size):
        summary = self.scratch_summary()
        units = [
            DepartmentUnit.objects.create(name=f"Benchmark unit {n} {time.time_ns()}")
            for n in range(8)
        ]
        languages = [code for code, _name in settings.LANGUAGES]
        DepartmentMember.objects.bulk_create(
            (
                DepartmentMember(
                    name=f"Member {n}",
                    email=f"bench-{n}-{time.time_ns()}@example.invalid",
                    unit=units[n % len(units)],
                    preferred_language=languages[n % len(languages)],
                )
                for n in range(members)
            ),
            batch_size=1000,
        )
        DepartmentMember.objects.exclude(unit__in=units).update(active=False)
        mail.outbox = []
        CountingBackend.calls = 0
        started = time.perf_counter()
        created = distribution.create_distribution(summary, enqueue=False)
        create_seconds = time.perf_counter() - started
        started = time.perf_counter()
        distribution.send_pending(created, batch_size=batch_size)
        send_seconds = time.perf_counter() - started
        by_language = collections.Counter(
            created.deliveries.values_list("language", flat=True)
        )
        results = {
            "emails": len(mail.outbox),
            "calls": CountingBackend.calls,
            "languages": dict(sorted(by_language.items())),
            "create": create_seconds,
            "send": send_seconds,
        }
        mail.outbox = []
        return results

    def scratch_summary(self):
        site = Site.objects.filter(is_default_site=True).first()
        root = site.root_page if site else Page.get_first_root_node()
        index = root.add_child(
            instance=ForumIndexPage(title="Benchmark", slug=f"bench-{time.time_ns()}")
        )
        start = timezone.now() - datetime.timedelta(days=3)
        forum = index.add_child(
            instance=ForumPage(
                title="Benchmark forum",
                slug="forum",
                start=start,
                end=start + datetime.timedelta(hours=2),
            )
        )
        summary = forum.add_child(
            instance=ForumSummaryPage(
                title="Benchmark summary",
                slug="summary",
                residents_attended=40,
                walk_ins=6,
                officers_attended=5,
                topics="<p>Traffic stops, youth programmes and lighting.</p>",
            )
        )
        summary.refresh_from_db()
        return summary
