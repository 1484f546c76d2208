"""Nothing is lost when many people act at once, on a real PostgreSQL server.

Each thread has its own database connection, as separate web workers would; a
barrier releases them together so their transactions truly overlap."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from forums import services as forum_services
from forums.models import RSVP, RSVPStatus
from pledges.models import CommitmentPage, ProgressUpdatePage, Status
from pledges.services.posting import Evidence, post_update
from surveys.models import Answer, QuestionKind, Response
from tests.factories.forums import make_forum, make_index
from tests.factories.pledges import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
)
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey

THREADS = 40

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "Needs PostgreSQL (set DATABASE_URL): SQLite's in-memory test database "
            "is shared between threads through one cache, whose table locks are not "
            "the production locking; IMMEDIATE transactions there serialise every "
            "writer anyway."
        ),
    ),
    # The flush after each test would remove the root page the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(work, count=THREADS):
    """Run ``work(number)`` in ``count`` threads released at once; return errors."""
    barrier = threading.Barrier(count)
    errors = []

    def run(number):
        try:
            barrier.wait()
            work(number)
        except Exception as error:  # noqa: BLE001 - the test reports them all
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def no_rate_limits(settings):
    """Every thread posts from 127.0.0.1; the per-IP limits would turn most away."""
    settings.ENGAGE_RATE_LIMITS_ENABLED = False
    settings.SURVEYS_RATE_LIMIT = 10**6


def test_every_survey_submission_is_stored(home, no_rate_limits):
    survey = make_survey(
        make_survey_index(home),
        [
            {
                "key": "safe",
                "kind": QuestionKind.SINGLE,
                "required": True,
                "choices": [("yes", "Yes"), ("no", "No")],
            },
            {"key": "why", "kind": QuestionKind.LONG_TEXT},
        ],
    )
    safe = survey.questions.get(key="safe")
    why = survey.questions.get(key="why")
    choices = {c.code: c.pk for c in safe.choices.all()}
    statuses = []

    def submit(number):
        response = Client().post(
            survey.url,
            {
                f"q{safe.pk}": str(choices["yes" if number % 2 else "no"]),
                f"q{why.pk}": f"Answer number {number}",
            },
        )
        statuses.append(response.status_code)

    errors = run_together(submit)

    assert errors == []
    assert statuses == [302] * THREADS
    assert Response.objects.filter(survey=survey).count() == THREADS
    texts = Answer.objects.filter(question=why).values_list("text", flat=True)
    assert sorted(texts) == sorted(f"Answer number {n}" for n in range(THREADS))
    picked = Answer.objects.filter(question=safe, choice_id=choices["yes"]).count()
    assert picked == THREADS // 2


def test_rsvp_capacity_holds_and_everyone_else_is_waitlisted(home):
    forum = make_forum(make_index(home), capacity=10)

    def sign_up(number):
        """The form, then the emailed link that takes the seat."""
        data = {
            "email": f"person{number}@example.org",
            "name": f"Person {number}",
            "phone": "",
            "language": "en",
            "party_size": 1,
            "interpretation_language": "",
            "asl": False,
            "childcare_children": 0,
            "access_needs": "",
            "other_needs": "",
        }
        forum_services.submit_rsvp(forum, data)
        pending = RSVP.objects.get(forum=forum, email=data["email"])
        forum_services.confirm_rsvp(pending, data)

    errors = run_together(sign_up)

    assert errors == []
    rsvps = RSVP.objects.filter(forum=forum)
    assert rsvps.count() == THREADS
    assert rsvps.filter(status=RSVPStatus.CONFIRMED).count() == 10
    assert rsvps.filter(status=RSVPStatus.WAITLISTED).count() == THREADS - 10
    # Everyone confirmed joined before everyone waitlisted: first come, first served.
    last_confirmed = max(
        rsvps.filter(status=RSVPStatus.CONFIRMED).values_list("queued_at", flat=True)
    )
    first_waiting = min(
        rsvps.filter(status=RSVPStatus.WAITLISTED).values_list("queued_at", flat=True)
    )
    assert last_confirmed <= first_waiting


def test_concurrent_progress_updates_are_all_kept_in_publication_order(home):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    commitment = CommitmentPageFactory(parent=pledge)
    count = 30
    # All dated the same day: an update may not be dated before the latest
    # published one, so the order in which they are published decides.
    today = timezone.localdate()

    def post(number):
        # Each worker reads the commitment itself, as the admin's "add child page"
        # view does, before anyone else's update exists.
        mine = CommitmentPage.objects.get(pk=commitment.pk)
        post_update(
            mine,
            user=None,
            status=Status.IN_PROGRESS,
            percentage=number + 1,
            explanation=f"Update #{number:02d}",
            update_date=today,
            evidence=[Evidence("Minutes", url="https://example.org/minutes")],
        )

    errors = run_together(post, count)

    assert errors == []
    updates = ProgressUpdatePage.objects.filter(commitment=commitment)
    assert updates.count() == count
    assert updates.live().count() == count
    assert sorted(updates.values_list("explanation", flat=True)) == sorted(
        f"Update #{n:02d}" for n in range(count)
    )
    newest_first = list(
        updates.order_by("-update_date", "-first_published_at", "-pk").values_list(
            "explanation", "percentage"
        )
    )
    current = CommitmentPage.objects.with_progress().get(pk=commitment.pk)
    assert current.latest_percentage == newest_first[0][1]
    assert current.latest_update_date == today
    assert current.update_count == count
    html = Client().get(commitment.url).content.decode()
    positions = [html.find(explanation) for explanation, _ in newest_first]
    assert all(position >= 0 for position in positions)
    assert positions == sorted(positions)
