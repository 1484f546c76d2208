"""The database task backend in a test: tasks are rows written in the caller's
transaction and run only when the test runs them, one by one, as ``db_worker``
does."""

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def use_database_tasks(settings):
    """Switch the test to the database task backend (pytest-django's
    ``settings`` fixture undoes it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_due_tasks():
    """Run every task that is due now; returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def make_due():
    """Bring the queued tasks' time forward, as if their wait had passed."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=timezone.now()
    )


def queued_emails():
    """The emails waiting in the queue, oldest first."""
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path="engage.mail.send_serialized_email",
        ).order_by("enqueued_at")
    )
