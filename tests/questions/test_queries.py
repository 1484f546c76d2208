"""The public question pages cost the same queries with few or many questions."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.questions import make_question
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def add_questions(board, count):
    for number in range(count):
        make_question(
            board,
            f"Question {number}",
            language=("es", "ar", "ko")[number % 3],
            status="approved" if number % 2 else "pending",
            translation=f"Translation {number}",
        )


@pytest.mark.parametrize("name", ["submit", "received"])
def test_phone_pages_do_not_grow(client, board, name):
    with translation.override("es"):
        url = reverse(f"questions:{name}", kwargs={"code": board.code})
    add_questions(board, 2)
    few = count_queries(client, url)
    add_questions(board, 40)
    assert count_queries(client, url) == few
    assert few <= 12


def test_the_screen_does_not_grow(client, board):
    url = reverse("questions:screen", kwargs={"key": board.display_key})
    add_questions(board, 4)
    few = count_queries(client, url)
    add_questions(board, 60)
    assert count_queries(client, url) == few
    assert few <= 12
