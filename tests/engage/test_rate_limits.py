"""Per-IP rate limits on every public form and endpoint (engage.ratelimit)."""

import datetime
import threading
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from engage import counters
from engage.models import RateCounter
from engage.ratelimit import client_ip, hit
from forums.models import RSVP
from pledges.models import PledgeFollower
from surveys.models import QuestionKind, Response
from tests.factories.forums import make_forum, make_index, rsvp_data
from tests.factories.pledges import PledgeIndexPageFactory, PledgePageFactory
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

LIMIT = 2
WINDOW_START = 1_800_000_000  # a multiple of 60 and of 3600


@pytest.fixture
def clock(monkeypatch):
    """The counters' clock, set by the test: ``clock.now = ...``."""
    fake = SimpleNamespace(now=WINDOW_START + 5)
    monkeypatch.setattr(counters, "time", SimpleNamespace(time=lambda: fake.now))
    return fake


@pytest.fixture(autouse=True)
def low_limits(settings, clock):
    """The real rule table, switched on, with every rate lowered to LIMIT a minute,
    and the counters' clock held inside one window: a test that sent its requests
    across the end of a real minute would see its count start again."""
    settings.ENGAGE_RATE_LIMITS_ENABLED = True
    settings.ENGAGE_RATE_LIMITS = [
        {**rule, "rate": f"{LIMIT}/m"} for rule in django_settings.ENGAGE_RATE_LIMITS
    ]


def assert_spanish_429(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert 'href="/es/"' in html


def spanish(url):
    return "/es/" + url.split("/", 2)[2]


def exhaust(client, method, url, data=None, **extra):
    send = getattr(client, method)
    for _attempt in range(LIMIT):
        response = send(url, data or {}, **extra)
        assert response.status_code != 429
    return send(url, data or {}, **extra)


def test_rsvp_post_is_limited_and_nothing_is_stored(home, client):
    forum = make_forum(make_index(home), capacity=50)
    url = spanish(forum.url)
    for number in range(LIMIT):
        client.post(url, rsvp_data(email=f"person{number}@example.org"))
    assert RSVP.objects.count() == LIMIT
    response = client.post(url, rsvp_data(email="one-too-many@example.org"))
    assert_spanish_429(response)
    assert RSVP.objects.count() == LIMIT


def test_pledge_follow_is_limited_and_nothing_is_stored(home, client):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    url = f"/es/pledge-follow/{pledge.pk}/"
    data = {"email": "f@example.org", "frequency": "each", "language": "es"}
    response = exhaust(client, "post", url, data)
    assert_spanish_429(response)
    before = PledgeFollower.objects.count()
    assert_spanish_429(client.post(url, {**data, "email": "other@example.org"}))
    assert PledgeFollower.objects.count() == before


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/es/rsvp/not-a-real-token/"),
        ("post", "/es/rsvp/not-a-real-token/cancel/"),
        ("get", "/es/forum-summary/acknowledge/not-a-real-token/"),
        ("post", "/es/forum-summary/unsubscribe/not-a-real-token/"),
        ("get", "/es/pledge-follow/confirm/not-a-real-token/"),
        ("post", "/es/pledge-follow/unsubscribe/not-a-real-token/"),
    ],
)
def test_signed_links_are_limited(home, client, method, url):
    assert_spanish_429(exhaust(client, method, url))


def test_search_is_limited(home, client):
    assert_spanish_429(exhaust(client, "get", "/es/search/", {"q": "foro"}))


def test_sign_in_code_requests_are_limited(home, client):
    response = exhaust(
        client, "post", "/es/accounts/login/code/", {"email": "x@example.org"}
    )
    assert_spanish_429(response)


