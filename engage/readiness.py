"""``/readyz``: whether this process can serve, for load balancers and orchestrators.

It checks what a request needs: the database, the cache, and a task queue
that is being worked, measured by how long the oldest task due to run has
waited (``ENGAGE_READY_MAX_TASK_AGE`` seconds at most). It answers 200 or 503
with a JSON body naming each check and what failed. The liveness probe,
``/healthz`` (:mod:`engage.health`), touches none of them.
"""

import datetime
import logging

import django_rq
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Min, When
from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_rq import RQBackend
from rq.registry import ScheduledJobRegistry

from .health import READY_PATH

PATH = READY_PATH
PROBE_KEY = "engage:readyz"

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    """A value written and read back: a cache that silently drops writes (a
    full or unreachable one) fails too."""
    value = get_random_string(12)
    cache.set(PROBE_KEY, value, timeout=30)
    if cache.get(PROBE_KEY) != value:
        raise RuntimeError("the cache did not keep a value")


def _oldest_due_in_database():
    """When the oldest task due to run became due: its ``run_after``, or when it
    was enqueued if it may run at once."""
    due = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    tasks = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    return tasks.aggregate(oldest=Min(due))["oldest"]


def _oldest_due_in_redis(backend, now):
    queues = [django_rq.get_queue(name) for name in backend.queues]
    moments = []
    for queue in queues:
        job_ids = queue.get_job_ids(0, 1)
        if job_ids:
            job = queue.fetch_job(job_ids[0])
            if job is not None and job.enqueued_at is not None:
                moments.append(job.enqueued_at)
        # Deferred jobs wait in the scheduler's registry until their time; one
        # still there after it means no worker runs the scheduler.
        first = queue.connection.zrange(
            ScheduledJobRegistry(queue=queue).key, 0, 0, withscores=True
        )
        if first and first[0][1] <= now.timestamp():
            moments.append(
                datetime.datetime.fromtimestamp(first[0][1], tz=datetime.UTC)
            )
    moments = [
        moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
        for moment in moments
    ]
    return min(moments, default=None)


def oldest_pending_task_age(now=None):
    """Seconds the oldest task due to run has waited, or 0 with none waiting
    (or a backend, like the immediate one, where nothing waits)."""
    now = now or timezone.now()
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        oldest = _oldest_due_in_database()
    elif isinstance(backend, RQBackend):
        oldest = _oldest_due_in_redis(backend, now)
    else:
        oldest = None
    return max((now - oldest).total_seconds(), 0) if oldest else 0


def check_tasks():
    age = oldest_pending_task_age()
    limit = settings.ENGAGE_READY_MAX_TASK_AGE
    if age > limit:
        raise RuntimeError(
            f"the oldest pending task has waited {age:.0f} s (limit {limit} s)"
        )


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}


@never_cache
def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # whatever a check raises, it is not ready
            logger.warning("Readiness check %s failed: %s", name, error)
            results[name] = f"failed: {type(error).__name__}: {error}"
        else:
            results[name] = "ok"
    failed = [name for name, result in results.items() if result != "ok"]
    response = JsonResponse(
        {"status": "unavailable" if failed else "ok", "failed": failed, **results},
        status=503 if failed else 200,
    )
    # Each failing check is logged above as a warning. Django would also log a
    # 503 as an error, which emails ADMINS: once per probe, every few seconds.
    response._has_been_logged = True
    return response
