"""``/readyz`` answers 200 only when the database, the cache and the task queue
are fit to serve; otherwise 503 with a JSON body naming what failed."""

import datetime

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from engage import readiness as health
from outcomes.sending import resume_distributions

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued(settings):
    """The database task backend, as production has it, with a limit of 300 s."""
    settings.TASKS = DATABASE_TASKS
    settings.ENGAGE_READY_MAX_TASK_AGE = 300


def test_ready_when_everything_answers(client, queued):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failed": [],
        "database": "ok",
        "cache": "ok",
        "tasks": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_task_waiting_past_the_limit_makes_it_unready(client, queued):
    resume_distributions.enqueue()
    assert client.get("/readyz").status_code == 200
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=420)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failed"]) == ("unavailable", ["tasks"])
    assert (body["database"], body["cache"]) == ("ok", "ok")
    assert body["tasks"] == (
        "failed: RuntimeError: the oldest pending task has waited 420 s (limit 300 s)"
    )


def test_a_deferred_task_counts_from_when_it_was_due(client, queued):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    later = timezone.now() + datetime.timedelta(hours=1)
    resume_distributions.using(run_after=later).enqueue()
    DBTaskResult.objects.update(enqueued_at=long_ago)
    assert client.get("/readyz").status_code == 200  # not due yet
    DBTaskResult.objects.update(
        run_after=timezone.now() - datetime.timedelta(seconds=100)
    )
    assert round(health.oldest_pending_task_age()) == 100
    assert client.get("/readyz").status_code == 200  # due 100 s ago, limit 300


def test_running_and_finished_tasks_are_not_pending(client, queued):
    resume_distributions.enqueue()
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=1), status="RUNNING"
    )
    assert health.oldest_pending_task_age() == 0
    assert client.get("/readyz").status_code == 200


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_an_unreachable_cache_makes_it_unready(client, queued, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert (body["failed"], body["database"], body["tasks"]) == (
        ["cache"],
        "ok",
        "ok",
    )
    assert body["cache"].startswith("failed: ConnectionError: ")


def test_an_unreachable_database_makes_it_unready(client, queued, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    response_before = client.get("/readyz")
    assert response_before.status_code == 200
    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(health, "_oldest_due_in_database", lambda: refuse())
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database", "tasks"]
    assert body["database"] == "failed: OperationalError: connection refused"
    assert body["cache"] == "ok"


def test_healthz_stays_free_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_healthz_answers_with_the_cache_down(client, settings):
    """Liveness: a Redis outage must not get every web process restarted."""
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