def test_webhooks_are_limited_in_the_browser_language(home, client):
    response = exhaust(
        client,
        "post",
        "/anymail/postmark/tracking/",
        "{}",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert_spanish_429(response)


def test_limits_count_per_client_ip(home, client):
    url = "/es/search/"
    exhaust(client, "get", url, {"q": "a"})
    assert client.get(url, {"q": "a"}, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_admin_and_plain_pages_are_not_limited(home, client):
    for _attempt in range(LIMIT + 2):
        assert client.get("/es/").status_code == 200
        assert client.get("/admin/").status_code == 302


def test_limits_can_be_switched_off(home, client, settings):
    settings.ENGAGE_RATE_LIMITS_ENABLED = False
    for _attempt in range(LIMIT + 2):
        assert client.get("/es/search/", {"q": "a"}).status_code == 200


def test_every_public_endpoint_kind_has_a_rule():
    groups = {rule["group"] for rule in django_settings.ENGAGE_RATE_LIMITS}
    assert groups == {
        "webhooks",
        "sign-in",
        "search",
        "token-links",
        "forms",
        "questions",
    }


# Exact counts and fixed windows (engage.counters) --------------------------------


def test_exactly_the_limit_passes_and_the_window_stays_put(clock):
    """limit + 30 requests spread over the window: the first ``limit`` pass, and
    each refusal names the same window end, however many requests came."""
    limit = 10
    passed = []
    ends = set()
    for number in range(limit + 30):
        clock.now = WINDOW_START + 5 + number
        limited, seconds_left = hit("ip:forms:203.0.113.5", f"{limit}/m")
        passed.append(not limited)
        ends.add(clock.now + seconds_left)
    assert passed == [True] * limit + [False] * 30
    assert ends == {WINDOW_START + 60}
    # The next window starts afresh, on time.
    clock.now = WINDOW_START + 60
    assert hit("ip:forms:203.0.113.5", f"{limit}/m") == (False, 60)


def test_an_hour_window_lasts_an_hour(clock):
    """Counting in the last minute of an hour does not push the window on."""
    clock.now = WINDOW_START + 59 * 60
    for _attempt in range(3):
        assert counters.increment("survey", 3600)[0] <= 3
    clock.now = WINDOW_START + 3599
    assert counters.increment("survey", 3600) == (4, 1)
    clock.now = WINDOW_START + 3600
    assert counters.increment("survey", 3600) == (1, 3600)


def test_counters_keep_no_address(clock):
    hit("ip:forms:203.0.113.77", "5/m")
    (counter,) = RateCounter.objects.all()
    assert "203.0.113.77" not in counter.key
    assert counter.count == 1


def test_expired_counters_are_removed(clock):
    hit("ip:forms:203.0.113.1", "5/m")
    clock.now = WINDOW_START + 3600 * 24
    with patch_now(clock.now):
        hit("ip:forms:203.0.113.1", "5/m")
    assert RateCounter.objects.count() == 1


def patch_now(seconds):
    return mock.patch(
        "engage.counters.timezone.now",
        return_value=datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC),
    )


def test_forty_requests_in_a_row_pass_exactly_the_limit(home, client, settings, clock):
    settings.ENGAGE_RATE_LIMITS = [
        {**rule, "rate": "10/m"} for rule in django_settings.ENGAGE_RATE_LIMITS
    ]
    statuses = [client.get("/es/search/", {"q": "a"}).status_code for _ in range(40)]
    assert statuses == [200] * 10 + [429] * 30


def test_forty_threads_on_an_atomic_cache_pass_exactly_the_limit(monkeypatch, clock):
    """The Redis path (add + incr) from 40 threads at once; the in-process cache
    stands in for Redis, whose add and incr are atomic too."""
    monkeypatch.setattr(counters, "_uses_redis", lambda: True)
    results = []
    barrier = threading.Barrier(40)

    def request():
        barrier.wait()
        results.append(hit("ip:forms:198.51.100.4", "10/m")[0])

    threads = [threading.Thread(target=request) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 10
    assert results.count(True) == 30
    assert not RateCounter.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: threads need their own connections (see "
    "tests/engage/test_no_data_lost.py); the sequential tests above cover SQLite.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forty_parallel_requests_pass_exactly_the_limit(settings):
    settings.ENGAGE_RATE_LIMITS = [
        {**rule, "rate": "10/h"} for rule in django_settings.ENGAGE_RATE_LIMITS
    ]
    statuses = []
    barrier = threading.Barrier(40)

    def request():
        try:
            barrier.wait()
            statuses.append(Client().get("/es/search/", {"q": "a"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 10 + [429] * 30


# Behind a proxy ----------------------------------------------------------------


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    return {"REMOTE_ADDR": "10.0.0.1"}  # the proxy


def test_clients_behind_the_proxy_have_their_own_counters(
    home, client, behind_one_proxy
):
    url = "/es/search/"
    first = {**behind_one_proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {**behind_one_proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert_spanish_429(exhaust(client, "get", url, {"q": "a"}, **first))
    assert_spanish_429(exhaust(client, "get", url, {"q": "a"}, **second))


def test_a_spoofed_forwarded_entry_does_not_evade_the_limit(
    home, client, behind_one_proxy
):
    """The proxy appends the real address; what the client wrote before it is
    ignored, whatever it says."""
    url = "/es/search/"
    for number in range(LIMIT):
        spoofed = f"192.0.2.{number}, 198.51.100.9"
        response = client.get(
            url, {"q": "a"}, HTTP_X_FORWARDED_FOR=spoofed, **behind_one_proxy
        )
        assert response.status_code == 200
    response = client.get(
        url,
        {"q": "a"},
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.9",
        **behind_one_proxy,
    )
    assert_spanish_429(response)


def test_client_ip_reads_the_proxy_count(rf, behind_one_proxy):
    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.3", **behind_one_proxy
    )
    assert client_ip(request) == "198.51.100.3"
    assert client_ip(rf.get("/", REMOTE_ADDR="203.0.113.4")) == "203.0.113.4"


def test_the_survey_cap_keys_on_the_client_behind_the_proxy(
    survey_index, client, settings, behind_one_proxy
):
    """Clients behind one proxy each get the cap, and a spoofed entry does not
    reset it (the per-IP rules are off here: only the survey cap counts)."""
    settings.ENGAGE_RATE_LIMITS = []
    settings.SURVEYS_RATE_LIMIT = 2
    survey = make_survey(survey_index, [{"key": "x", "kind": QuestionKind.YES_NO}])
    answer = {f"q{survey.questions.get().pk}": "1"}

    def post(forwarded_for):
        client.cookies.clear()
        return client.post(
            survey.url,
            answer,
            HTTP_X_FORWARDED_FOR=forwarded_for,
            **behind_one_proxy,
        ).content.decode()

    for number in range(2):
        assert "Too many responses" not in post(f"192.0.2.{number}, 198.51.100.1")
    assert "Too many responses" in post("192.0.2.99, 198.51.100.1")
    assert Response.objects.count() == 2
    assert "Too many responses" not in post("198.51.100.2")
    assert Response.objects.count() == 3
