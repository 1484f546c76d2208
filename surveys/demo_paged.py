"""A demo survey in three pages, open to anyone: progress, Back and Next, and
"save and finish later". Made only when missing."""

import datetime

from cms.demo.builder import save_page, set_translations

from .models import Audience, QuestionKind, SurveyPage

SLUG = "walking-after-dark"
TITLE = {
    "en": "Walking after dark",
    "es": "Caminar de noche",
    "vi": "Đi bộ khi trời tối",
}
INTRO = {
    "en": "<p>Three short pages about walking in your neighbourhood at night. "
    "You can save your answers and finish later.</p>",
    "es": "<p>Tres páginas breves sobre caminar de noche en su barrio. Puede "
    "guardar sus respuestas y terminar más tarde.</p>",
    "vi": "<p>Ba trang ngắn về việc đi bộ trong khu phố vào ban đêm. Bạn có thể "
    "lưu câu trả lời và hoàn tất sau.</p>",
}
QUESTIONS = [
    {
        "key": "walk-after-dark",
        "kind": QuestionKind.SINGLE,
        "required": True,
        "text": {
            "en": "How often do you walk in your neighbourhood after dark?",
            "es": "¿Con qué frecuencia camina por su barrio de noche?",
            "vi": "Bạn có thường đi bộ trong khu phố sau khi trời tối không?",
        },
        "choices": [
            ("often", {"en": "Often", "es": "A menudo", "vi": "Thường xuyên"}),
            ("sometimes", {"en": "Sometimes", "es": "A veces", "vi": "Thỉnh thoảng"}),
            ("never", {"en": "Never", "es": "Nunca", "vi": "Không bao giờ"}),
        ],
    },
    {
        "key": "well-lit",
        "kind": QuestionKind.SCALE,
        "required": True,
        "starts_new_page": True,
        "text": {
            "en": "The streets near my home are well lit.",
            "es": "Las calles cerca de mi casa están bien iluminadas.",
            "vi": "Các con đường gần nhà tôi có đủ ánh sáng.",
        },
    },
    {
        "key": "unsafe-place",
        "kind": QuestionKind.SHORT_TEXT,
        "text": {
            "en": "Is there a place near you that feels unsafe at night?",
            "es": "¿Hay algún lugar cerca de usted que se sienta inseguro de noche?",
            "vi": "Có nơi nào gần bạn cảm thấy không an toàn vào ban đêm không?",
        },
    },
    {
        "key": "join-walk",
        "kind": QuestionKind.YES_NO,
        "starts_new_page": True,
        "text": {
            "en": "Would you join a community walk with officers?",
            "es": "¿Participaría en una caminata comunitaria con agentes?",
            "vi": "Bạn có muốn tham gia buổi đi bộ cộng đồng cùng cảnh sát không?",
        },
    },
    {
        "key": "walk-ideas",
        "kind": QuestionKind.LONG_TEXT,
        "text": {
            "en": "Anything else we should know?",
            "es": "¿Algo más que debamos saber?",
            "vi": "Bạn còn điều gì muốn chúng tôi biết không?",
        },
    },
]


def build_paged_survey(index, today, build_questions, aware):
    """The survey, under ``index``; the demo's own helpers build its questions
    and times."""
    page = SurveyPage.objects.child_of(index).filter(slug=SLUG).first()
    if page is None:
        page = SurveyPage(
            slug=SLUG,
            opens_at=aware(today - datetime.timedelta(days=2)),
            closes_at=aware(today + datetime.timedelta(days=60)),
            audience=Audience.ANYONE,
            anonymous=True,
        )
        set_translations(page, "title", TITLE)
        set_translations(page, "intro", INTRO)
        page.questions = build_questions(QUESTIONS)
        save_page(page, index, created=True)
    return page
