"""Residents send questions from their phones: anonymous, limited, and only while
the board is open."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation

from questions.models import Question
from tests.factories.engage import UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def submit_url(board, language="en"):
    with translation.override(language):
        return reverse("questions:submit", kwargs={"code": board.code})


def received_url(board, language="en"):
    with translation.override(language):
        return reverse("questions:received", kwargs={"code": board.code})


def data(**overrides):
    values = {"text": "¿Habrá más patrullas cerca de la escuela?", "language": "es"}
    values.update(overrides)
    return values


def test_a_question_is_stored_without_anything_about_who_sent_it(client, board):
    resident = UserFactory()
    sign_in(client, resident)  # even a signed-in resident stays anonymous
    response = client.post(
        submit_url(board, "es"),
        data(topic="youth"),
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Phone/1.0",
    )

    assert response.status_code == 302 and response.url == received_url(board, "es")
    question = Question.objects.get()
    stored = {
        field.attname: getattr(question, field.attname)
        for field in Question._meta.concrete_fields
    }
    minute = stored.pop("submitted_minute")
    assert (minute.second, minute.microsecond) == (0, 0)
    assert timezone.now() - minute < datetime.timedelta(minutes=2)
    assert stored == {
        "id": question.pk,
        "board_id": board.pk,
        "text": "¿Habrá más patrullas cerca de la escuela?",
        "language": "es",
        "topic": "youth",
        "status": "pending",
        "position": 0,
        "supporters": 1,
        "merged_into_id": None,
        "translation": "",
        "answered_at": None,
        "answer_note": "",
        "added_to_summary_at": None,
        "answer_added_to_summary_at": None,
        "action_item_added_at": None,
    }
    values = " ".join(str(value) for value in stored.values())
    for personal in ("203.0.113.9", "Phone/1.0", resident.email, resident.username):
        assert personal not in values


def test_an_anonymous_phone_gets_no_session(client, board):
    page = client.get(submit_url(board, "ko"))
    assert page.status_code == 200
    html = page.content.decode()
    # The page's language, named in its own.
    assert '<option value="ko" selected lang="ko" dir="ltr">' in html
    assert 'name="website"' in html  # the honeypot
    response = client.post(submit_url(board, "ko"), data(language="ko", text="질문"))
    assert response.status_code == 302
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    received = client.get(response.url)
    assert received.status_code == 200
    assert Question.objects.get().language == "ko"


def test_the_received_page_says_a_moderator_will_review_it(client, board):
    response = client.get(received_url(board))
    assert response.status_code == 200
    assert "A moderator will review it" in response.content.decode()


def test_the_honeypot_stores_nothing(client, board):
    response = client.post(submit_url(board), data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Leave this field empty." in response.content.decode()
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    "overrides,error",
    [
        ({"text": "   "}, "This field is required."),
        ({"text": "x" * 501}, "Ensure this value has at most 500 characters"),
        ({"language": "fr"}, "Select a valid choice."),
        ({"topic": "gossip"}, "Select a valid choice."),
        ({"text": "nul\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, board, overrides, error):
    response = client.post(submit_url(board), data(**overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Question.objects.count() == 0


def test_an_unknown_link_is_a_clear_404(client, board):
    response = client.get("/en/q/zzzzzzzz/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.post("/en/q/zzzzzzzz/", data()).status_code == 404
    assert Question.objects.count() == 0


def test_a_code_typed_in_capitals_still_works(client, board):
    response = client.get(f"/en/q/{board.code.upper()}/")
    assert response.status_code == 200


def test_the_short_link_without_a_language_goes_to_the_phone_language(client, board):
    response = client.get(f"/q/{board.code}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302 and response.url == f"/ar/q/{board.code}/"


def test_a_board_the_organizer_closed_answers_410_and_stores_nothing(client, board):
    board.closed_at = timezone.now()
    board.save()
    page = client.get(submit_url(board))
    assert page.status_code == 410
    assert "Questions are closed" in page.content.decode()
    assert client.post(submit_url(board), data()).status_code == 410
    assert Question.objects.count() == 0


def test_the_board_closes_by_itself_hours_after_the_forum(client, board):
    forum = board.forum
    forum.end = timezone.now() - datetime.timedelta(hours=3, minutes=1)
    forum.start = forum.end - datetime.timedelta(hours=2)
    forum.save()
    assert client.post(submit_url(board), data()).status_code == 410
    assert Question.objects.count() == 0
    forum.end = timezone.now() - datetime.timedelta(hours=2, minutes=59)
    forum.save()
    assert client.post(submit_url(board), data()).status_code == 302


def test_an_unpublished_forum_has_no_questions_page(client, board):
    board.forum.unpublish()
    assert client.get(submit_url(board)).status_code == 404


def test_sending_is_rate_limited_per_client_and_stores_nothing_over_it(
    client, board, settings, steady_counters
):
    settings.ENGAGE_RATE_LIMITS_ENABLED = True
    settings.ENGAGE_RATE_LIMITS = [
        {**rule, "rate": "2/m"} for rule in django_settings.ENGAGE_RATE_LIMITS
    ]
    for _number in range(2):
        assert client.post(submit_url(board, "es"), data()).status_code == 302
    response = client.post(submit_url(board, "es"), data())
    assert response.status_code == 429
    assert '<html lang="es"' in response.content.decode()
    assert Question.objects.count() == 2
    # Another phone in the room (another address) still gets through.
    other = client.post(submit_url(board, "es"), data(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
    assert Question.objects.count() == 3


def test_the_privacy_page_says_what_a_question_keeps(client, home):
    page = client.get(reverse("privacy")).content.decode()
    assert "Questions sent during a forum" in page
    assert "No name, no account, no internet address and no cookie" in page
