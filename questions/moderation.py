"""What happens to a board and its questions: opening, sending, moderating.

Every moderator action is safe to repeat: a second press of the same button (a
double tap, a page sent twice) finds the question already in the state asked
for, or its position already changed, and does nothing.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from .choices import QuestionStatus
from .models import Question, QuestionBoard, new_code, new_display_key


class BoardClosed(Exception):
    """The board stopped taking questions."""


def open_board(forum, room_language):
    """Open (or open again) the forum's board; the links stay the same."""
    board = QuestionBoard.objects.filter(forum=forum).first()
    if board is None:
        return QuestionBoard.objects.create(
            forum=forum,
            code=_unused(new_code, "code"),
            display_key=_unused(new_display_key, "display_key"),
            room_language=room_language,
        )
    board.room_language = room_language
    board.closed_at = None
    board.save(update_fields=["room_language", "closed_at"])
    return board


def _unused(make, field):
    while True:
        value = make()
        if not QuestionBoard.objects.filter(**{field: value}).exists():
            return value


def close_board(board):
    if board.closed_at is None:
        board.closed_at = timezone.now()
        board.save(update_fields=["closed_at"])


def submit_question(board, text, language, topic=""):
    """Store one anonymous question; refused once the board is closed."""
    with transaction.atomic():
        board = QuestionBoard.objects.select_for_update().get(pk=board.pk)
        if not board.is_open():
            raise BoardClosed
        return Question.objects.create(
            board=board,
            text=text,
            language=language,
            topic=topic,
            submitted_minute=timezone.now().replace(second=0, microsecond=0),
        )


def _locked(question):
    return Question.objects.select_for_update().get(pk=question.pk)


def _next_position(board):
    last = board.questions.approved().aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def approve(question):
    """Pending or rejected -> approved, at the end of the screen's list."""
    question = _locked(question)
    if question.status in (QuestionStatus.PENDING, QuestionStatus.REJECTED):
        question.status = QuestionStatus.APPROVED
        question.position = _next_position(question.board)
        question.save(update_fields=["status", "position"])
    return question


@transaction.atomic
def reject(question):
    question = _locked(question)
    if question.status in (QuestionStatus.PENDING, QuestionStatus.APPROVED):
        question.status = QuestionStatus.REJECTED
        question.save(update_fields=["status"])
    return question


@transaction.atomic
def merge(source, target):
    """Hide ``source`` behind ``target``: one more person asking the same thing.
    False when either is no longer a question one can merge."""
    pair = {
        q.pk: q
        for q in Question.objects.select_for_update().filter(
            pk__in=[source.pk, target.pk], board_id=source.board_id
        )
    }
    source, target = pair.get(source.pk), pair.get(target.pk)
    mergeable = (QuestionStatus.PENDING, QuestionStatus.APPROVED)
    if (
        source is None
        or target is None
        or source.pk == target.pk
        or source.status not in mergeable
        or target.status not in mergeable
    ):
        return False
    Question.objects.filter(merged_into=source).update(merged_into=target)
    Question.objects.filter(pk=target.pk).update(
        supporters=F("supporters") + source.supporters
    )
    source.status = QuestionStatus.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into"])
    return True


@transaction.atomic
def answer(question, note):
    """Mark an approved question answered; the note may be corrected later."""
    question = _locked(question)
    if question.status != QuestionStatus.APPROVED:
        return question
    question.answer_note = note
    if question.answered_at is None:
        question.answered_at = timezone.now()
    question.save(update_fields=["answer_note", "answered_at"])
    return question


@transaction.atomic
def reopen(question):
    """Back on the screen: answered by mistake."""
    question = _locked(question)
    if question.answered_at is not None:
        question.answered_at = None
        question.save(update_fields=["answered_at"])
    return question


@transaction.atomic
def translate(question, text):
    question = _locked(question)
    question.translation = text
    question.save(update_fields=["translation"])
    return question


@transaction.atomic
def move(question, up, seen_position):
    """Swap with the neighbour above (or below) on the screen. ``seen_position`` is
    the position the moderator saw: if it changed since, someone (or the first of
    two presses) already moved it, and nothing happens."""
    question = _locked(question)
    if question.position != seen_position or question.status != QuestionStatus.APPROVED:
        return False
    on_screen = question.board.questions.on_screen().select_for_update()
    if up:
        neighbour = on_screen.filter(position__lt=question.position).last()
    else:
        neighbour = on_screen.filter(position__gt=question.position).first()
    if neighbour is None:
        return False
    question.position, neighbour.position = neighbour.position, question.position
    Question.objects.bulk_update([question, neighbour], ["position"])
    return True
