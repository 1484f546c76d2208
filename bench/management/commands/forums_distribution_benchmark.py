"""Time a distribution to a large scratch roster and count the provider calls.

Everything is created inside a transaction that is rolled back at the end, and
mail goes to anymail's test backend, so nothing is stored and nothing is sent.
It runs twice: as a batch-sending provider (Mailgun, SendGrid, SparkPost,
Mandrill: the test backend is told to take merge fields), and as a provider
that needs one call per member (Postmark, Amazon SES, Resend, SMTP).
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

from forums.models import ForumIndexPage, ForumPage
from outcomes import sending
from outcomes.models import DepartmentMember, DepartmentUnit, ForumSummaryPage

BACKEND = f"{__name__}.CountingBackend"


class CountingBackend(AnymailTestBackend):
    """anymail's test backend, counting provider API calls (one per message)."""

    calls = 0
    recipients = 0

    def post_to_esp(self, payload, message):
        type(self).calls += 1
        type(self).recipients += len(payload.recipient_emails)
        return super().post_to_esp(payload, message)

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
        parser.add_argument("--batch-size", type=int, default=sending.BATCH_SIZE)
        parser.add_argument(
            "--mode", choices=("batch", "single", "both"), default="both"
        )

    def handle(self, *args, members, batch_size, mode, **options):
        members = max(1, min(members, 1_000_000))
        batch_size = max(1, batch_size)
        modes = ("batch", "single") if mode == "both" else (mode,)
        for name in modes:
            formats = {"Test": "[[{}]]"} if name == "batch" else {}
            results = {}
            try:
                with (
                    transaction.atomic(),
                    override_settings(
                        EMAIL_BACKEND=BACKEND, FORUMS_BATCH_MERGE_FORMATS=formats
                    ),
                ):
                    results = self.run(members, batch_size)
                    raise Rollback
            except Rollback:
                pass
            languages = results["languages"]
            expected = (
                sum(math.ceil(n / batch_size) for n in languages.values())
                if name == "batch"
                else members
            )
            title = (
                "batch-sending provider (one call per batch of one language)"
                if name == "batch"
                else "provider without batch sending (one call per member)"
            )
            self.stdout.write(
                f"== {title}\n"
                f"members: {members}\n"
                f"batch size: {batch_size}\n"
                f"emails sent (recipients): {results['emails']}\n"
                f"provider calls: {results['calls']} (expected {expected})\n"
                f"by language: {languages}\n"
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
        CountingBackend.recipients = 0
        started = time.perf_counter()
        created = sending.create_distribution(summary, enqueue=False)
        create_seconds = time.perf_counter() - started
        started = time.perf_counter()
        sending.send_pending(created, batch_size=batch_size)
        send_seconds = time.perf_counter() - started
        by_language = collections.Counter(
            created.deliveries.values_list("language", flat=True)
        )
        results = {
            "emails": CountingBackend.recipients,
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
