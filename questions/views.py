"""The public side: the phone page residents send questions from, the "received"
page, and the projector screen.

None of these views opt in to the page cache (``engage.page_cache``): whether a
board takes questions changes with the clock and the organizer's "close", and
the screen changes with every moderator action, so each request renders
afresh. They are a couple of small queries each.
"""

import segno
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from engage.links import absolute_url

from . import moderation
from .forms import QuestionForm
from .models import QuestionBoard

SCREEN_LIMIT = 8
SCREEN_REFRESH_SECONDS = 10


def _board(**lookup):
    return (
        QuestionBoard.objects.select_related("forum")
        .filter(forum__live=True, **lookup)
        .first()
    )


def _unavailable(request, reason, status, board=None):
    return TemplateResponse(
        request,
        "questions/unavailable.html",
        {"reason": reason, "board": board},
        status=status,
    )


def submit(request, code):
    board = _board(code=code.lower())
    if board is None:
        return _unavailable(request, "unknown", 404)
    if not board.is_open():
        return _unavailable(request, "closed", 410, board)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moderation.submit_question(
                board, data["text"], data["language"], data["topic"]
            )
        except moderation.BoardClosed:
            return _unavailable(request, "closed", 410, board)
        return redirect("questions:received", code=board.code)
    return TemplateResponse(
        request,
        "questions/submit.html",
        {"board": board, "forum": board.forum, "form": form},
    )


def received(request, code):
    board = _board(code=code.lower())
    if board is None:
        return _unavailable(request, "unknown", 404)
    return TemplateResponse(
        request,
        "questions/received.html",
        {"board": board, "forum": board.forum, "is_open": board.is_open()},
    )


def short_link(board):
    """The address on the screen and in its QR image. It has no language prefix:
    each phone is sent on to the page in its own language."""
    path = reverse("questions:submit", kwargs={"code": board.code})
    return absolute_url("/" + path.lstrip("/").split("/", 1)[1])


def screen(request, key):
    """The projector: approved questions not yet answered, each in its own
    language, the moderators' translation beside it. It reloads itself every
    ten seconds with a meta refresh, so no script is needed."""
    board = _board(display_key=key)
    if board is None:
        raise Http404
    questions = list(board.questions.on_screen()[: SCREEN_LIMIT + 1])
    link = short_link(board)
    response = TemplateResponse(
        request,
        "questions/screen.html",
        {
            "board": board,
            "forum": board.forum,
            "questions": questions[:SCREEN_LIMIT],
            "more": len(questions) > SCREEN_LIMIT,
            "is_open": board.is_open(),
            "link": link,
            "link_text": link.split("://", 1)[-1],
            "qr": segno.make(link, error="m").svg_inline(
                scale=8, title=_("QR code of the link to send a question")
            ),
            "refresh_seconds": SCREEN_REFRESH_SECONDS,
        },
    )
    response["Cache-Control"] = "no-store"
    return response
