"""Generated abuse against every public form and endpoint.

Each example runs in its own savepoint that is rolled back, with a fresh client,
an empty cache and an empty outbox, so examples cannot see each other's rows,
cookies or rate-limit counters. The properties: never a 500 (the test client
re-raises any exception a view lets escape), invalid input stores nothing and
sends nothing, a submitted payload never comes back unescaped, and valid input
is stored as sent (after the form's documented normalisation).
"""

import base64
import json
import uuid
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from forums.models import RSVP, Delivery, RSVPStatus
from forums.notifications import manage_token
from forums.summaries import unsubscribe_token
from pledges.models import PledgeFollower
from pledges.services import CONFIRM_SALT, UNSUBSCRIBE_SALT, make_token
from surveys.forms import SurveyForm
from surveys.models import Answer, InvitationCode, Participation, Response

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=8)

# Strategies --------------------------------------------------------------------

# Every Unicode plane and category except lone surrogates, which no UTF-8
# request can carry.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
controls = st.text(
    st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\u200b\u202e\ufeff"),
    min_size=1,
    max_size=10,
)
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "1; DROP TABLE forums_rsvp; --",
    '" OR ""="',
    "%s%s%s%n",
    "{{ 7|add:7 }}{% debug %}",
    "../../../../etc/passwd",
    "\x00",
    "a\x00b",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0x1F",
    "１２",
    "٣",
    "2026-02-30",
    "0000-00-00",
    "9999-99-99",
    "2026-13-01T25:61",
    "-1",
    "4294967296",
    "9223372036854775808",
    "-9223372036854775809",
    "[]",
    "{}",
    "null",
    "true",
    "",
    " ",
]
numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
decimals = st.decimals(allow_nan=True, allow_infinity=True).map(str)
long_text = st.sampled_from([100, 5_001, 100_000]).map(lambda n: "é" * n)
junk = st.one_of(
    any_text,
    controls,
    st.sampled_from(PAYLOADS),
    numbers,
    decimals,
    long_text,
    any_text.map(lambda text: f"{text}@example.org"),
)
# A field is left out, sent once, or sent several times over.
field_value = st.one_of(st.none(), junk, st.lists(junk, min_size=2, max_size=3))


def fuzzed(names):
    """Form data for ``names`` (plus a stray field), each missing, junk or repeated."""
    return st.fixed_dictionaries(
        {name: field_value for name in [*names, "unexpected"]}
    ).map(lambda data: {k: v for k, v in data.items() if v is not None})


def marker():
    return f"<script>xss-{uuid.uuid4().hex}</script>"


# Helpers -----------------------------------------------------------------------


@contextmanager
def isolated():
    """A rolled-back savepoint, an empty cache and outbox, and a new client."""
    cache.clear()
    mail.outbox = []
    with transaction.atomic():
        yield Client()
        transaction.set_rollback(True)
    cache.clear()


def counts(*models):
    return tuple(model.objects.count() for model in models)


def assert_not_reflected(response, text):
    body = response.content.decode("utf-8", "replace")
    assert text not in body, f"{text!r} reflected unescaped in {response.request}"


def assert_handled(response, allowed=(200, 301, 302, 400, 403, 404, 405, 410)):
    assert response.status_code in allowed, response.status_code
    assert response.status_code < 500


# The RSVP form -------------------------------------------------------------------

RSVP_FIELDS = [
    "name",
    "email",
    "phone",
    "language",
    "party_size",
    "interpretation_language",
    "asl",
    "childcare_children",
    "access_needs",
    "other_needs",
    "website",
]


@FUZZ
@given(data=fuzzed(RSVP_FIELDS))
def test_rsvp_form_junk(forum, data):
    with isolated() as client:
        before = counts(RSVP)
        response = client.post(forum.url, data)
        assert_handled(response, (200, 302))
        if response.status_code == 200:
            assert counts(RSVP) == before
            assert mail.outbox == []
        else:
            rsvp = RSVP.objects.get()
            assert rsvp.name == " ".join(str(data["name"]).split())
            assert rsvp.email == str(data["email"]).strip().lower()


