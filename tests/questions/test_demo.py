"""The demo opens questions on the next demo forum, once."""

import io

import pytest
from django.core.management import call_command

from questions.models import Question, QuestionBoard

pytestmark = pytest.mark.django_db


def test_the_demo_opens_questions_on_the_next_forum(full_demo, client):
    board = QuestionBoard.objects.get()
    assert board.is_open()
    assert board.forum.start == min(
        forum.start
        for forum in type(board.forum).objects.filter(series=board.forum.series)
        if forum.end >= board.opened_at
    )
    assert sorted(board.questions.values_list("language", "status")) == [
        ("en", "approved"),
        ("es", "approved"),
        ("ko", "pending"),
        ("vi", "approved"),
    ]
    screen = client.get(f"/en/questions/screen/{board.display_key}/")
    assert screen.status_code == 200
    assert "Can officers come by the park more often" in screen.content.decode()

    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    assert QuestionBoard.objects.count() == 1 and Question.objects.count() == 4
