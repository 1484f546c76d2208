import pytest
from django.core import mail

from forums.roles import LEAD_ORGANIZERS, ORGANIZERS, ensure_roles
from tests.factories.outcomes import (
    COUNTING,
    CRASHING,
    CountingBackend,
    CrashingBackend,
    make_summary,
    past_forum,
)
from tests.outcomes.editing import user_in


@pytest.fixture
def summary(forum_index):
    """A published summary of a forum held three days ago, with one open item."""
    forum = past_forum(forum_index, 3, title="Eastside forum")
    return make_summary(forum, items=[("Fix the park lights", "open")])


@pytest.fixture
def held_forum(forum_index):
    return past_forum(forum_index, 3, title="Eastside forum, March")


@pytest.fixture
def roles(forum_index):
    return ensure_roles()


@pytest.fixture
def organizer(django_user_model, roles):
    return user_in(django_user_model, ORGANIZERS, "organizer")


@pytest.fixture
def lead(django_user_model, roles):
    return user_in(django_user_model, LEAD_ORGANIZERS, "lead")


@pytest.fixture
def counting(settings):
    """Email through a backend that counts provider calls."""
    settings.EMAIL_BACKEND = COUNTING
    CountingBackend.calls = 0
    mail.outbox = []
    return CountingBackend


@pytest.fixture
def crashing(settings):
    """Email through a backend that fails as a test says; each test starts with
    a backend that, once told when, dies as a killed worker would."""
    settings.EMAIL_BACKEND = CRASHING
    CrashingBackend.calls = 0
    CrashingBackend.sent = 0
    CrashingBackend.crash_after = None
    CrashingBackend.crash_with = KeyboardInterrupt
    mail.outbox = []
    yield CrashingBackend
    CrashingBackend.crash_after = None
    CrashingBackend.crash_with = KeyboardInterrupt
