"""The site's own operator as the adversary of an anonymous survey.

Twelve attendees are emailed a code each, in their own languages, and answer in
an order the operator does not know; each answer carries a number that tells
the test (never the operator) whose it is. The operator then tries every trace
the issue found: the database (PostgreSQL's transaction ids, row order, keys,
languages, timestamps), the task table of the database task backend, the access
log and the page cache. A matching that follows a real signal gets all twelve
right; one that follows noise gets about one right (a random permutation has
one fixed point on average), and seven or more happen by chance less than once
in ten thousand tries, which is where "better than chance" starts here.

Inside a test's transaction every ``transaction.atomic`` block is a savepoint,
which PostgreSQL gives its own transaction id: the ids seen here are the ones
separate requests would leave. Run on PostgreSQL with ``DATABASE_URL``.
"""

import io
import json
import logging
import random
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, models
from django.test import Client
from django_tasks_db.models import DBTaskResult

from engage.i18n import LANGUAGE_CODES
from forums.models import RSVP
from surveys import services
from surveys.models import (
    Answer,
    Audience,
    CodeRecipient,
    InvitationCode,
    Participation,
    QuestionKind,
    Response,
    SurveyPage,
)
from tests.factories.engage import UserFactory
from tests.factories.forums import make_past_forum, make_rsvp
from tests.factories.surveys import make_survey

from .test_answering import q

pytestmark = pytest.mark.django_db

PEOPLE = 12
# Fewer right than this is what guessing gets (P(7+ of 12) < 1e-4).
BETTER_THAN_CHANCE = 7


def right_guesses(first, second, truth):
    """How many pairs an adversary gets right by matching the i-th item of
    ``first`` with the i-th of ``second``; ``truth`` maps first to second."""
    return sum(truth.get(a) == b for a, b in zip(first, second, strict=False))


def assert_no_better_than_chance(first, second, truth, signal):
    hits = right_guesses(first, second, truth)
    assert hits < BETTER_THAN_CHANCE, f"{signal} matched {hits} of {len(truth)}"


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def stored_order(model, where):
    """Primary keys in the order the database hands rows back unasked (heap
    order on PostgreSQL, rowid order on SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {_table(model)} WHERE {where}")  # noqa: S608
        return [model._meta.pk.to_python(row[0]) for row in cursor.fetchall()]


def write_order(model, where):
    """Primary keys by the database's own record of when each row was written:
    PostgreSQL's ``xmin`` (transaction id), SQLite's ``rowid``."""
    column = "xmin::text::bigint" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {column} FROM {_table(model)} WHERE {where}"  # noqa: S608
        )
        rows = cursor.fetchall()
    return [model._meta.pk.to_python(pk) for pk, _w in sorted(rows, key=lambda r: r[1])]


def transaction_ids(model, where):
    """Primary key -> PostgreSQL transaction id that wrote the row."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, xmin::text FROM {_table(model)} WHERE {where}"  # noqa: S608
        )
        return {model._meta.pk.to_python(pk): xid for pk, xid in cursor.fetchall()}


@pytest.fixture
def forum(home):
    return make_past_forum(home, title="Eastside forum")


@pytest.fixture
def invited(survey_index, forum):
    survey = make_survey(
        survey_index,
        [{"key": "n", "kind": QuestionKind.NUMBER, "min_value": 0, "max_value": 99}],
        title="Forum feedback",
        audience=Audience.INVITED,
    )
    survey.forum = forum
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


@pytest.fixture
def attendees(forum):
    return [
        make_rsvp(
            forum,
            f"person{i}@example.org",
            language=LANGUAGE_CODES[i % len(LANGUAGE_CODES)],
        )
        for i in range(PEOPLE)
    ]


