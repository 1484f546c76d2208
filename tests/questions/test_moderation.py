"""Moderators of the forum, and only they, open the board and approve, reject,
merge, answer and order its questions; every button is safe to press twice."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from forums.roles import ORGANIZERS
from questions.choices import QuestionStatus
from questions.models import CODE_LENGTH, Question, QuestionBoard
from tests.factories.engage import UserFactory
from tests.factories.forums import make_forum
from tests.factories.questions import make_board, make_question
from tests.helpers import login_redirect, sign_in

pytestmark = pytest.mark.django_db


def moderate_url(forum):
    return reverse("questions_admin:moderate", args=[forum.pk])


def action_url(question, action):
    return reverse(
        "questions_admin:question",
        args=[question.board.forum_id, question.pk, action],
    )


def statuses():
    return dict(Question.objects.values_list("text", "status"))


@pytest.fixture
def other_organizer(client, forum_index, organizer_user, django_user_model):
    """An organizer of another forum, in the same group with the same page rights."""
    user = django_user_model.objects.create_user("other", "other@example.org", "pw")
    user.groups.add(Group.objects.get(name=ORGANIZERS))
    make_forum(forum_index, owner=user, title="Westside forum")
    return sign_in(client, user)


def test_a_stranger_is_sent_to_sign_in(client, board):
    question = make_question(board)
    response = client.get(moderate_url(board.forum))
    assert response.status_code == 302
    assert response.url == login_redirect(moderate_url(board.forum))
    response = client.post(action_url(question, "approve"))
    assert response.status_code == 302
    assert response.url == login_redirect(action_url(question, "approve"))
    assert statuses() == {question.text: "pending"}


def test_a_resident_is_refused(client, board):
    question = make_question(board)
    sign_in(client, UserFactory())
    assert client.get(moderate_url(board.forum)).status_code == 403
    assert client.post(action_url(question, "approve")).status_code == 403
    assert statuses() == {question.text: "pending"}


def test_an_organizer_of_another_forum_is_refused(other_organizer, board):
    question = make_question(board)
    page = other_organizer.get(moderate_url(board.forum))
    assert page.status_code == 403
    assert "Only the organizers of this forum" in page.content.decode()
    assert other_organizer.post(action_url(question, "approve")).status_code == 403
    for name in ("questions_admin:close", "questions_admin:add_to_summary"):
        url = reverse(name, args=[board.forum_id])
        assert other_organizer.post(url).status_code == 403
    board.refresh_from_db()
    assert board.closed_at is None
    assert statuses() == {question.text: "pending"}


def test_the_forum_overview_links_to_live_questions(organizer, forum):
    overview = organizer.get(reverse("forums_admin:overview", args=[forum.pk]))
    assert moderate_url(forum) in overview.content.decode()


def test_the_organizer_opens_and_closes_questions(organizer, forum):
    page = organizer.get(moderate_url(forum))
    assert page.status_code == 200 and "Open questions" in page.content.decode()

    open_url = reverse("questions_admin:open", args=[forum.pk])
    response = organizer.post(open_url, {"room_language": "es"})
    assert response.status_code == 302 and response.url == moderate_url(forum)
    board = QuestionBoard.objects.get(forum=forum)
    assert len(board.code) == CODE_LENGTH and len(board.display_key) >= 32
    assert board.room_language == "es" and board.is_open()
    organizer.post(open_url, {"room_language": "es"})  # a second press
    assert QuestionBoard.objects.get(forum=forum).code == board.code

    page = organizer.get(moderate_url(forum)).content.decode()
    assert f"/q/{board.code}/" in page
    assert f"/es/questions/screen/{board.display_key}/" in page

    organizer.post(reverse("questions_admin:close", args=[forum.pk]))
    board.refresh_from_db()
    assert board.closed_at is not None and not board.is_open()
    organizer.post(open_url, {"room_language": "en"})
    board.refresh_from_db()
    assert board.is_open() and board.room_language == "en"


def test_a_forum_long_over_cannot_be_opened(organizer, forum):
    forum.end = timezone.now() - datetime.timedelta(days=2)
    forum.start = forum.end - datetime.timedelta(hours=2)
    forum.save()
    response = organizer.post(
        reverse("questions_admin:open", args=[forum.pk]), {"room_language": "en"}
    )
    assert response.status_code == 302
    assert not QuestionBoard.objects.exists()


def test_approve_and_reject_twice_is_harmless(organizer, board):
    first = make_question(board, "First")
    second = make_question(board, "Second")
    for _press in range(2):
        response = organizer.post(action_url(first, "approve"))
        organizer.post(action_url(second, "reject"))
    assert response.status_code == 302
    assert response.url == f"{moderate_url(board.forum)}#q-{first.pk}"
    assert statuses() == {"First": "approved", "Second": "rejected"}
    assert Question.objects.get(pk=first.pk).position == 1


def test_merging_hides_the_question_and_counts_one_more_person(organizer, board):
    target = make_question(board, "Streetlights on Elm", status="approved")
    same = make_question(board, "Elm Street is dark at night")
    again = make_question(board, "Lights out on Elm again")
    organizer.post(action_url(again, "merge"), {"into": same.pk})
    for _press in range(2):
        organizer.post(action_url(same, "merge"), {"into": target.pk})
    target.refresh_from_db()
    assert target.supporters == 3
    assert statuses() == {
        "Streetlights on Elm": "approved",
        "Elm Street is dark at night": "merged",
        "Lights out on Elm again": "merged",
    }
    assert set(target.merged.values_list("text", flat=True)) == {
        "Elm Street is dark at night",
        "Lights out on Elm again",
    }
    page = organizer.get(moderate_url(board.forum)).content.decode()
    assert "Elm Street is dark at night" not in page
    assert "3 people ask this" in page


def test_a_question_cannot_be_merged_into_another_forums(organizer, board, forum_index):
    elsewhere = make_question(make_board(make_forum(forum_index)), "Elsewhere")
    question = make_question(board, "Here")
    response = organizer.post(action_url(question, "merge"), {"into": elsewhere.pk})
    assert response.status_code == 302
    assert statuses() == {"Elsewhere": "pending", "Here": "pending"}
    other_url = reverse(
        "questions_admin:question", args=[board.forum_id, elsewhere.pk, "approve"]
    )
    # Not found here: the admin's 404 goes on to the language-prefixed path.
    assert organizer.post(other_url).url == f"/en{other_url}"
    assert statuses() == {"Elsewhere": "pending", "Here": "pending"}


def test_mark_answered_with_a_note(organizer, board):
    question = make_question(board, "When do patrols change?", status="approved")
    for _press in range(2):
        organizer.post(action_url(question, "answer"), {"note": "In January."})
    question.refresh_from_db()
    assert question.is_answered and question.answer_note == "In January."
    assert list(board.questions.on_screen()) == []
    organizer.post(action_url(question, "reopen"))
    assert list(board.questions.on_screen()) == [question]


def test_a_pending_question_cannot_be_answered(organizer, board):
    question = make_question(board)
    organizer.post(action_url(question, "answer"), {"note": "No."})
    question.refresh_from_db()
    assert not question.is_answered and question.answer_note == ""


def test_moving_up_twice_from_the_same_page_moves_once(organizer, board):
    a, b, c = (make_question(board, name, status="approved") for name in "ABC")
    seen = c.position
    for _press in range(2):
        organizer.post(action_url(c, "move"), {"direction": "up", "position": seen})
    assert [q.text for q in board.questions.on_screen()] == ["A", "C", "B"]
    c.refresh_from_db()
    organizer.post(action_url(c, "move"), {"direction": "down", "position": c.position})
    assert [q.text for q in board.questions.on_screen()] == ["A", "B", "C"]
    organizer.post(action_url(a, "move"), {"direction": "up", "position": "x"})
    assert [q.text for q in board.questions.on_screen()] == ["A", "B", "C"]


def test_a_translation_into_the_room_language(organizer, board):
    question = make_question(board, "안전한가요?", language="ko", status="approved")
    organizer.post(action_url(question, "translate"), {"translation": "Is it safe?"})
    question.refresh_from_db()
    assert question.translation == "Is it safe?"
    too_long = organizer.post(
        action_url(question, "translate"), {"translation": "x" * 1001}
    )
    assert too_long.status_code == 302
    question.refresh_from_db()
    assert question.translation == "Is it safe?"


def test_an_unknown_action_does_nothing_and_get_is_refused(organizer, board):
    question = make_question(board)
    url = action_url(question, "delete")
    assert organizer.post(url).url == f"/en{url}"  # not found, as above
    assert organizer.get(action_url(question, "approve")).status_code == 405
    assert statuses() == {question.text: QuestionStatus.PENDING}


def test_the_moderators_page_lists_each_kind(organizer, board):
    from tests.factories.outcomes import make_summary

    make_question(board, "Waiting")
    make_question(board, "متى؟", language="ar", status="approved")
    done = make_question(board, "Done", status="approved")
    organizer.post(action_url(done, "answer"), {"note": "Answered tonight."})
    make_question(board, "Spam", status="rejected")
    make_summary(board.forum, publish=False)

    page = organizer.get(moderate_url(board.forum))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Waiting for review (1)" in html
    assert "On the screen (1)" in html
    assert "Answered (1)" in html
    assert "1 question rejected." in html
    assert '<p class="question-card__text" lang="ar" dir="rtl">متى؟</p>' in html
    assert "Answered tonight." in html
    assert "Add approved questions to the summary draft" in html
    assert html.count("Make an action item") == 2