visible = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
name_text = st.text(visible, min_size=1, max_size=200).filter(
    lambda text: text.strip() and len(text.strip()) <= 200
)
needs_text = st.text(visible, max_size=1000)


@FUZZ
@given(
    name=name_text,
    local=st.from_regex(r"[A-Za-z0-9._%+-]{1,30}", fullmatch=True).filter(
        lambda part: (
            not part.startswith(".") and not part.endswith(".") and ".." not in part
        )
    ),
    phone=st.from_regex(r"[0-9+()./\- ]{5,40}", fullmatch=True).filter(
        lambda phone: phone.strip() and len(phone.strip()) >= 5
    ),
    party=st.integers(min_value=1, max_value=4),
    children=st.integers(min_value=0, max_value=20),
    access=needs_text,
    other=needs_text,
    language=st.sampled_from(["en", "es", "zh-hans", "vi", "ar", "ko"]),
    interpretation=st.sampled_from(["", "es", "vi"]),
)
def test_valid_rsvp_is_stored_as_sent(
    forum, name, local, phone, party, children, access, other, language, interpretation
):
    email = f"{local}@Example.org"
    data = {
        "name": name,
        "email": email,
        "phone": phone,
        "language": language,
        "party_size": str(party),
        "interpretation_language": interpretation,
        "childcare_children": str(children),
        "access_needs": access,
        "other_needs": other,
        "asl": "on",
        "website": "",
    }
    with isolated() as client:
        response = client.post(forum.url, data)
        assert response.status_code == 302, response.context["rsvp_form"].errors
        rsvp = RSVP.objects.get()
        assert rsvp.name == " ".join(name.split())
        assert rsvp.email == email.lower()
        assert rsvp.phone == phone.strip()
        assert rsvp.language == language
        assert rsvp.party_size == party
        assert rsvp.childcare_children == children
        assert rsvp.interpretation_language == interpretation
        assert rsvp.asl is True
        assert rsvp.access_needs == access.strip()
        assert rsvp.other_needs == other.strip()
        assert rsvp.status == RSVPStatus.CONFIRMED


def test_rsvp_form_does_not_reflect_markup(forum):
    text = marker()
    data = {name: text for name in RSVP_FIELDS}
    data["website"] = ""
    with isolated() as client:
        response = client.post(forum.url, data)
        assert response.status_code == 200
        assert_not_reflected(response, text)
        assert RSVP.objects.count() == 0
        # Valid but for the markup in the free-text fields: stored, and the
        # confirmation page and email escape it.
        data.update(email="mark@example.org", phone="", language="en")
        data.update(party_size="1", interpretation_language="", childcare_children="")
        response = client.post(forum.url, data, follow=True)
        assert RSVP.objects.get().access_needs == text
        assert_not_reflected(response, text)
        assert text not in mail.outbox[0].alternatives[0][0]


# Managing and cancelling an RSVP -----------------------------------------------


@pytest.fixture
def rsvp(forum):
    return RSVP.objects.create(
        forum=forum,
        name="Ana Pérez",
        email="ana@example.org",
        language="es",
        status=RSVPStatus.CONFIRMED,
    )


MANAGE_FIELDS = [f for f in RSVP_FIELDS if f not in ("email", "website")]


@FUZZ
@given(data=fuzzed(MANAGE_FIELDS))
def test_manage_rsvp_junk(rsvp, data):
    url = f"/en/rsvp/{manage_token(rsvp)}/"
    with isolated() as client:
        response = client.post(url, data)
        assert_handled(response, (200, 302))
        stored = RSVP.objects.get(pk=rsvp.pk)
        if response.status_code == 200:
            assert stored.name == "Ana Pérez"
            assert stored.party_size == 1
            assert mail.outbox == []
        else:
            assert stored.name == " ".join(str(data["name"]).split())


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
    manage = manage_token(rsvp)
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


