import datetime
import re

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from engage import page_cache
from engage.page_cache import HEADER, _entry, mark
from forums.models import RSVP, WalkIn
from pledges.services.posting import Evidence, post_update
from surveys.models import Answer
from tests.factories.engage import StaffFactory
from tests.factories.forums import RSVPFactory, VenueFactory, make_forum, make_index
from tests.factories.pledges import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
)
from tests.factories.surveys import add_responses, make_survey
from tests.factories.surveys import make_index as make_survey_index
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
    # Whichever message the RSVP form queues, it is shown once and never stored.
    assert 'class="messages"' in response.text
    assert HEADER not in response
    fresh = Client().get(url_in(forum, "en"))
    assert 'class="messages"' not in fresh.text


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
    request = rf.get("/en/")
    assert _entry(request, mark(HttpResponse("<p>page</p>"))) is not None
    request._csp_nonce = "bm9uY2U="
    assert _entry(request, mark(HttpResponse("<style nonce='x'></style>"))) is None


# Invalidation by what changed ---------------------------------------------------

QUESTION = [{"key": "yn", "kind": "yes_no", "text": "Do you feel safe?"}]
QUOTED = [*QUESTION, {"key": "say", "kind": "long_text", "text": "Tell us"}]


@pytest.fixture
def site(home, forum):
    """A page of each kind, each read once so that it is cached."""
    surveys = make_survey_index(home)
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    pages = {
        "home": url_in(home, "en"),
        "forum index": url_in(forum.get_parent(), "en"),
        "forum": url_in(forum, "en"),
        "other forum": url_in(make_forum(forum.get_parent().specific), "en"),
        "calendar": reverse("forums:calendar_all"),
        "survey index": url_in(surveys, "en"),
        "pledge": url_in(pledge, "en"),
    }
    pages["commitment object"] = commitment = CommitmentPageFactory(parent=pledge)
    pages["commitment"] = url_in(commitment, "en")
    for name in ("survey", "other survey"):
        survey = make_survey(surveys, QUOTED, results_public=True)
        add_responses(survey, 6, {"yn": 1, "say": "More lights on Elm Street."})
        pages[name] = url_in(survey, "en")
        pages[f"{name} results"] = pages[name] + "results/"
    pages["survey object"] = survey = surveys.get_children().specific().first()
    for url in pages.values():
        if isinstance(url, str):
            assert Client().get(url)[HEADER] == "miss"
    return pages


def cached(site):
    """Which of the site's pages a new visitor is served from the cache."""
    return {
        name: Client().get(url)[HEADER] == "hit"
        for name, url in site.items()
        if isinstance(url, str)
    }


def test_every_page_is_served_from_the_cache_until_something_changes(site):
    assert all(cached(site).values())


def test_a_survey_response_empties_only_that_surveys_results(site):
    survey = site["survey object"]
    question = survey.questions.get(key="yn")
    posted = Client().post(site["survey"], {f"q{question.pk}": "1"})
    assert posted.status_code == 302
    after = cached(site)
    assert after.pop("survey results") is False
    # Its questions show no count: the survey page itself stays cached too.
    assert all(after.values()), after
    response = Client().get(site["survey results"])  # stored again by cached()
    assert response[HEADER] == "hit"
    assert "<dd>7</dd>" in response.text


def test_approving_a_quote_empties_that_surveys_results(site):
    survey = site["survey object"]
    answer = Answer.objects.filter(response__survey=survey, text__gt="").first()
    answer.approved = True
    answer.save()
    after = cached(site)
    assert after.pop("survey results") is False
    assert all(after.values()), after
    assert "More lights on Elm Street." in Client().get(site["survey results"]).text


def test_deleting_a_response_empties_that_surveys_results(site):
    site["survey object"].responses.first().delete()
    after = cached(site)
    assert after.pop("survey results") is False
    assert all(after.values()), after


def test_an_rsvp_empties_its_forum_and_the_listings_of_seats(site, forum):
    RSVPFactory(forum=forum, party_size=3)
    after = cached(site)
    for name in ("forum", "forum index", "home"):
        assert after.pop(name) is False, name
    # Not the other forum, the calendar, the surveys or the pledges.
    assert all(after.values()), after
    assert "7 seats left" in Client().get(site["forum"]).text
    assert "7 seats left" in Client().get(site["forum index"]).text


