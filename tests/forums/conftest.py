import pytest

from tests.factories.forums import make_forum


@pytest.fixture
def forum(forum_index, venue):
    return make_forum(forum_index, venue=venue, title_es="Foro del Este")
