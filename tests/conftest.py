"""Root fixtures, the per-worker snapshots (tests/snapshots.py) and the test
database copied from one migrated once (tests/db_template.py)."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import translation

from cms.demo import builder
from tests.db_template import migrate_from_template
from tests.demo_database import demo_database
from tests.factories.forums import VenueFactory, make_index, make_series
from tests.factories.pledges import PledgeIndexPageFactory, PledgePageFactory
from tests.factories.surveys import make_index as make_survey_index
from tests.full_demo import full_demo  # noqa: F401 - a fixture for every test
from tests.snapshots import (
    BUILDERS,
    DEMO,
    HOME,
    ORDER,
    SNAPSHOT,
    WANTED_BY,
    build_home,
    database_use,
    wanted,
)

# Transactional tests run so far: they leave the database flushed.
FLUSHED = []
BUILDERS[DEMO] = lambda: (builder.build(), None)
BUILDERS[HOME] = lambda: (build_home(), None)
WANTED_BY[("demo_site", __name__)] = DEMO
WANTED_BY[("home", __name__)] = HOME


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Slow tests first, so that the other workers' tests overlap them; then
    pytest-django's order, with the tests sharing a snapshot together. A test
    that migrates the database backwards and forwards runs after every other
    database test (on PostgreSQL the serialized rollback of a later
    transactional test failed on content types it had renumbered), and before
    the browser tests, whose Playwright loop makes the ORM refuse to run."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("slow") is None,
            database_use(item),
            rewinds(item),
            ORDER[wanted(item)],
        )
    )


def rewinds(item):
    """0 for most tests; 1 for a test that migrates backwards and forwards; 2 for
    one that also renumbers content types and so empties their cache: the next
    test's serialized rollback would recreate content types while loading its
    rows (Wagtail asks for them with the cache empty), so it runs last."""
    marker = item.get_closest_marker("rewinds_migrations")
    if marker is None:
        return 0
    return 2 if marker.kwargs.get("renumbers_content_types") else 1


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Just before pytest-django opens a test's transaction, make sure the right
    snapshot is open beneath it."""
    if fixturedef.argname == "_django_db_helper":
        SNAPSHOT.switch(
            wanted(request.node), request.getfixturevalue("django_db_blocker")
        )
        if database_use(request.node) == 1:
            FLUSHED.append(request.node.nodeid)
    return (yield)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings, request, tmp_path_factory
):
    """Copy a migrated SQLite database rather than migrate in every worker: kept
    in var/ between runs with ``--reuse-db``, else shared by this run's workers."""
    if request.config.getvalue("reuse_db"):
        directory = settings.BASE_DIR / "var" / "test-db"
    else:
        directory = tmp_path_factory.getbasetemp()
        if os.environ.get("PYTEST_XDIST_WORKER"):
            directory = directory.parent
    with migrate_from_template(directory):
        yield


@pytest.fixture(scope="session")
def demo_database_files(tmp_path_factory):
    """The demo site's database files, built once for the whole run."""
    directory = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        directory = directory.parent
    return demo_database(directory)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Roll the snapshot back before the test database goes away. A kept database
    (``--reuse-db`` on PostgreSQL; SQLite's is in memory) gets back the rows the
    migrations made, which transactional tests flush, for the next run."""
    yield
    with django_db_blocker.unblock():
        SNAPSHOT.close()
        if request.config.getvalue("reuse_db") and FLUSHED:
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents and connection.vendor != "sqlite":
                    connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_at_start():
    """The test client leaves the last request's language active; start each test
    in English so `Model(title=...)` fills the English column."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def home(db):
    """A bare home page as the default site root, in place of the welcome page."""
    return SNAPSHOT.home() or build_home()


@pytest.fixture
def demo_site(db):
    """The full demo site, as `make run` builds it; returns its home page."""
    return SNAPSHOT.demo_home() or builder.build()


@pytest.fixture
def forum_index(home):
    return make_index(home)


@pytest.fixture
def venue(db):
    return VenueFactory(name="Eastside Branch Library", name_es="Biblioteca Este")


@pytest.fixture
def series(forum_index):
    return make_series(forum_index)


@pytest.fixture
def survey_index(home):
    return make_survey_index(home)


@pytest.fixture
def pledge_index(home):
    return PledgeIndexPageFactory(parent=home)


@pytest.fixture
def pledge(pledge_index):
    return PledgePageFactory(parent=pledge_index, city="Riverton")


@pytest.fixture
def steady_counters(monkeypatch):
    """The rate counters' clock held ten seconds into an hour (and a minute):
    counts are fixed windows, so a test that sends a few requests across a
    window's end would otherwise see its count start again."""
    from types import SimpleNamespace

    from engage import counters

    monkeypatch.setattr(counters, "time", SimpleNamespace(time=lambda: 1_800_000_010))
