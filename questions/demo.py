"""Demo content for live questions: the next demo forum takes questions, with a
few already sent in several languages (some approved and translated for the
screen, one waiting for review). Running it again adds nothing twice."""

from django.db import transaction
from wagtail import hooks

from forums.demo import SERIES_SLUG
from forums.models import ForumPage

from . import moderation
from .models import QuestionBoard

# (language, text, topic, translation into English, approved)
SAMPLE_QUESTIONS = [
    (
        "es",
        "¿Pueden los agentes pasar más seguido por el parque después de las ocho?",
        "safety",
        "Can officers come by the park more often after eight?",
        True,
    ),
    (
        "vi",
        "Làm sao để báo cáo xe chạy quá tốc độ gần trường mà không phải gọi 911?",
        "traffic",
        "How can we report speeding near the school without calling 911?",
        True,
    ),
    (
        "en",
        "Will the body camera footage policy be shared with residents?",
        "conduct",
        "",
        True,
    ),
    (
        "ko",
        "청소년 프로그램 신청은 어디에서 하나요?",
        "youth",
        "",
        False,
    ),
]


@hooks.register("engage_load_demo", order=40)
def build_demo(home_page, stdout):
    """Open questions on the series' next forum; nothing without the forums demo."""
    forum = ForumPage.objects.live().filter(series__slug=SERIES_SLUG).upcoming().first()
    if forum is None or QuestionBoard.objects.filter(forum=forum).exists():
        return
    with transaction.atomic():
        board = moderation.open_board(forum, "en")
        for language, text, topic, translation, approved in SAMPLE_QUESTIONS:
            question = moderation.submit_question(board, text, language, topic)
            if translation:
                moderation.translate(question, translation)
            if approved:
                moderation.approve(question)
    stdout.write(f"Live questions are open on {forum.title}.")
