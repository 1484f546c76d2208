"""Migrate an in-memory SQLite test database by copying a template.

Every xdist worker gets its own in-memory database, and migrating one takes
longer than many test files. The first worker to need it migrates and saves a
copy, keyed by the content of every migration; the others (and, with
``--reuse-db``, later runs) copy it instead of migrating. PostgreSQL is left to
pytest-django (``--reuse-db`` keeps its database)."""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import django.core.management
from django.db import connections
from django.db.migrations.loader import MigrationLoader


def migrations_fingerprint():
    """A digest of every migration on disk, so a changed one makes a new copy."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()
    for key in sorted(loader.disk_migrations):
        module = sys.modules[type(loader.disk_migrations[key]).__module__]
        digest.update(repr(key).encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


# Where this process's template lives, once a database test has set it up.
TEMPLATE_DIRECTORY = []


def migrated_template():
    """The migrated SQLite file this run made or reused, or None."""
    for directory in TEMPLATE_DIRECTORY:
        template = directory / f"migrated-{migrations_fingerprint()}.sqlite3"
        if template.exists():
            return template
    return None


@contextlib.contextmanager
def _locked(path):
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def migrate_from_template(directory):
    """While active, the first ``migrate`` on an in-memory SQLite database copies
    the template in ``directory``, making it first if nobody has."""
    real = django.core.management.call_command
    directory.mkdir(parents=True, exist_ok=True)
    TEMPLATE_DIRECTORY[:] = [directory]

    def call_command(name, *args, **options):
        connection = connections[options.get("database", "default")]
        if name != "migrate" or not (
            connection.vendor == "sqlite" and connection.is_in_memory_db()
        ):
            return real(name, *args, **options)
        django.core.management.call_command = real
        template = directory / f"migrated-{migrations_fingerprint()}.sqlite3"
        with _locked(template.with_suffix(".lock")):
            if not template.exists():
                result = real(name, *args, **options)
                partial = template.with_suffix(".partial")
                with contextlib.closing(sqlite3.connect(partial)) as copy:
                    connection.ensure_connection()
                    connection.connection.backup(copy)
                os.replace(partial, template)
                return result
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(template)) as copy:
            copy.backup(connection.connection)
        return None

    django.core.management.call_command = call_command
    try:
        yield
    finally:
        django.core.management.call_command = real
