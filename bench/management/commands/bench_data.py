"""Fill the database with benchmark data: ``manage.py bench_data --scale 1``.

At scale 1: 50 forums, 5,000 RSVPs, a survey with 10,000 responses, 2 pledges
with 200 progress updates and 1,000 department members; scale 10 is ten times
that (fractions work too, for tests). Pages go through Wagtail (revisions and
publication, as the admin does); the rows under them through ``bulk_create``.
Everything lands under its own index pages below the default site's home page,
so the command runs on a fresh database or next to the demo content, once.
"""

import datetime
import random
import time
import uuid

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from engage.i18n import LANGUAGE_CODES
from forums.models import RSVP, ForumIndexPage, ForumPage, RSVPStatus, Venue
from outcomes.models import DepartmentMember, DepartmentUnit
from pledges.models import CommitmentPage, PledgeIndexPage, PledgePage, Status
from pledges.pledge_template import prefill_commitments
from pledges.services.posting import Evidence, post_update
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

PER_SCALE = {
    "forums": 50,
    "rsvps": 5000,
    "responses": 10000,
    "pledges": 2,
    "updates": 200,
    "members": 1000,
}
LANGUAGES = LANGUAGE_CODES
BATCH = 2000


def counts(scale):
    return {name: max(1, round(n * scale)) for name, n in PER_SCALE.items()}


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Fill the database with benchmark data at a chosen scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default site: run migrate (and load_demo) first.")
        home = site.root_page.specific
        if ForumIndexPage.objects.filter(slug="bench-forums").exists():
            raise CommandError("Benchmark data is already loaded.")
        self.random = random.Random(seed)  # noqa: S311  (made-up data)
        self.now = timezone.now()
        wanted = counts(scale)
        started = time.monotonic()
        with transaction.atomic():
            forums = self.forums(home, wanted["forums"], wanted["rsvps"])
            self.survey(home, forums, wanted["responses"])
            self.pledges(home, wanted["pledges"], wanted["updates"])
            self.members(wanted["members"])
        # As the daily job does on a running site (README, Scheduled jobs).
        call_command("optimize_database")
        self.stdout.write(
            "Benchmark data at scale {}: {} in {:.1f}s.".format(
                scale,
                ", ".join(f"{n} {name}" for name, n in wanted.items()),
                time.monotonic() - started,
            )
        )

    def forums(self, home, count, rsvp_count):
        """Forums every few days from now on; each holds an equal share of the
        RSVPs, so the busiest are full and have a waitlist."""
        index = publish(
            home,
            ForumIndexPage(title="Benchmark forums", slug="bench-forums"),
        )
        venues = Venue.objects.bulk_create(
            Venue(name=f"Bench venue {n}", address=f"{100 + n} Main Street")
            for n in range(5)
        )
        forums = []
        for n in range(count):
            start = (self.now + datetime.timedelta(days=3 + n * 2)).replace(
                second=0, microsecond=0
            )
            forums.append(
                publish(
                    index,
                    ForumPage(
                        title=f"Benchmark forum {n + 1}",
                        slug=f"bench-forum-{n + 1}",
                        start=start,
                        end=start + datetime.timedelta(hours=2),
                        venue=venues[n % len(venues)],
                        capacity=80,
                        interpretation_languages=["es", "vi"],
                        intro="A forum created by the benchmark data command.",
                    ),
                )
            )
        rows = []
        for n in range(rsvp_count):
            forum = forums[n % count]
            place = n // count
            rows.append(
                RSVP(
                    forum=forum,
                    name=f"Bench resident {n}",
                    email=f"bench{n}@example.org",
                    language=LANGUAGES[n % len(LANGUAGES)],
                    party_size=1,
                    status=(
                        RSVPStatus.CONFIRMED
                        if place < forum.capacity
                        else RSVPStatus.WAITLISTED
                    ),
                    queued_at=self.now - datetime.timedelta(minutes=rsvp_count - n),
                )
            )
        RSVP.objects.bulk_create(rows, batch_size=BATCH)
        return forums

    def survey(self, home, forums, response_count):
        """One open survey with public results and one question of each
        countable kind."""
        index = publish(home, SurveyIndexPage(title="Benchmark surveys", slug="bench"))
        survey = SurveyPage(
            title="Benchmark survey",
            slug="bench-survey",
            results_public=True,
            intro="<p>A survey created by the benchmark data command.</p>",
        )
        specs = [
            (QuestionKind.SINGLE, "How safe do you feel?", ["Safe", "Unsure", "No"]),
            (QuestionKind.MULTIPLE, "Which topics matter?", ["Traffic", "Youth"]),
            (QuestionKind.SCALE, "The police treat people fairly.", []),
            (QuestionKind.RATING, "Rate the last forum.", []),
            (QuestionKind.YES_NO, "Would you come again?", []),
        ]
        for kind, text, labels in specs:
            question = Question(kind=kind, text=text, key=f"bench-{kind}")
            question.choices = [
                Choice(label=label, code=label.lower()) for label in labels
            ]
            survey.questions.add(question)
        publish(index, survey)
        questions = list(survey.questions.prefetch_related("choices"))
        today = timezone.localdate()
        for first in range(0, response_count, BATCH):
            responses, answers = [], []
            for n in range(first, min(first + BATCH, response_count)):
                response = Response(
                    id=uuid.UUID(int=self.random.getrandbits(128)),
                    survey=survey,
                    language=LANGUAGES[n % len(LANGUAGES)],
                    submitted_on=today - datetime.timedelta(days=n % 30),
                    forum=forums[n % len(forums)] if n % 3 == 0 else None,
                )
                responses.append(response)
                answers.extend(self.answers(response, questions))
            Response.objects.bulk_create(responses)
            Answer.objects.bulk_create(answers, batch_size=BATCH)
            # Rows written in bulk skip the service: add them to the results.
            tallies.count_in([response.pk for response in responses])

    def answers(self, response, questions):
        pick = self.random
        for question in questions:
            uid = uuid.UUID(int=pick.getrandbits(128))
            choices = list(question.choices.all())
            if question.kind == QuestionKind.SINGLE:
                yield Answer(
                    id=uid,
                    response=response,
                    question=question,
                    choice=pick.choice(choices),
                )
            elif question.kind == QuestionKind.MULTIPLE:
                for choice in pick.sample(choices, pick.randint(1, len(choices))):
                    yield Answer(
                        id=uuid.UUID(int=pick.getrandbits(128)),
                        response=response,
                        question=question,
                        choice=choice,
                    )
            else:
                top = {
                    QuestionKind.SCALE: question.scale_points,
                    QuestionKind.RATING: question.rating_max,
                    QuestionKind.YES_NO: 1,
                }[question.kind]
                low = 0 if question.kind == QuestionKind.YES_NO else 1
                yield Answer(
                    id=uid,
                    response=response,
                    question=question,
                    number=pick.randint(low, top),
                )

    def pledges(self, home, count, update_count):
        """Pledges with the template commitments and a long update history,
        posted through the same service the admin uses."""
        index = publish(
            home, PledgeIndexPage(title="Benchmark pledges", slug="bench-pledges")
        )
        commitments = []
        for n in range(count):
            pledge = publish(
                index,
                PledgePage(
                    title=f"Bench City {n + 1} pledge",
                    slug=f"bench-pledge-{n + 1}",
                    city=f"Bench City {n + 1}",
                    mayor_name="Sam Rivera",
                    date_signed=timezone.localdate() - datetime.timedelta(days=400),
                ),
            )
            prefill_commitments(pledge)
            commitments.extend(CommitmentPage.objects.child_of(pledge).live())
        for n in range(update_count):
            post_update(
                commitments[n % len(commitments)],
                user=None,
                status=Status.IN_PROGRESS,
                percentage=min(95, 5 + n // len(commitments)),
                explanation=f"Benchmark progress update {n + 1}.",
                # Spread over the year since signing, oldest first, however
                # many there are: an update is never dated before the pledge.
                update_date=timezone.localdate()
                - datetime.timedelta(days=1 + (update_count - n) * 398 // update_count),
                evidence=[Evidence("Minutes", url="https://example.org/minutes")],
            )

    def members(self, count):
        units = DepartmentUnit.objects.bulk_create(
            DepartmentUnit(name=f"Bench unit {n + 1}") for n in range(10)
        )
        DepartmentMember.objects.bulk_create(
            (
                DepartmentMember(
                    name=f"Bench officer {n + 1}",
                    email=f"bench-officer{n + 1}@example.org",
                    unit=units[n % len(units)],
                    preferred_language=LANGUAGES[n % len(LANGUAGES)],
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )
