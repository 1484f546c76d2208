"""Live question boards and the questions residents send to them."""

from django.utils import timezone

from questions import moderation
from questions.choices import QuestionStatus
from questions.models import Question


def make_board(forum, room_language="en"):
    return moderation.open_board(forum, room_language)


def make_question(board, text="Why are the streetlights out on Elm?", **fields):
    """A question as if sent from a phone; ``status="approved"`` puts it on the
    screen at the end of the list."""
    status = fields.pop("status", QuestionStatus.PENDING)
    fields.setdefault("language", "en")
    question = Question.objects.create(
        board=board,
        text=text,
        submitted_minute=timezone.now().replace(second=0, microsecond=0),
        **fields,
    )
    if status == QuestionStatus.APPROVED:
        question = moderation.approve(question)
    elif status != QuestionStatus.PENDING:
        question.status = status
        question.save(update_fields=["status"])
    return question
