"""Strategies and helpers for the generated-abuse tests (test_fuzz_*.py).

Each HTTP example runs in its own savepoint that is rolled back, with a fresh
client, an empty cache and an empty outbox, so examples cannot see each other's
rows, cookies or rate-limit counters. Form-level examples need none of that: a
form stores nothing.
"""

import uuid
from contextlib import contextmanager

from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

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


def posted(data):
    """``data`` as a form receives it from a POST: every value a string, a
    repeated field as several values."""
    return MultiValueDict(
        {
            name: [str(item) for item in value]
            if isinstance(value, list)
            else [str(value)]
            for name, value in data.items()
        }
    )


def render(form):
    """Render every field with what was sent, as the page does after an error."""
    return str(form)


def assert_shows_errors(response, form):
    """The page shows each of the form's error messages."""
    body = response.content.decode()
    assert form.errors
    for messages in form.errors.values():
        for message in messages:
            assert escape(message) in body, message
