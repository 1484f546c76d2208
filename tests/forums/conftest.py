import pytest

from .factories import VenueFactory, make_forum, make_index


@pytest.fixture
def forum_index(home):
    return make_index(home)


@pytest.fixture
def venue(db):
    return VenueFactory(name="Eastside Branch Library", name_es="Biblioteca Este")


@pytest.fixture
def forum(forum_index, venue):
    return make_forum(forum_index, venue=venue, title_es="Foro del Este")


def rsvp_data(**overrides):
    """A valid RSVP form submission."""
    data = {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "",
        "language": "es",
        "party_size": "1",
        "interpretation_language": "",
        "childcare_children": "0",
        "access_needs": "",
        "other_needs": "",
        "website": "",
    }
    data.update(overrides)
    return data
