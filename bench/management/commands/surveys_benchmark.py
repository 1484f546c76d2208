"""Load many responses into a throwaway survey and time results and exports.

The exports are also measured for memory: the process's peak resident size while
each is written (Linux's VmHWM, reset before each with ``/proc/self/clear_refs``),
at 1,000 responses and at the end, so one run shows whether it grows with them.
"""

import random
import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from engage import page_cache
from surveys import tallies
from surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    SurveyIndexPage,
    SurveyPage,
)

LANGUAGES = ["en", "es", "vi", "zh-hans", "ar", "ko"]
EARLY = 1_000


def reset_peak_memory():
    """Start the peak resident size again from the current one (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_memory_mb():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Create a survey with many responses (100,000 by default) inside a "
        "transaction, time the results page and the exports, then roll back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark survey."
        )

    def handle(self, *args, **options):
        index = SurveyIndexPage.objects.live().first()
        if index is None:
            raise CommandError("Run load_demo first: no survey index page exists.")
        try:
            with transaction.atomic():
                survey = self.build(index, options["responses"])
                self.measure(survey)
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("Rolled back; nothing was kept.")

    def build(self, index, count):
        started = time.perf_counter()
        survey = SurveyPage(
            title="Benchmark survey",
            slug=f"benchmark-{int(time.time())}",
            results_public=True,
        )
        agree = Question(kind=QuestionKind.SCALE, key="bench-scale", text="Scale")
        pick = Question(kind=QuestionKind.MULTIPLE, key="bench-pick", text="Pick")
        pick.choices = [Choice(code=c, label=c.upper()) for c in "abcde"]
        rating = Question(kind=QuestionKind.RATING, key="bench-rating", text="Rate")
        words = Question(kind=QuestionKind.LONG_TEXT, key="bench-text", text="Say")
        survey.questions = [agree, pick, rating, words]
        index.add_child(instance=survey)
        survey.save_revision().publish()
        questions = {q.key: q for q in survey.questions.prefetch_related("choices")}
        choices = list(questions["bench-pick"].choices.all())
        rng = random.Random(1)  # noqa: S311 - benchmark data
        today = timezone.localdate()
        batch = 5000
        # A first stop at 1,000 responses, timed: the results page should cost
        # the same there as at the end.
        stops = sorted({*range(batch, count, batch), count, min(EARLY, count)})
        for offset, stop in zip([0, *stops], stops, strict=False):
            if offset == EARLY:
                url = survey.url + "results/"
                self.time(f"Results page at {EARLY:,} responses", Client(), url)
                self.exports(survey, f" at {EARLY:,} responses")
            responses = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    language=rng.choice(LANGUAGES),
                    submitted_on=today - timezone.timedelta(days=rng.randint(0, 90)),
                )
                for _i in range(stop - offset)
            )
            answers = []
            for response in responses:
                answers.append(
                    Answer(
                        response=response,
                        question=questions["bench-scale"],
                        number=rng.randint(1, 5),
                    )
                )
                answers.append(
                    Answer(
                        response=response,
                        question=questions["bench-rating"],
                        number=rng.randint(1, 5),
                    )
                )
                for choice in rng.sample(choices, 2):
                    answers.append(
                        Answer(
                            response=response,
                            question=questions["bench-pick"],
                            choice=choice,
                        )
                    )
                if rng.random() < 0.2:
                    answers.append(
                        Answer(
                            response=response,
                            question=questions["bench-text"],
                            text="More foot patrols, please.",
                        )
                    )
            Answer.objects.bulk_create(answers, batch_size=5000)
            tallies.count_in([response.pk for response in responses])
            # As stored responses do, so the page cached at 1,000 is not served.
            page_cache.bump_tags([f"survey-responses:{survey.pk}"])
        self.stdout.write(
            f"Loaded {count:,} responses in {time.perf_counter() - started:.1f}s"
        )
        return survey

    def measure(self, survey):
        client = Client()
        results_url = survey.url + "results/"
        self.time("Results page", client, results_url)
        self.time("Results page, Spanish only", client, results_url + "?language=es")
        self.time("Aggregate JSON", client, survey.data_url("json"))
        self.exports(survey, "")

    def exports(self, survey, when):
        """Both response exports, timed and measured for peak memory."""
        from django.contrib.auth import get_user_model

        staff = get_user_model().objects.filter(is_superuser=True).first()
        if staff is None:
            self.stdout.write("No superuser: response exports not measured.")
            return
        client = Client()
        client.force_login(staff)
        # force_login skips the two-factor step; this measures the export, not
        # the sign-in, so the admin's second-factor check stands aside here.
        with override_settings(ENGAGE_STAFF_MFA_REQUIRED=False):
            for fmt in ("csv", "xlsx"):
                measured = reset_peak_memory()
                self.time(
                    f"All responses ({fmt.upper()}){when}",
                    client,
                    f"/admin/surveys/{survey.pk}/responses.{fmt}",
                )
                if measured:
                    self.stdout.write(
                        f"  peak memory while writing it: {peak_memory_mb():.0f} MB"
                    )

    def time(self, label, client, url):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST="localhost")
            size = (
                sum(len(chunk) for chunk in response)
                if response.streaming
                else (len(response.content))
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{label}: {elapsed:.2f}s, {len(queries)} queries, "
            f"{size / 1024:.0f} KiB, status {response.status_code}"
        )
