"""Listings read each commitment's latest published update from ``LatestUpdate``,
kept as updates are published. Whatever publishes, fails, removes or rewrites,
it names the update the history itself says is the latest, and what it cannot
keep in step (an operator writing to the database) ``rebuild_latest_updates``
finds and repairs."""

import importlib
import io
import threading
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from wagtail.signals import page_published

from pledges.choices import Status
from pledges.models import CommitmentPage, LatestUpdate, ProgressUpdatePage
from pledges.models.latest import LATEST_FIRST
from pledges.models.querysets import commitment_rows_of
from tests.factories.pledges import CommitmentPageFactory

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pointed(commitment):
    return (
        LatestUpdate.objects.filter(commitment=commitment)
        .values_list("update_id", flat=True)
        .first()
    )


def history_says(commitment):
    """The latest published update as the history orders it."""
    return (
        ProgressUpdatePage.objects.live()
        .filter(commitment=commitment)
        .order_by(*LATEST_FIRST)
        .values_list("pk", flat=True)
        .first()
    )


def shown(pledge):
    """Each commitment's status and percentage as the pledge's listing reads them."""
    return [
        (row.title, row.latest_status, row.latest_percentage)
        for row in commitment_rows_of(pledge, "/p/")
    ]


def test_each_publication_points_its_commitment_to_the_latest_update(
    pledge, commitment, overdue, update
):
    assert pointed(commitment) is None
    first = update(Status.IN_PROGRESS, 20, days_ago=9)
    assert pointed(commitment) == first.pk
    later = update(Status.IN_PROGRESS, 40, days_ago=3)
    # The same day again: the one published last is the latest.
    same_day = update(Status.STALLED, 40, days_ago=3)
    assert pointed(commitment) == same_day.pk == history_says(commitment)
    assert later.pk != same_day.pk
    elsewhere = update(Status.IN_PROGRESS, 10, on=overdue, days_ago=1)
    assert pointed(overdue) == elsewhere.pk
    assert pointed(commitment) == same_day.pk
    assert shown(pledge) == [
        ("Independent review board", Status.STALLED, 40),
        ("Body cameras", Status.IN_PROGRESS, 10),
    ]
    assert LatestUpdate.objects.differences() == []


def test_a_draft_update_changes_nothing_until_it_is_published(
    pledge, commitment, update
):
    published = update(Status.IN_PROGRESS, 20, days_ago=2)
    draft = update(Status.MET, 100, publish=False)
    assert pointed(commitment) == published.pk
    assert shown(pledge) == [("Independent review board", Status.IN_PROGRESS, 20)]
    draft.get_latest_revision().publish()
    assert pointed(commitment) == draft.pk
    assert shown(pledge) == [("Independent review board", Status.MET, 100)]


def test_publishing_an_old_revision_of_the_commitment_keeps_its_latest_update(
    pledge, commitment, update
):
    """The row is not part of the commitment's page: none of its revisions, old
    or new, carries it back."""
    old = commitment.save_revision()
    latest = update(Status.IN_PROGRESS, 70)
    commitment.refresh_from_db()
    commitment.title = "Independent review board, renamed"
    commitment.save_revision().publish()
    old.publish()
    assert pointed(commitment) == latest.pk
    assert shown(pledge) == [("Independent review board", Status.IN_PROGRESS, 70)]


def test_a_failed_publication_leaves_the_latest_update_as_it_was(
    pledge, commitment, update
):
    """A publication that fails part way, here in a reaction to it, is undone
    whole: the commitment goes on naming the update that is still public."""
    kept = update(Status.IN_PROGRESS, 30, days_ago=4)

    def fail(sender, **kwargs):
        raise RuntimeError("the process died here")

    page_published.connect(fail, dispatch_uid="test_fail_publication")
    try:
        with pytest.raises(RuntimeError):
            update(Status.MET, 100)
    finally:
        page_published.disconnect(dispatch_uid="test_fail_publication")
    assert pointed(commitment) == kept.pk
    assert ProgressUpdatePage.objects.filter(commitment=commitment).count() == 1
    assert shown(pledge) == [("Independent review board", Status.IN_PROGRESS, 30)]


def test_an_update_removed_by_code_gives_way_to_the_one_before(
    pledge, commitment, update
):
    """The admin refuses to remove a published update; code run by an
    administrator can, and the listing then shows what the history still holds."""
    before = update(Status.IN_PROGRESS, 30, days_ago=4)
    removed = update(Status.IN_PROGRESS, 50, days_ago=1)
    removed.delete()
    assert pointed(commitment) == before.pk
    before.delete()
    assert pointed(commitment) is None
    assert shown(pledge) == [("Independent review board", None, None)]


