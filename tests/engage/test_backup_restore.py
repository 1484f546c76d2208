"""Backup and restore as the README describes it: the demo database dumped with
``dumpdata``, loaded into an empty database, renders the same pages and holds the
same rows. Runs the real commands in subprocesses on temporary SQLite files."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.slow,
    # Its databases are its own SQLite files, whatever the suite runs on: the
    # PostgreSQL stage would repeat the SQLite stage's run exactly.
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="runs on SQLite files of its own; the SQLite stage ran it",
    ),
]

PROJECT = Path(settings.BASE_DIR)
# Rebuilt after a restore rather than copied (README, "Backup and restore").
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "wagtailsearch"]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result.stdout


def site(tmp_path, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite3",
        "MEDIA_ROOT": str(tmp_path / f"{name}-media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return env


def snapshot(env, path):
    manage(
        {**env, "SNAPSHOT_PATH": str(path)},
        "shell",
        "-c",
        "from tests.engage.backup_snapshot import main; main()",
    )
    return json.loads(path.read_text())


def test_demo_database_restored_from_a_dump_renders_the_same(
    tmp_path, demo_database_files
):
    # The demo database as `make run` builds it, and an empty one set up the same
    # way (migrated, translation fields), both built once for the test run.
    source = site(tmp_path, "source")
    demo_database_files.copy_to(tmp_path / "source.sqlite3", Path(source["MEDIA_ROOT"]))
    restored = site(tmp_path, "restored")
    demo_database_files.copy_empty_to(tmp_path / "restored.sqlite3")
    dump = tmp_path / "engage.json"
    manage(
        source,
        "dumpdata",
        # Natural keys for content types and permissions, which the empty
        # database recreates with other ids; primary keys kept for everything
        # else (Wagtail's collections cannot be loaded by natural primary key).
        "--natural-foreign",
        *(f"--exclude={label}" for label in DUMP_EXCLUDES),
        "--output",
        str(dump),
    )
    before = snapshot(source, tmp_path / "before.json")

    manage(restored, "flush", "--noinput")
    manage(restored, "loaddata", str(dump))
    manage(restored, "update_index")
    shutil.copytree(source["MEDIA_ROOT"], restored["MEDIA_ROOT"])
    after = snapshot(restored, tmp_path / "after.json")

    counts = before["counts"]
    for label in (
        "wagtailcore.Page",
        "forums.RSVP",
        "surveys.Response",
        "pledges.ProgressUpdatePage",
    ):
        assert counts[label] > 0, label
    # The search index is rebuilt by update_index, not copied: compare the data.
    data = {k: n for k, n in counts.items() if not k.startswith("wagtailsearch.")}
    assert {k: after["counts"][k] for k in data} == data
    assert len(before["pages"]) > 20
    assert sum(page["status"] == 200 for page in before["pages"].values()) > 20
    assert sorted(after["pages"]) == sorted(before["pages"])
    for url, page in before["pages"].items():
        # Progress updates redirect to their commitment's timeline.
        redirects = page["kind"] == "progressupdatepage"
        assert page["status"] == (302 if redirects else 200), url
        assert after["pages"][url] == page, url
