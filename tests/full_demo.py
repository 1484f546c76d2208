"""The whole demo site (every app's demo content, as `make run` loads it) as a
snapshot for tests that walk every page type."""

import io

import pytest
from django.core.management import call_command

from cms.models import HomePage
from tests.snapshots import BUILDERS, ORDER, WANTED_BY

FULL_DEMO = "full demo"


def build_full_demo():
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    return HomePage.objects.get(), None


BUILDERS[FULL_DEMO] = build_full_demo
# More complete than the site-only demo, so a test wanting both gets this one.
ORDER[FULL_DEMO] = min(ORDER.values()) - 1


@pytest.fixture
def full_demo(db):
    """The demo site with forums, outcomes, surveys and pledges; its home page."""
    return HomePage.objects.get()


WANTED_BY[("full_demo", __name__)] = FULL_DEMO
