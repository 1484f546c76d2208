import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from engage.page_cache import HEADER, _entry, mark
from pledges.services.posting import Evidence, post_update
from tests.factories.engage import StaffFactory
from tests.factories.forums import RSVPFactory, VenueFactory, make_forum, make_index
from tests.factories.pledges import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
)
from tests.helpers import url_in

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture
def forum(home):
    venue = VenueFactory(name="Eastside Branch Library")
    return make_forum(
        make_index(home), venue=venue, title_es="Foro del Este", capacity=10
    )


def test_second_anonymous_request_is_served_from_the_cache(
    client, forum, django_assert_max_num_queries
):
    first = client.get(url_in(forum, "en"))
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get(url_in(forum, "en"))
    assert second.status_code == 200
    assert second[HEADER] == "hit"
    assert "Eastside forum" in second.text


def test_languages_and_query_strings_have_their_own_entries(client, forum):
    client.get(url_in(forum, "en"))
    spanish = client.get(url_in(forum, "es"))
    assert spanish[HEADER] == "miss"
    assert "Foro del Este" in spanish.text
    assert client.get(url_in(forum, "es"))[HEADER] == "hit"
    english = client.get(url_in(forum, "en"))
    assert english[HEADER] == "hit"
    assert "Foro del Este" not in english.text
    assert client.get(url_in(forum, "en") + "?ref=mail")[HEADER] == "miss"


def test_signed_in_users_never_get_or_fill_cached_pages(client, forum):

    client.get(url_in(forum, "en"))
    client.force_login(StaffFactory())
    for _ in range(2):
        response = client.get(url_in(forum, "en"))
        assert response.status_code == 200
        assert HEADER not in response


def test_each_visitor_gets_their_own_csrf_token_and_can_post(forum):
    url = url_in(forum, "en")
    first = Client(enforce_csrf_checks=True)
    first.get(url)
    second = Client(enforce_csrf_checks=True)
    cached = second.get(url)
    assert cached[HEADER] == "hit"
    assert "engage-page-cache" not in cached.text
    token = TOKEN.search(cached.text).group(1)
    assert "csrftoken" in cached.cookies  # set for this visitor
    data = {
        "csrfmiddlewaretoken": token,
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "",
        "language": "en",
        "party_size": "1",
        "interpretation_language": "",
        "childcare_children": "0",
        "website": "",
    }
    response = second.post(url, data)
    assert response.status_code == 302  # not 403: the token matches the cookie
    assert forum.rsvps.count() == 1


def test_publishing_a_page_invalidates(client, forum):
    client.get(url_in(forum, "en"))
    forum.title = "Westside forum"
    forum.save_revision().publish()
    response = client.get(url_in(forum, "en"))
    assert response[HEADER] == "miss"
    assert "Westside forum" in response.text


def test_unpublishing_a_page_invalidates(client, forum):
    client.get(url_in(forum, "en"))
    forum.unpublish()
    assert client.get(url_in(forum, "en")).status_code == 404


def test_an_rsvp_updates_seats_left_on_the_page(client, forum):
    assert "10 seats left" in client.get(url_in(forum, "en")).text
    RSVPFactory(forum=forum, party_size=3)
    assert "7 seats left" in client.get(url_in(forum, "en")).text


def test_a_full_forum_shows_its_waitlist_state(client, forum):
    client.get(url_in(forum, "en"))
    RSVPFactory(forum=forum, party_size=10)
    assert "Join the waitlist" in client.get(url_in(forum, "en")).text


def test_a_snippet_edit_invalidates(client, forum):
    client.get(url_in(forum, "en"))
    forum.venue.name = "Central Library"
    forum.venue.save()
    assert "Central Library" in client.get(url_in(forum, "en")).text


def test_a_new_progress_update_appears(client, home):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    commitment = CommitmentPageFactory(parent=pledge)
    client.get(url_in(commitment, "en"))
    client.get(url_in(pledge, "en"))
    post_update(
        commitment,
        user=None,
        status="in_progress",
        percentage=40,
        explanation="The ordinance had its first reading.",
        update_date=datetime.date.today(),
        evidence=[Evidence("Minutes", url="https://example.org/minutes")],
    )
    assert "first reading" in client.get(url_in(commitment, "en")).text
    assert client.get(url_in(pledge, "en"))[HEADER] == "miss"


def test_rsvp_manage_pages_are_never_cached(client, forum):
    rsvp = RSVPFactory(forum=forum)
    url = reverse("forums:rsvp_manage", args=[rsvp.manage_token()])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert HEADER not in response


def test_visitors_with_state_in_cookies_bypass_the_cache(client, forum):
    client.get(url_in(forum, "en"))
    client.cookies["survey_1_answered"] = "yes"
    assert HEADER not in client.get(url_in(forum, "en"))


def test_messages_are_never_cached(client, forum):
    client.post(url_in(forum, "en"), {"name": "", "email": "bad"})
    response = client.post(
        url_in(forum, "en"),
        {
            "name": "Ana",
            "email": "ana@example.org",
            "language": "en",
            "party_size": "1",
            "childcare_children": "0",
        },
        follow=True,
    )
    assert "You are registered" in response.text
    assert HEADER not in response
    fresh = Client().get(url_in(forum, "en"))
    assert "You are registered" not in fresh.text


def test_a_form_in_its_error_state_is_not_cached(client, forum):
    response = client.post(url_in(forum, "en"), {"name": "", "email": "bad"})
    assert response.status_code == 200
    assert HEADER not in response
    assert "errorlist" not in Client().get(url_in(forum, "en")).text


def test_calendar_feed_is_cached_and_invalidated(client, forum):
    url = reverse("forums:calendar_all")
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"
    forum.title = "Renamed forum"
    forum.save_revision().publish()
    response = client.get(url)
    assert b"Renamed forum" in response.content


def test_healthz_answers_without_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert HEADER not in response
    assert "no-cache" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/plain")
    with django_assert_num_queries(0):
        assert HEADER not in client.get("/healthz")


def test_responses_that_used_the_csp_nonce_are_not_stored(rf):
    from django.http import HttpResponse

    request = rf.get("/en/")
    assert _entry(request, mark(HttpResponse("<p>page</p>"))) is not None
    request._csp_nonce = "bm9uY2U="
    assert _entry(request, mark(HttpResponse("<style nonce='x'></style>"))) is None
