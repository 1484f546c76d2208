"""A filled honeypot field stores nothing on any public form."""

import pytest

from forums.models import RSVP
from pledges.models import PledgeFollower
from tests.factories.forums import make_forum, make_index, rsvp_data
from tests.factories.pledges import PledgeIndexPageFactory, PledgePageFactory

pytestmark = pytest.mark.django_db

BOT = "https://spam.example.com"


def test_pledge_follow(home, client):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    data = {"email": "f@example.org", "frequency": "each", "language": "en"}
    response = client.post(f"/en/pledge-follow/{pledge.pk}/", {**data, "website": BOT})
    assert response.status_code == 400
    assert not PledgeFollower.objects.exists()
    assert client.post(f"/en/pledge-follow/{pledge.pk}/", data).status_code == 200
    assert PledgeFollower.objects.count() == 1


def test_rsvp(home, client):
    forum = make_forum(make_index(home))
    client.post(forum.url, rsvp_data(website=BOT))
    assert not RSVP.objects.exists()
    client.post(forum.url, rsvp_data())
    assert RSVP.objects.count() == 1


def test_follow_form_renders_the_trap_hidden(home, client):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    html = client.get(pledge.url).content.decode()
    assert '<div class="hp" aria-hidden="true">' in html
    assert 'name="website"' in html
