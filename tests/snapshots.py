"""Data that each xdist worker builds once and keeps in an open transaction.

Most tests need a bare home page, some the whole demo site, and the security
tests one of everything with a user per role. Building any of these takes far
longer than a typical test, so a worker builds it once and keeps it in an open
transaction (a "snapshot"); every test that wants it runs in a savepoint inside
that transaction and rolls back to it, as Django's ``TestCase.setUpTestData``
does. Tests that want no snapshot, or that commit for real (``transaction=True``),
run after the snapshot is rolled back. The root conftest switches snapshots just
before pytest-django opens a test's transaction and orders tests so that those
sharing a snapshot run together.
"""

from django.db import transaction
from pytest_django.plugin import validate_django_db
from wagtail.models import Page, Site

from cms.models import HomePage

DEMO, WORLD, HOME = "demo", "world", "home"
# A test asking for several gets the most complete, the first here.
ORDER = {DEMO: 0, WORLD: 1, HOME: 2, None: 3}
# kind -> function building it and returning (home page, anything to keep), and
# (fixture name, module defining it) -> the kind that fixture reads; conftests
# register their own. The module matters: test modules reuse fixture names.
BUILDERS = {}
WANTED_BY = {}


def build_home():
    """A bare home page as the default site root, in place of the welcome page."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="Engage home", title_es="Inicio", slug="home")
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    return home


class Snapshot:
    """The snapshot this worker has open, if any."""

    def __init__(self):
        self.kind = None
        self._home_pk = None
        self._kept = None
        self._atomic = None

    def switch(self, kind, blocker):
        if kind == self.kind:
            return
        with blocker.unblock():
            self.close()
            if kind is None:
                return
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.kind = kind
            try:
                home, self._kept = BUILDERS[kind]()
            except BaseException:
                self.close()
                raise
            self._home_pk = home.pk

    def close(self):
        if self._atomic is not None:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = self.kind = self._home_pk = self._kept = None

    def home(self):
        """The open snapshot's bare home page, fresh from the database."""
        if self.kind in (HOME, WORLD):
            return HomePage.objects.get(pk=self._home_pk)
        return None

    def kept(self, kind):
        """What the builder of ``kind`` kept, if that snapshot is open."""
        return self._kept if self.kind == kind else None

    def demo_home(self):
        if self.kind == DEMO:
            return HomePage.objects.get(pk=self._home_pk)
        return None


SNAPSHOT = Snapshot()


def database_use(item):
    """pytest-django's order: 0 rolled-back tests, 1 transactional, 2 no database."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional, reset_sequences = False, False
    if marker:
        transactional, reset_sequences, *_rest = validate_django_db(marker)
    if (
        transactional
        or reset_sequences
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & names
    ):
        return 1
    return 0 if marker or "db" in names else 2


def wanted(item):
    """The snapshot ``item`` runs in, or None."""
    if database_use(item) != 0:
        return None
    kinds = [None]
    for name, definitions in item._fixtureinfo.name2fixturedefs.items():
        module = getattr(definitions[-1].func, "__module__", None)
        kinds.append(WANTED_BY.get((name, module)))
    return min(kinds, key=ORDER.__getitem__)