def test_an_operator_who_rewrites_the_rows_is_found_out_and_repaired(
    pledge, commitment, overdue, update
):
    """Someone with the database points a commitment to an older update, removes
    another's row and gives a third commitment an update that is not its own:
    the check names each and fails; the rebuild puts the history's answer back."""
    old = update(Status.IN_PROGRESS, 10, days_ago=6)
    latest = update(Status.IN_PROGRESS, 60, days_ago=2)
    other = update(Status.STALLED, 5, on=overdue, days_ago=1)
    silent = CommitmentPageFactory(parent=pledge, title="Silent")
    table = LatestUpdate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET update_id = %s WHERE commitment_id = %s",  # noqa: S608
            [old.pk, commitment.pk],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE commitment_id = %s",  # noqa: S608
            [overdue.pk],
        )
        cursor.execute(
            f"INSERT INTO {table} (commitment_id, update_id) VALUES (%s, %s)",  # noqa: S608
            [silent.pk, other.pk],
        )
    assert shown(pledge)[0] == ("Independent review board", Status.IN_PROGRESS, 10)
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 commitment"):
        call_command("rebuild_latest_updates", "--check", stdout=out)
    assert out.getvalue().splitlines() == sorted(
        [
            f"Commitment {commitment.pk}: stored update {old.pk}, "
            f"latest published {latest.pk}",
            f"Commitment {overdue.pk}: stored update none, latest published {other.pk}",
            f"Commitment {silent.pk}: stored update {other.pk}, latest published none",
        ],
        key=lambda line: int(line.split()[1].rstrip(":")),
    )
    out = io.StringIO()
    call_command("rebuild_latest_updates", stdout=out)
    assert out.getvalue() == "3 commitment(s) repointed.\n"
    call_command("rebuild_latest_updates", "--check", stdout=io.StringIO())
    assert shown(pledge) == [
        ("Independent review board", Status.IN_PROGRESS, 60),
        ("Body cameras", Status.STALLED, 5),
        ("Silent", None, None),
    ]


def test_the_migration_points_every_commitment_to_its_latest_update(
    commitment, overdue, update
):
    """The rows for updates published before the table existed."""
    update(Status.IN_PROGRESS, 10, days_ago=6)
    update(Status.STALLED, 30, days_ago=2)
    update(Status.IN_PROGRESS, 5, on=overdue, days_ago=3)
    LatestUpdate.objects.all().delete()
    migration = importlib.import_module("pledges.migrations.0009_latest_updates")
    migration.point_to_latest_updates(apps, None)
    assert LatestUpdate.objects.count() == 2
    assert LatestUpdate.objects.differences() == []


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason=(
        "Needs PostgreSQL (set DATABASE_URL): on SQLite every writer waits for "
        "the one before to finish."
    ),
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_updates_published_at_the_same_moment_leave_the_latest_named(
    commitment, update
):
    """An approver publishes today's update and, before that commits, another
    publishes yesterday's: the second waits, then sees the first, and the
    commitment names today's. Reading the history before waiting, it would name
    yesterday's, the last written."""
    update(Status.IN_PROGRESS, 10, days_ago=5)
    today_draft = update(Status.IN_PROGRESS, 40, publish=False)
    yesterday_draft = update(Status.IN_PROGRESS, 30, days_ago=1, publish=False)
    held, release, errors = threading.Event(), threading.Event(), []

    def publish_and_hold():
        try:
            with transaction.atomic():
                today_draft.get_latest_revision().publish()
                held.set()
                release.wait(timeout=30)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            held.set()
            connection.close()

    def publish():
        try:
            yesterday_draft.get_latest_revision().publish()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=publish_and_hold)
    first.start()
    assert held.wait(timeout=30)
    second = threading.Thread(target=publish)
    second.start()
    try:
        waiting_for_a_lock(timeout=30)
    finally:
        release.set()
        first.join()
        second.join()
    assert errors == []
    assert pointed(commitment) == today_draft.pk == history_says(commitment)


def waiting_for_a_lock(timeout):
    """Until a session of this database waits for a row lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                "'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("no publication waited for the other")


def test_a_copied_pledge_names_the_latest_of_its_own_updates(
    pledge, commitment, update
):
    """An administrator copies a pledge with its history: each copied commitment
    names its own copy of its latest update, not the original's."""
    update(Status.IN_PROGRESS, 20, days_ago=6)
    latest = update(Status.STALLED, 35, days_ago=2)
    copy = pledge.copy(
        recursive=True,
        to=pledge.get_parent(),
        update_attrs={"slug": "copied-pledge", "title": "Copied pledge"},
    )
    copied = CommitmentPage.objects.child_of(copy).get()
    assert pointed(copied) == history_says(copied) != latest.pk
    assert pointed(commitment) == latest.pk
    assert shown(copy) == [("Independent review board", Status.STALLED, 35)]
    assert LatestUpdate.objects.differences() == []