@pytest.fixture
def access_log():
    """What the development server's access log writes, through the handler
    and filters of ``settings.LOGGING``."""
    handler = logging.getLogger("django.server").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def every_log_line():
    """Every record any logger emits meanwhile, before any redaction."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    keep = Keep(level=logging.DEBUG)
    names = ["", "engage", "django", "django.server", "surveys", "django_tasks"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(keep)
        logger.setLevel(logging.DEBUG)
    yield records
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(keep)
        logger.setLevel(level)


def browse(client, url, data=None):
    """A browser following ``url``: the part after "#" stays in the browser;
    the request line goes to the access log as the server writes it."""
    address, _fragment = urldefrag(url)
    parts = urlsplit(address)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.post(path, data) if data is not None else client.get(path)
    method = "POST" if data is not None else "GET"
    logging.getLogger("django.server").info(
        '"%s" %s %s',
        f"{method} {path} HTTP/1.1",
        response.status_code,
        len(response.content),
        extra={"status_code": response.status_code, "request": None},
    )
    return response


def invitations(attendees):
    """Ground truth the operator lacks: address -> code, from the emails."""
    codes = {code.display_code: code for code in InvitationCode.objects.all()}
    sent = {}
    for message in mail.outbox:
        [shown] = [value for value in codes if value in message.body]
        sent[message.to[0]] = codes[shown]
    assert len(sent) == PEOPLE
    return sent


def answer_all(invited, attendees, sent):
    """Each person follows their link and answers, in a random order, with a
    number that tells the test which response is theirs."""
    order = list(range(PEOPLE))
    random.shuffle(order)
    for i in order:
        email = attendees[i].email
        [message] = [m for m in mail.outbox if m.to == [email]]
        link = next(w for w in message.body.split() if "#code=" in w)
        fragment = urldefrag(link).fragment
        client = Client()
        page = browse(client, link)
        assert page.status_code == 200 and sent[email].code not in page.content.decode()
        data = {f"q{q(invited, 'n').pk}": str(i), "code": fragment.split("=")[1]}
        assert browse(client, link, data).status_code == 302
    return order


def response_of(person_number):
    return Answer.objects.get(number=person_number).response_id


@pytest.fixture
def answered(invited, attendees, access_log, every_log_line):
    services.email_attendee_codes(invited)
    sent = invitations(attendees)
    order = answer_all(invited, attendees, sent)
    assert Response.objects.filter(survey=invited).count() == PEOPLE
    assert not InvitationCode.objects.filter(used=False).exists()
    code_of_response = {
        response_of(i): sent[attendees[i].email].pk for i in range(PEOPLE)
    }
    return {
        "sent": sent,
        "order": order,
        "code_of_response": code_of_response,
        "access_log": access_log.getvalue(),
        "log_lines": every_log_line,
    }


# The database ------------------------------------------------------------------------


def test_codes_say_nothing_about_their_recipient(invited, attendees, answered):
    fields = {f.name for f in InvitationCode._meta.concrete_fields}
    assert fields == {
        "id",
        "survey",
        "code",
        "email",
        "batch",
        "issued_on",
        "expires_on",
        "used",
    }
    codes = InvitationCode.objects.filter(survey=invited)
    assert set(codes.values_list("email", flat=True)) == {""}
    assert set(codes.values_list("batch", flat=True)) == {"Eastside forum"}
    assert len(set(codes.values_list("issued_on", flat=True))) == 1
    # The attendee list's order (RSVP ids, the hashes' rows) against code ids.
    truth = {
        attendee.email: answered["sent"][attendee.email].pk for attendee in attendees
    }
    people = [r.email for r in RSVP.objects.filter(forum=invited.forum).order_by("pk")]
    by_id = list(codes.order_by("pk").values_list("pk", flat=True))
    assert_no_better_than_chance(people, by_id, truth, "code ids")
    by_code = list(codes.order_by("code").values_list("pk", flat=True))
    assert_no_better_than_chance(people, by_code, truth, "code values")


def test_no_order_or_transaction_links_a_response_to_its_code(invited, answered):
    truth = answered["code_of_response"]
    where = f"survey_id = {invited.pk}"
    for signal, reader in [("write order", write_order), ("row order", stored_order)]:
        responses = reader(Response, where)
        codes = reader(InvitationCode, where)
        assert_no_better_than_chance(responses, codes, truth, signal)
        assert_no_better_than_chance(responses[::-1], codes, truth, signal)
    by_key = sorted(truth, key=str)
    codes_by_id = list(
        InvitationCode.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert_no_better_than_chance(by_key, codes_by_id, truth, "response keys")
    if connection.vendor == "postgresql":
        codes = transaction_ids(InvitationCode, where)
        assert len(set(codes.values())) == 1
        for response, xid in transaction_ids(Response, where).items():
            sharing = {code for code, code_xid in codes.items() if code_xid == xid}
            # Either no code was written with it, or every used code was.
            assert sharing in (set(), set(codes)), response


def test_answers_keep_only_the_day(invited, answered):
    for model in (Response, Answer, InvitationCode, CodeRecipient, Participation):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField) or (
                model is Response and field.name == "submitted_at"
            ), f"{model.__name__}.{field.name}"
    assert set(Response.objects.values_list("submitted_at", flat=True)) == {None}
    assert set(Response.objects.values_list("code", "user")) == {(None, None)}


def test_taking_part_is_not_linked_to_the_answers(survey_index):
    """Signed-in residents: who took part is known, never which answer."""
    survey = make_survey(
        survey_index,
        [{"key": "n", "kind": QuestionKind.NUMBER, "min_value": 0, "max_value": 99}],
        audience=Audience.RESIDENTS,
    )
    users = [UserFactory() for _i in range(PEOPLE)]
    order = list(range(PEOPLE))
    random.shuffle(order)
    for i in order:
        client = Client()
        client.force_login(users[i])
        data = {f"q{q(survey, 'n').pk}": str(i)}
        assert client.post(survey.url, data).status_code == 302
    participation = {
        p.pk: p.user_id for p in Participation.objects.filter(survey=survey)
    }
    assert sorted(participation.values()) == sorted(u.pk for u in users)
    truth = {response_of(i): users[i].pk for i in range(PEOPLE)}
    where = f"survey_id = {survey.pk}"
    for signal, reader in [("write order", write_order), ("row order", stored_order)]:
        responses = reader(Response, where)
        people = [participation[pk] for pk in reader(Participation, where)]
        assert_no_better_than_chance(responses, people, truth, signal)
        assert_no_better_than_chance(responses[::-1], people, truth, signal)
    by_id = [participation[pk] for pk in sorted(participation)]
    assert_no_better_than_chance(sorted(truth, key=str), by_id, truth, "keys")
    if connection.vendor == "postgresql":
        people = transaction_ids(Participation, where)
        assert len(set(people.values())) == 1
        for xid in transaction_ids(Response, where).values():
            sharing = {pk for pk, other in people.items() if other == xid}
            assert sharing in (set(), set(people))
    # Each still answers once.
    client = Client()
    client.force_login(users[0])
    assert client.post(survey.url, {f"q{q(survey, 'n').pk}": "1"}).status_code == 200
    assert Response.objects.filter(survey=survey).count() == PEOPLE


def test_a_response_that_cannot_be_stored_gives_its_code_back(invited, monkeypatch):
    code = services.issue_printed_codes(invited, 1)[0]

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.mixing, "mix", broken)
    with pytest.raises(RuntimeError):
        services.submit_response(invited, [], language="en", invitation=code)
    code.refresh_from_db()
    assert not code.used and not Response.objects.exists()


# The task table --------------------------------------------------------------------


@pytest.fixture
def task_table(settings):
    """The database task backend (the setting's change resets the backends)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_as_the_worker_does(queued):
    """``db_worker``'s steps for one task, minus closing the test's connection."""
    queued.claim("worker")
    task_result = queued.task_result
    queued.set_successful(queued.task.call(*task_result.args, **task_result.kwargs))


def test_task_table_never_holds_a_code_or_an_address(
    invited, attendees, task_table, every_log_line
):
    outcome = services.email_attendee_codes(invited)
    assert outcome.emailed == PEOPLE and not InvitationCode.objects.exists()
    [queued] = DBTaskResult.objects.all()
    assert json.loads(json.dumps(queued.args_kwargs))["args"][0] == invited.pk
    assert "@" not in json.dumps(queued.args_kwargs)
    run_as_the_worker_does(queued)
    assert len(mail.outbox) == PEOPLE
    sent = invitations(attendees)
    codes = {code.code for code in sent.values()} | {
        code.display_code for code in sent.values()
    }
    for row in DBTaskResult.objects.values_list():
        text = json.dumps([str(value) for value in row])
        assert not any(value in text for value in codes)
        assert "@" not in text
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # The task names people only by RSVP id, in id order: nothing ties an id
    # to a code better than chance.
    ids = queued.args_kwargs["args"][1]
    by_rsvp = {rsvp.pk: sent[rsvp.email].pk for rsvp in attendees}
    code_ids = list(InvitationCode.objects.order_by("pk").values_list("pk", flat=True))
    assert_no_better_than_chance(ids, code_ids, by_rsvp, "task arguments")
    assert not any(code in line for line in every_log_line for code in codes), (
        "a log line holds a code"
    )


# Logs and the page cache -----------------------------------------------------------


def test_no_log_line_holds_a_code(answered):
    codes = set()
    for code in answered["sent"].values():
        codes |= {code.code, code.display_code, code.code.lower()}
    log = answered["access_log"]
    assert log.count('"GET /') == PEOPLE
    assert log.count('"POST /') == PEOPLE
    assert not any(code in log for code in codes)
    assert not any(code in line for line in answered["log_lines"] for code in codes)
    assert "?code" not in log


def test_an_old_link_with_the_code_in_the_query_is_masked_in_the_log(
    invited, access_log
):
    code = services.issue_printed_codes(invited, 1)[0]
    response = browse(Client(), f"http://testserver{invited.url}?code={code.code}")
    assert response.status_code == 302
    assert response["Location"] == f"{invited.url}#code={code.code}"
    line = access_log.getvalue()
    assert f'"GET {invited.url}?code=[code] HTTP/1.1" 302' in line
    assert code.code not in line


def test_the_page_cache_never_stores_a_code(invited, attendees):
    assert settings.ENGAGE_PAGE_CACHE_SECONDS > 0
    services.email_attendee_codes(invited)
    sent = invitations(attendees)
    reader = Client()
    stored = []
    for code in sent.values():
        first = browse(reader, f"http://testserver{invited.url}#code={code.code}")
        stored.append(first.get("X-Engage-Cache"))
        old = browse(Client(), f"http://testserver{invited.url}?code={code.code}")
        assert old.status_code == 302 and "X-Engage-Cache" not in old
    assert stored[0] == "miss" and set(stored[1:]) == {"hit"}
    everything = b"".join(
        key.encode() + bytes(value) for key, value in cache._cache.items()
    )
    for code in sent.values():
        assert code.code.encode() not in everything
        assert code.display_code.encode() not in everything