# Surveys -------------------------------------------------------------------------


def survey_field_names(survey):
    names = []
    for question in survey.questions.all():
        names.append(SurveyForm.field_name(question))
        if question.allow_other:
            names.append(SurveyForm.other_name(question))
    return [*names, "area", "website", "code", "switch_language"]


@FUZZ
@given(data=st.data())
def test_survey_junk(survey, data):
    fields = data.draw(fuzzed(survey_field_names(survey)))
    with isolated() as client:
        before = counts(Response, Answer, Participation, InvitationCode)
        response = client.post(survey.url, fields)
        assert_handled(response, (200, 302))
        if response.status_code == 200:
            assert counts(Response, Answer, Participation, InvitationCode) == before
        else:
            stored = Response.objects.get()
            assert stored.user_id is None and stored.code_id is None
            assert stored.submitted_at is None


def _questions(survey):
    return {q.key: q for q in survey.questions.prefetch_related("choices")}


@FUZZ
@given(
    short=st.text(visible, max_size=20),
    long=st.text(visible, max_size=2000),
    other=st.text(visible, min_size=1, max_size=200).filter(str.strip),
    age=st.decimals(min_value=16, max_value=120, places=2),
    scale=st.integers(1, 7),
    rating=st.integers(1, 10),
    yes=st.sampled_from([0, 1]),
    pick=st.sampled_from(["agree", "disagree"]),
    many=st.sampled_from(["a", "b", "c"]),
)
def test_valid_survey_answers_are_stored_as_sent(
    survey, short, long, other, age, scale, rating, yes, pick, many
):
    questions = _questions(survey)

    def choice(key, code):
        return str(next(c.pk for c in questions[key].choices.all() if c.code == code))

    name = {key: SurveyForm.field_name(q) for key, q in questions.items()}
    data = {
        name["pick"]: choice("pick", pick),
        name["many"]: [choice("many", many), "other"],
        SurveyForm.other_name(questions["many"]): other,
        name["scale"]: str(scale),
        name["rating"]: str(rating),
        name["yn"]: str(yes),
        name["age"]: str(age),
        name["short"]: short,
        name["long"]: long,
        "website": "",
    }
    with isolated() as client:
        response = client.post(survey.url, data)
        assert response.status_code == 302, response.context["form"].errors
        stored = {}
        for answer in Answer.objects.select_related("question", "choice"):
            value = answer.choice.code if answer.choice else answer.text
            if answer.number is not None:
                value = answer.number
            stored.setdefault(answer.question.key, []).append(value)
        assert stored["pick"] == [pick]
        assert sorted(stored["many"]) == sorted([many, other.strip()])
        assert stored["scale"] == [scale]
        assert stored["rating"] == [rating]
        assert stored["yn"] == [yes]
        assert stored["age"] == [Decimal(age)]
        assert stored.get("short", [""]) == [short.strip()] if short.strip() else True
        assert stored.get("long", []) == ([long.strip()] if long.strip() else [])


def test_survey_does_not_reflect_markup(survey):
    text = marker()
    data = dict.fromkeys(survey_field_names(survey), text)
    data.pop("switch_language")
    with isolated() as client:
        response = client.post(survey.url, data)
        assert response.status_code == 200
        assert_not_reflected(response, text)
        assert Response.objects.count() == 0


# The contact form ----------------------------------------------------------------

CONTACT_NAMES = [
    "your_name",
    "your_email",
    "topic",
    "your_message",
    "age",
    "date_of_the_incident",
    "website_of_your_group",
    "website",
]


@FUZZ
@given(data=fuzzed(CONTACT_NAMES))
def test_contact_form_junk(contact, data):
    with isolated() as client:
        before = counts(FormSubmission)
        response = client.post(contact.url, data)
        assert_handled(response, (200,))
        if counts(FormSubmission) != before:
            assert len(mail.outbox) == 1
            stored = FormSubmission.objects.get().form_data
            assert stored["your_name"] == str(data["your_name"]).strip()
        else:
            assert mail.outbox == []


