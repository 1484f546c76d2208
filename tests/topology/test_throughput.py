"""Background tasks per second with one and two workers, on the database
backend (PostgreSQL) and on RQ (Redis, TASK_BACKEND=rq): the numbers the
README quotes. Each task sends one email through the file backend, and every
address must receive exactly one. Run by ``make topology`` (TOPOLOGY_FULL=1);
CI's stage leaves this module out to stay within its time."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db.models import Max, Min
from django_tasks_db.models import DBTaskResult
from redis import Redis
from rq.job import Job

from .conftest import recipients

pytestmark = [pytest.mark.topology, pytest.mark.usefixtures("live")]

TASKS = 400
ENQUEUE = """
import json
from django.core.mail import EmailMessage
from engage.mail import send_serialized_email, serialize_message
ids = []
for n in range({count}):
    to = ["{prefix}%d@throughput.example" % n]
    message = EmailMessage("Throughput", "One task, one email.", to=to)
    ids.append(send_serialized_email.enqueue(serialize_message(message)).id)
print(json.dumps(ids))
"""
AGE = "from engage.readiness import oldest_pending_task_age as age; print(age())"
RESULTS = {}


def manage(*arguments, backend, **kwargs):
    environment = {**os.environ, "TASK_BACKEND": backend}
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        **kwargs,
    )


def enqueue(prefix, backend):
    code = ENQUEUE.format(count=TASKS, prefix=prefix)
    process = manage("shell", "-c", code, backend=backend, stdout=subprocess.PIPE)
    output, _errors = process.communicate(timeout=120)
    assert process.returncode == 0
    return json.loads(output.decode().strip().splitlines()[-1])


def pending_age(backend):
    """What /readyz would see of this queue: the oldest pending task's age."""
    process = manage("shell", "-c", AGE, backend=backend, stdout=subprocess.PIPE)
    output, _errors = process.communicate(timeout=120)
    assert process.returncode == 0
    return float(output.decode().strip().splitlines()[-1])


def busy_seconds(backend, ids):
    """From the first task's start to the last one's end, as the queue saw it."""
    if backend == "database":
        span = DBTaskResult.objects.filter(pk__in=ids).aggregate(
            first=Min("started_at"), last=Max("finished_at")
        )
        assert DBTaskResult.objects.filter(pk__in=ids, status="SUCCESSFUL").count() == (
            len(ids)
        )
    else:
        jobs = Job.fetch_many(ids, connection=Redis.from_url(settings.REDIS_URL))
        assert [job.get_status() for job in jobs] == ["finished"] * len(ids)
        span = {
            "first": min(job.started_at for job in jobs),
            "last": max(job.ended_at for job in jobs),
        }
    return (span["last"] - span["first"]).total_seconds()


@pytest.mark.parametrize("backend", ["database", "rq"])
@pytest.mark.parametrize("count", [1, 2])
def test_tasks_per_second(backend, count, workers, capsys):
    prefix = f"tput-{backend}-{count}-"
    # The stage's own database workers stand aside, so only these count.
    workers.pause()
    try:
        ids = enqueue(prefix, backend)
        assert 0 < pending_age(backend) < 120
        if backend == "database":
            command = ["db_worker", "--batch", "--interval", "0", "--no-startup-delay"]
        else:
            command = ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job"]
            command.append("default")
        started = [
            manage(*command, backend=backend, stdout=subprocess.DEVNULL)
            for _ in range(count)
        ]
        for process in started:
            assert process.wait(timeout=300) == 0
    finally:
        workers.carry_on()
    time.sleep(0.2)
    received = recipients(prefix)
    assert len(received) == TASKS
    assert set(received.values()) == {1}
    seconds = busy_seconds(backend, ids)
    RESULTS[(backend, count)] = TASKS / seconds
    with capsys.disabled():
        print(
            f"\n    {backend}: {count} worker(s), {TASKS} tasks in {seconds:.1f} s "
            f"= {TASKS / seconds:.0f} tasks/s"
        )
