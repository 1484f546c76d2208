import pytest

from tests.factories.outcomes import make_summary, past_forum


@pytest.fixture
def summary(forum_index):
    """A published summary of a forum held three days ago, with one open item."""
    forum = past_forum(forum_index, 3, title="Eastside forum")
    return make_summary(forum, items=[("Fix the park lights", "open")])