@FUZZ
@given(
    name=name_text,
    message=st.text(visible, min_size=1, max_size=5000).filter(str.strip),
    topic=st.sampled_from(["Forums", "Surveys", "Other"]),
    age=st.integers(min_value=-(10**6), max_value=10**6),
)
def test_valid_contact_message_is_stored_as_sent(contact, name, message, topic, age):
    data = {
        "your_name": name,
        "your_email": "dana@example.org",
        "topic": topic,
        "your_message": message,
        "age": str(age),
        "date_of_the_incident": "2026-02-28",
        "website_of_your_group": "https://example.org/group",
        "website": "",
    }
    with isolated() as client:
        response = client.post(contact.url, data)
        assert response.status_code == 200
        stored = FormSubmission.objects.get().form_data
        assert stored["your_name"] == name.strip()
        assert stored["your_message"] == message.strip()
        assert stored["topic"] == topic
        assert Decimal(str(stored["age"])) == age
        assert stored["date_of_the_incident"] == "2026-02-28"
        assert "website" not in stored


def test_contact_form_does_not_reflect_markup(contact):
    text = marker()
    data = dict.fromkeys(CONTACT_NAMES, text)
    with isolated() as client:
        response = client.post(contact.url, data)
        assert_not_reflected(response, text)
        assert FormSubmission.objects.count() == 0
        data.update(
            your_email="dana@example.org",
            topic="Other",
            age="",
            date_of_the_incident="",
            website_of_your_group="",
            website="",
        )
        response = client.post(contact.url, data)
        assert FormSubmission.objects.get().form_data["your_message"] == text
        assert_not_reflected(response, text)
        assert text not in mail.outbox[0].alternatives[0][0]


# Following a pledge ----------------------------------------------------------------


@FUZZ
@given(data=fuzzed(["email", "frequency", "language"]))
def test_follow_form_junk(pledge, data):
    with isolated() as client:
        response = client.post(f"/en/pledge-follow/{pledge.pk}/", data)
        assert_handled(response, (200, 400))
        if response.status_code == 400:
            assert PledgeFollower.objects.count() == 0
            assert mail.outbox == []
        else:
            follower = PledgeFollower.objects.get()
            assert follower.email == str(data["email"]).strip().lower()
            assert follower.confirmed_at is None


def test_follow_form_does_not_reflect_markup(pledge):
    text = marker()
    with isolated() as client:
        response = client.post(
            f"/en/pledge-follow/{pledge.pk}/",
            {"email": text, "frequency": text, "language": text},
        )
        assert response.status_code == 400
        assert_not_reflected(response, text)


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
]


@FEW
@given(query=fuzzed(["area", "language", "page", "start", "end", "forum", "q"]))
def test_odd_query_strings_on_get_endpoints(forum, survey, pledge, query):
    survey.results_public = True
    survey.save()
    values = {
        "forum": forum.pk,
        "survey": survey.pk,
        "survey_results": survey.url + "results/",
    }
    with isolated() as client:
        for pattern in GET_ENDPOINTS:
            response = client.get(pattern.format(**values), query)
            assert_handled(response, (200, 404))


# Wrong methods and content types ---------------------------------------------------


@pytest.fixture
def public_posts(forum, rsvp, survey, contact, pledge, follower, delivery):
    return [
        forum.url,
        survey.url,
        contact.url,
        f"/en/pledge-follow/{pledge.pk}/",
        f"/en/rsvp/{manage_token(rsvp)}/",
        f"/en/rsvp/{manage_token(rsvp)}/cancel/",
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
    from forums.distribution import ack_token

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
            assert response.status_code in (400, 401, 403)
            assert stored.status == delivery.status
