"""Jobs queued before tasks moved next to their functions still run after it."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

migration = importlib.import_module(
    "engage.migrations.0003_queued_tasks_follow_their_functions"
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("old_path", sorted(migration.MOVED))
def test_a_job_queued_under_the_old_path_finds_its_task(old_path):
    job = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=old_path,
        backend_name="default",
        run_after=timezone.now(),
    )

    migration.forward(apps, None)

    job.refresh_from_db()
    assert job.task_path == migration.MOVED[old_path]
    task = import_string(job.task_path)  # what the worker does with the row
    assert isinstance(task, Task)
    assert task.name == old_path.rsplit(".", 1)[1]
