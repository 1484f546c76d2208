import pytest

from forums.roles import LEAD_ORGANIZERS, ORGANIZERS, ensure_roles
from tests.factories.outcomes import make_summary, past_forum
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
