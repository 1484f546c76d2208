"""Generated abuse against signed links and every other public endpoint: never
a 500, nothing stored or changed by junk, no markup reflected unescaped."""

import base64
import json
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from forums.models import RSVP, RSVPStatus
from outcomes.models import Delivery
from outcomes.notifications import unsubscribe_token
from outcomes.tokens import ack_token
from pledges.models import PledgeFollower
from pledges.services.following import CONFIRM_SALT, UNSUBSCRIBE_SALT, make_token
from surveys.models import Response

from .fuzz import (
    FEW,
    FUZZ,
    PAYLOADS,
    any_text,
    assert_handled,
    assert_not_reflected,
    counts,
    field_value,
    fuzzed,
    isolated,
    junk,
    marker,
    numbers,
)

pytestmark = pytest.mark.django_db


# Signed links -------------------------------------------------------------------

tokens = st.one_of(
    any_text.filter(lambda t: t.strip(" ./") and "/" not in t),
    st.sampled_from(
        [
            "x" * 5000,
            "eyJyc3ZwIjoxfQ:1u2v3w:AAAA",
            ".eJyrVipKLitWslIqzs8tSEwuSa0FAEkHB2A:1abc:def",
            "%00",
            "..",
            "<script>",
        ]
    ),
)


@FEW
@given(token=tokens, method=st.sampled_from(["get", "post"]))
def test_tampered_tokens_on_every_signed_link(rsvp, delivery, follower, token, method):
    urls = [
        "/en/rsvp/{}/",
        "/en/rsvp/{}/cancel/",
        "/en/forum-summary/acknowledge/{}/",
        "/en/forum-summary/unsubscribe/{}/",
        "/en/pledge-follow/confirm/{}/",
        "/en/pledge-follow/unsubscribe/{}/",
    ]
    with isolated() as client:
        before = counts(RSVP, PledgeFollower)
        for pattern in urls:
            url = pattern.format(quote(token, safe=""))
            response = getattr(client, method)(url)
            assert_handled(response, (400, 404, 405, 410, 200))
            if "<" in token:
                assert_not_reflected(response, token)
        assert counts(RSVP, PledgeFollower) == before
        assert RSVP.objects.get(pk=rsvp.pk).status == RSVPStatus.CONFIRMED
        assert RSVP.objects.get(pk=rsvp.pk).summary_emails is True
        assert Delivery.objects.get(pk=delivery.pk).acknowledged_at is None
        assert PledgeFollower.objects.get(pk=follower.pk).confirmed_at is None


def test_signed_links_refuse_other_purposes(rsvp, follower, delivery):
    """A valid token for one purpose opens nothing elsewhere."""
    manage = rsvp.manage_token()
    unsubscribe = unsubscribe_token(rsvp)
    confirm = make_token(follower, CONFIRM_SALT)
    client = Client()
    assert client.post(f"/en/forum-summary/unsubscribe/{manage}/").status_code == 400
    assert client.post(f"/en/forum-summary/acknowledge/{manage}/").status_code == 400
    assert client.get(f"/en/rsvp/{unsubscribe}/").status_code == 400
    assert client.get(f"/en/rsvp/{confirm}/").status_code == 400
    assert client.post(f"/en/pledge-follow/confirm/{manage}/").status_code == 400
    client.post(f"/en/pledge-follow/unsubscribe/{confirm}/")
    rsvp.refresh_from_db()
    assert rsvp.summary_emails is True
    assert rsvp.status == RSVPStatus.CONFIRMED
    assert PledgeFollower.objects.filter(pk=follower.pk).exists()
    assert PledgeFollower.objects.get(pk=follower.pk).confirmed_at is None
    assert Delivery.objects.get(pk=delivery.pk).acknowledged_at is None


# Search, language switch, sign-in codes -------------------------------------------


@FUZZ
@given(q=field_value, page=field_value)
def test_search_junk(home, q, page):
    query = {k: v for k, v in (("q", q), ("page", page)) if v is not None}
    with isolated() as client:
        response = client.get("/en/search/", query)
        assert response.status_code == 200


def test_search_does_not_reflect_markup(home):
    text = marker()
    response = Client().get("/en/search/", {"q": text})
    assert_not_reflected(response, text)


@FUZZ
@given(data=fuzzed(["language", "next"]))
def test_language_switch_junk(home, data):
    with isolated() as client:
        response = client.post("/i18n/setlang/", data)
        assert_handled(response, (302, 204))
        location = response.headers.get("Location", "")
        assert not location.startswith(("http:", "https:", "//", "javascript:"))


@FEW
@given(email=field_value)
def test_sign_in_code_request_junk(home, email):
    data = {"email": email} if email is not None else {}
    with isolated() as client:
        response = client.post("/en/accounts/login/code/", data)
        assert_handled(response, (200, 302))
        if "<script>" in str(email):
            assert_not_reflected(response, str(email))


# Calendars and other GET endpoints with odd query strings ---------------------------