def test_an_rsvp_cancelled_or_deleted_empties_them_too(site, forum):
    rsvp = RSVPFactory(forum=forum, party_size=3)
    cached(site)
    rsvp.status = "cancelled"
    rsvp.save()
    assert Client().get(site["forum"])[HEADER] == "miss"
    assert "10 seats left" in Client().get(site["forum"]).text
    RSVP.objects.filter(pk=rsvp.pk).first().delete()
    assert Client().get(site["forum index"])[HEADER] == "miss"
    assert Client().get(site["survey"])[HEADER] == "hit"


def test_an_rsvp_nobody_confirmed_yet_empties_nothing(site, forum):
    """A request from the public form holds no seat until its owner confirms it
    by email: requests (or a bot's) and purges of unconfirmed ones leave the
    pages cached, and the confirmation empties them."""
    rsvp = RSVPFactory(forum=forum, party_size=3, status="pending")
    assert all(cached(site).values())
    rsvp.status = "confirmed"
    rsvp.save()
    assert "7 seats left" in Client().get(site["forum"]).text
    RSVPFactory(forum=forum, status="pending").delete()
    assert Client().get(site["forum"])[HEADER] == "hit"


def test_a_walk_in_empties_its_forum_and_the_listings_only(site, forum):
    WalkIn.objects.create(forum=forum, count=2)
    after = cached(site)
    for name in ("forum", "forum index", "home"):
        assert after.pop(name) is False, name
    assert all(after.values()), after


def test_a_publish_still_empties_every_page(site, home):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    pledge.save_revision().publish()
    assert not any(cached(site).values())


def test_a_progress_update_empties_the_pledge_pages(site):
    post_update(
        site["commitment object"],
        user=None,
        status="in_progress",
        percentage=40,
        explanation="The ordinance had its first reading.",
        update_date=datetime.date.today(),
        evidence=[Evidence("Minutes", url="https://example.org/minutes")],
    )
    after = cached(site)
    assert after["pledge"] is False
    assert after["commitment"] is False
    assert "first reading" in Client().get(site["commitment"]).text


def test_tags_are_bumped_again_after_the_commit(
    site, forum, django_capture_on_commit_callbacks
):
    """A page rendered between the write and its commit shows the old rows:
    the bump after the commit empties it again."""
    with django_capture_on_commit_callbacks() as callbacks:
        RSVPFactory(forum=forum)
        assert Client().get(site["forum"])[HEADER] == "miss"
        assert Client().get(site["forum"])[HEADER] == "hit"
    for callback in callbacks:
        callback()
    assert Client().get(site["forum"])[HEADER] == "miss"


# The middleware on its own --------------------------------------------------------


def serve(rf, view, path="/en/probe/"):
    request = rf.get(path)
    return page_cache.PageCacheMiddleware(lambda request: mark(view()))(request)


def count_rsvps():
    return HttpResponse(str(RSVP.objects.count()))


def test_a_page_that_reads_rows_unscoped_depends_on_every_one_of_them(rf, forum, home):
    assert serve(rf, count_rsvps)[HEADER] == "miss"
    assert serve(rf, count_rsvps)[HEADER] == "hit"
    RSVPFactory(forum=make_forum(make_index(home, slug="elsewhere")))
    assert serve(rf, count_rsvps)[HEADER] == "miss"
    assert serve(rf, count_rsvps).content == b"1"


def test_a_page_that_says_whose_rows_it_reads_depends_on_those_alone(rf, forum):
    other = make_forum(forum.get_parent().specific)

    def seats():
        with page_cache.depends_on("forum-seats", forum.pk):
            return HttpResponse(str(forum.rsvps.count()))

    assert serve(rf, seats)[HEADER] == "miss"
    RSVPFactory(forum=other)
    assert serve(rf, seats)[HEADER] == "hit"
    RSVPFactory(forum=forum)
    assert serve(rf, seats)[HEADER] == "miss"


def test_a_change_while_a_page_renders_is_not_missed(rf, forum):
    """The tag's version is read before the rows, so a change that lands after
    the read and before the store leaves the entry already out of date."""

    def racing():
        response = count_rsvps()
        RSVPFactory(forum=forum)
        return response

    assert serve(rf, racing)[HEADER] == "miss"
    assert serve(rf, count_rsvps)[HEADER] == "miss"


def test_a_tag_the_cache_lost_is_a_miss(rf, forum):
    serve(rf, count_rsvps)
    cache.delete(page_cache.TAG_KEY + "forum-seats")
    assert serve(rf, count_rsvps)[HEADER] == "miss"
    assert serve(rf, count_rsvps)[HEADER] == "hit"
