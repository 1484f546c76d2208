"""Per-IP rate limits on every public form and endpoint (engage.ratelimit)."""

import pytest
from django.conf import settings as django_settings

from forums.models import RSVP
from pledges.models import PledgeFollower
from tests.factories.forums import make_forum, make_index, rsvp_data
from tests.factories.pledges import PledgeIndexPageFactory, PledgePageFactory

pytestmark = pytest.mark.django_db

LIMIT = 2


@pytest.fixture(autouse=True)
def low_limits(settings):
    """The real rule table, switched on, with every rate lowered to LIMIT a minute."""
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
    assert groups == {"webhooks", "sign-in", "search", "token-links", "forms"}
