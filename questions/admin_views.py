"""The moderators' screen in the Wagtail admin: open and close a forum's board,
approve, reject, merge, answer, translate and order questions, and carry them
into the summary draft. Plain forms, one POST per action, so it works on a phone
without JavaScript; every action is safe to press twice (see ``moderation``)."""

import functools

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forums.models import ForumPage

from . import moderation, summary
from .choices import QuestionStatus
from .forms import AnswerForm, MergeForm, MoveForm, OpenBoardForm, TranslationForm
from .models import Question, QuestionBoard
from .views import short_link


def may_moderate(user, forum):
    """Whether ``user`` organizes ``forum``: the same test as the forum's RSVP and
    check-in screens, so an organizer of another forum is refused."""
    return forum.permissions_for_user(user).can_edit() and forum.rsvps_visible_to(user)


def moderators_only(view):
    """Call ``view`` with the forum, or answer 403 with a page that says why
    (Wagtail would turn a ``PermissionDenied`` into a redirect to the dashboard)."""

    @functools.wraps(view)
    def wrapper(request, forum_id, *args, **kwargs):
        forum = get_object_or_404(ForumPage, pk=forum_id)
        if not may_moderate(request.user, forum):
            return TemplateResponse(
                request,
                "questions/admin/forbidden.html",
                {"page_title": _("Live questions"), "header_icon": "help"},
                status=403,
            )
        return view(request, forum, *args, **kwargs)

    return wrapper


def _back(forum, anchor=""):
    url = reverse("questions_admin:moderate", args=[forum.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@moderators_only
def moderate(request, forum):
    board = QuestionBoard.objects.filter(forum=forum).first()
    context = {
        "forum": forum,
        "board": board,
        "page_title": _("Live questions: %(title)s") % {"title": forum.display_title},
        "header_icon": "help",
        "open_form": OpenBoardForm(
            initial={"room_language": board.room_language} if board else None
        ),
    }
    if board is not None:
        pending = list(board.questions.pending())
        approved = list(board.questions.approved())
        for question in pending + approved:
            question.board = board
        context.update(
            is_open=board.is_open(),
            link=short_link(board),
            screen_url=_screen_url(board),
            pending=pending,
            on_screen=[q for q in approved if not q.is_answered],
            answered=[q for q in approved if q.is_answered],
            rejected_count=board.questions.filter(
                status=QuestionStatus.REJECTED
            ).count(),
            merge_targets=pending + approved,
            summary=summary.summary_of(forum),
            waiting_for_summary=sum(1 for q in approved if not q.added_to_summary_at),
        )
    return TemplateResponse(request, "questions/admin/moderate.html", context)


def _screen_url(board):
    with translation.override(board.room_language):
        return reverse("questions:screen", kwargs={"key": board.display_key})


@require_POST
@moderators_only
def open_board(request, forum):
    form = OpenBoardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the main language of the room."))
        return _back(forum)
    board = QuestionBoard.objects.filter(forum=forum).first()
    if board is not None and board.is_open():
        board.room_language = form.cleaned_data["room_language"]
        board.save(update_fields=["room_language"])
        messages.success(request, _("Questions are open."))
        return _back(forum)
    if (board or QuestionBoard(forum=forum)).closes_at <= timezone.now():
        messages.error(request, _("This forum ended too long ago to take questions."))
        return _back(forum)
    moderation.open_board(forum, form.cleaned_data["room_language"])
    messages.success(request, _("Questions are open."))
    return _back(forum)


@require_POST
@moderators_only
def close_board(request, forum):
    board = get_object_or_404(QuestionBoard, forum=forum)
    moderation.close_board(board)
    messages.success(request, _("Questions are closed."))
    return _back(forum)


@require_POST
@moderators_only
def question_action(request, forum, question_id, action):
    question = get_object_or_404(
        Question.objects.select_related("board"), pk=question_id, board__forum=forum
    )
    if action == "approve":
        moderation.approve(question)
    elif action == "reject":
        moderation.reject(question)
    elif action == "reopen":
        moderation.reopen(question)
    elif action == "merge":
        _merge(request, question)
    elif action == "answer":
        form = AnswerForm(request.POST)
        if form.is_valid():
            moderation.answer(question, form.cleaned_data["note"])
        else:
            messages.error(request, _("The answer note is too long."))
    elif action == "translate":
        form = TranslationForm(request.POST)
        if form.is_valid():
            moderation.translate(question, form.cleaned_data["translation"])
        else:
            messages.error(request, _("The translation is too long."))
    elif action == "move":
        form = MoveForm(request.POST)
        if form.is_valid():
            moderation.move(
                question,
                up=form.cleaned_data["direction"] == "up",
                seen_position=form.cleaned_data["position"],
            )
    else:
        raise Http404
    return _back(forum, f"q-{question.pk}")


def _merge(request, question):
    targets = question.board.questions.filter(
        status__in=(QuestionStatus.PENDING, QuestionStatus.APPROVED)
    ).exclude(pk=question.pk)
    form = MergeForm(request.POST, targets=targets)
    if not form.is_valid():
        messages.error(request, _("Choose the question to merge it into."))
        return
    target = targets.get(pk=form.cleaned_data["into"])
    if moderation.merge(question, target):
        messages.success(request, _("Merged: it counts as one more person asking."))


@require_POST
@moderators_only
def add_to_summary(request, forum):
    board = get_object_or_404(QuestionBoard, forum=forum)
    added = summary.add_questions(board, user=request.user)
    if added is None:
        messages.error(request, summary.transfer_note())
    elif added == 0:
        messages.info(request, _("Every approved question is already in the summary."))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s question added to the summary draft.",
                "%(count)s questions added to the summary draft.",
                added,
            )
            % {"count": added},
        )
    return _back(forum)


@require_POST
@moderators_only
def make_action_item(request, forum, question_id):
    question = get_object_or_404(
        Question.objects.select_related("board"),
        pk=question_id,
        board__forum=forum,
        status=QuestionStatus.APPROVED,
    )
    if question.action_item_added_at is not None:
        messages.info(request, _("This question is already an action item."))
    elif summary.make_action_item(question, user=request.user) is None:
        messages.error(request, summary.transfer_note())
    else:
        messages.success(
            request,
            _(
                "Action item added to the summary draft, due in 30 days. Name who "
                "is responsible when you edit the summary."
            ),
        )
    return _back(forum, f"q-{question.pk}")