GET_ENDPOINTS = [
    "/en/calendar/forums.ics",
    "/en/calendar/forum-series/eastside.ics",
    "/en/calendar/forum/{forum}.ics",
    "/en/calendar/forum/99999999999999999999.ics",
    "/en/forums/",
    "{survey_results}",
    "/en/survey-data/{survey}/results.json",
    "/en/survey-data/{survey}/results.csv",
    "/en/survey-trends/pick/",
    "/en/pledge-feeds/all.atom",
    "/en/pledge-data/pledges.json",
    "/en/pledge-data/pledges.csv",
    "/en/pledge-data/99999999999999999999.json",
    "/en/pledge-feeds/99999999999999999999.atom",
    "/en/survey-data/99999999999999999999/results.json",
    "/en/you-said-we-did/",
    "/en/you-said-we-did/updates.atom",
    "/en/you-said-we-did/data/items.json",
    "/en/you-said-we-did/data/history.csv",
    "/en/q/NOSUCHQQ/",
    "/en/forum-summary/unit/not-a-token/",
]


@FEW
@given(query=fuzzed(["area", "language", "page", "start", "end", "forum", "q"]))
def test_odd_query_strings_on_get_endpoints(series_forum, area_survey, pledge, query):
    area_survey.results_public = True
    area_survey.save()
    values = {
        "forum": series_forum.pk,
        "survey": area_survey.pk,
        "survey_results": area_survey.url + "results/",
    }
    with isolated() as client:
        for pattern in GET_ENDPOINTS:
            response = client.get(pattern.format(**values), query)
            # Results refuse two filters at once, or dates that are not whole
            # months; the board refuses filters it does not know; a unit link
            # that is not one is refused.
            assert_handled(response, (200, 400, 403, 404))


# Wrong methods and content types ---------------------------------------------------


@pytest.fixture
def public_posts(series_forum, rsvp, area_survey, contact, pledge, follower, delivery):
    return [
        series_forum.url,
        area_survey.url,
        contact.url,
        f"/en/pledge-follow/{pledge.pk}/",
        f"/en/rsvp/{rsvp.manage_token()}/",
        f"/en/rsvp/{rsvp.manage_token()}/cancel/",
        f"/en/forum-summary/acknowledge/{_ack(delivery)}/",
        f"/en/forum-summary/unsubscribe/{unsubscribe_token(rsvp)}/",
        f"/en/pledge-follow/confirm/{make_token(follower, CONFIRM_SALT)}/",
        f"/en/pledge-follow/unsubscribe/{make_token(follower, UNSUBSCRIBE_SALT)}/",
        "/en/search/",
        "/i18n/setlang/",
        "/en/accounts/login/code/",
        "/en/calendar/forums.ics",
        "/anymail/postmark/tracking/",
    ]


def _ack(delivery):
    return ack_token(delivery.pk)


BODIES = st.one_of(
    st.binary(max_size=300),
    junk.map(lambda text: json.dumps({"name": text, "email": text})),
    st.just(b"--boundary\r\nContent-Disposition: form-data; name=x\r\n\r\n"),
    st.just(b"\xff\xfe\x00\x00" * 50),
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "multipart/form-data; boundary=boundary",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=" + "b" * 200,
    ]
)


@FEW
@given(
    method=st.sampled_from(["put", "patch", "delete", "post", "options"]),
    body=BODIES,
    content_type=CONTENT_TYPES,
)
def test_wrong_methods_and_content_types(
    public_posts, rsvp, follower, delivery, method, body, content_type
):
    """Nothing is created by a body no form would send. (A POST to a valid
    cancel or unsubscribe link does act: the signed link is the credential.)"""
    with isolated() as client:
        before = counts(RSVP, Response, FormSubmission, PledgeFollower)
        for url in public_posts:
            response = getattr(client, method)(url, body, content_type=content_type)
            assert_handled(response, (200, 204, 302, 400, 401, 403, 404, 405, 410))
        after = counts(RSVP, Response, FormSubmission, PledgeFollower)
        assert all(now <= then for now, then in zip(after, before, strict=True))
        assert not any(
            message.subject.startswith("A message from the website")
            for message in mail.outbox
        )


# The email provider's webhook ---------------------------------------------------------

WEBHOOK_SECRET = "anymail-user:s3cret-pass"


def _auth(secret):
    return "Basic " + base64.b64encode(secret.encode()).decode()


webhook_events = st.recursive(
    st.none() | st.booleans() | numbers | any_text | st.sampled_from(PAYLOADS),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "RecordType",
                    "MessageID",
                    "Recipient",
                    "Metadata",
                    "Type",
                    "delivery_id",
                    "DeliveredAt",
                    "BouncedAt",
                    "Description",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=12,
)


@FUZZ
@given(event=webhook_events, authorized=st.booleans())
def test_webhook_junk(settings, delivery, event, authorized):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}
    headers = {"HTTP_AUTHORIZATION": _auth(WEBHOOK_SECRET)} if authorized else {}
    with isolated() as client:
        response = client.post(
            "/anymail/postmark/tracking/",
            json.dumps(event),
            content_type="application/json",
            **headers,
        )
        assert_handled(response, (200, 400, 401, 403))
        stored = Delivery.objects.get(pk=delivery.pk)
        if not authorized:
            assert response.status_code == 400  # anymail's answer to no credentials
            assert stored.status == delivery.status
