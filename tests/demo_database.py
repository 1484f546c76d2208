"""The demo site's SQLite database, built once per test run for the tests that
serve or dump it (the browser tests' live site, backup and restore).

Building it takes `make run`'s steps (migrate, translation fields, load_demo) and
a minute or more; every test process that needs it copies the files instead.
The first process to ask builds them under a lock; the others wait for it."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.db_template import _locked, migrated_template

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class DemoDatabase:
    empty: Path  # migrated, translation fields set up, no content yet
    demo: Path  # the same after `load_demo --no-admin`
    media: Path  # the images and documents load_demo uploaded

    def copy_to(self, database, media):
        """A private copy of the demo database and its media."""
        copy_sqlite(self.demo, database)
        shutil.copytree(self.media, media)

    def copy_empty_to(self, database):
        """A private copy of the database before the demo content was loaded."""
        copy_sqlite(self.empty, database)


def copy_sqlite(source, target):
    with (
        contextlib.closing(sqlite3.connect(source)) as old,
        contextlib.closing(sqlite3.connect(target)) as new,
    ):
        old.backup(new)


def run_manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def demo_database(run_directory):
    """The demo database files for this test run, built on first use."""
    directory = Path(run_directory) / "demo-database"
    directory.mkdir(parents=True, exist_ok=True)
    files = DemoDatabase(
        empty=directory / "empty.sqlite3",
        demo=directory / "demo.sqlite3",
        media=directory / "media",
    )
    with _locked(directory / "build.lock"):
        if not files.demo.exists():
            _build(files, directory)
    return files


def _build(files, directory):
    building = directory / "building.sqlite3"
    building.unlink(missing_ok=True)
    shutil.rmtree(files.media, ignore_errors=True)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
        "DATABASE_URL": f"sqlite:///{building}",
        "MEDIA_ROOT": str(files.media),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    # The database tests' migrated template holds the same schema and rows that
    # `migrate` makes: copy it when this run has one, and migrate what is left.
    template = migrated_template()
    if template is not None:
        copy_sqlite(template, building)
    run_manage(env, "migrate", "--noinput", "--verbosity", "0")
    run_manage(env, "sync_page_translation_fields", "--noinput")
    run_manage(env, "update_translation_fields")
    copy_sqlite(building, files.empty)
    run_manage(env, "load_demo", "--no-admin")
    files.media.mkdir(exist_ok=True)
    copy_sqlite(building, directory / "demo.partial")
    os.replace(directory / "demo.partial", files.demo)
    building.unlink()
