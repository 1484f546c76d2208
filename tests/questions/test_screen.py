"""The projector screen: approved questions only, each in its own language and
direction with the moderators' translation beside it; it reloads itself."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.questions import make_question

pytestmark = pytest.mark.django_db


def screen_url(board, language="en"):
    with translation.override(language):
        return reverse("questions:screen", kwargs={"key": board.display_key})


def test_the_screen_shows_only_approved_unanswered_questions(client, board):
    make_question(board, "Pending one")
    make_question(board, "Rejected one", status="rejected")
    answered = make_question(board, "Answered one", status="approved")
    answered.answered_at = answered.submitted_minute
    answered.save()
    make_question(board, "¿Quién patrulla de noche?", language="es", status="approved")
    arabic = make_question(
        board, "متى تُصلح إشارات المرور؟", language="ar", status="approved"
    )
    arabic.translation = "When will the traffic lights be fixed?"
    arabic.supporters = 2
    arabic.save()

    response = client.get(screen_url(board))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert '<meta http-equiv="refresh" content="10">' in html
    assert "<script" not in html
    for hidden in ("Pending one", "Rejected one", "Answered one"):
        assert hidden not in html
    assert (
        '<p class="question-screen__text" lang="es" dir="ltr">'
        "¿Quién patrulla de noche?</p>"
    ) in html
    assert (
        '<p class="question-screen__text" lang="ar" dir="rtl">'
        "متى تُصلح إشارات المرور؟</p>"
    ) in html
    assert (
        '<p class="question-screen__translation" lang="en" dir="ltr">'
        "When will the traffic lights be fixed?</p>"
    ) in html
    assert "2 people ask this" in html
    # In the moderators' order: Spanish first, approved first.
    assert html.index("¿Quién") < html.index("متى")


def test_the_screen_shows_the_short_link_and_its_qr_code(client, board):
    html = client.get(screen_url(board)).content.decode()
    assert f"testserver/q/{board.code}/" in html
    assert re.search(r"<svg[^>]*>.*QR code of the link", html, re.S)


def test_a_closed_board_keeps_its_screen_without_the_link(client, board):
    make_question(board, "Still on screen", status="approved")
    board.closed_at = board.opened_at
    board.save()
    html = client.get(screen_url(board)).content.decode()
    assert "Still on screen" in html and "Questions are closed" in html
    assert f"/q/{board.code}/" not in html


def test_the_screen_in_arabic_is_right_to_left(client, board):
    html = client.get(screen_url(board, "ar")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_a_guessed_screen_link_is_404(client, board):
    response = client.get(screen_url(board).replace(board.display_key, "guess"))
    assert response.status_code == 404
    # The submit code does not open the screen either.
    url = screen_url(board).replace(board.display_key, board.code)
    assert client.get(url).status_code == 404


def test_markup_in_a_question_is_shown_as_text(organizer, board):
    make_question(board, "<script>alert(1)</script>", status="approved")
    for url in (
        screen_url(board),
        reverse("questions_admin:moderate", args=[board.forum_id]),
    ):
        html = organizer.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html
