"""Demo surveys: a monthly community-trust check-in with a visible trend, and a
post-forum feedback survey with conditional questions and printed codes. When
the forums demo is there, each check-in is linked to that month's forum.

Idempotent: pages, responses, codes and forum links are made only when missing.
"""

import datetime
import random
from decimal import Decimal

from babel.dates import format_skeleton
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Site

from cms.demo.builder import build_menu, save_page, set_translations
from engage.i18n import babel_locale
from forums.models import ForumPage, ForumStatus

from . import tallies
from .demo_paged import build_paged_survey
from .models import (
    Answer,
    Audience,
    Choice,
    InvitationCode,
    Question,
    QuestionKind,
    Response,
    SurveyIndexPage,
    SurveyPage,
)
from .services import issue_printed_codes

INDEX = {
    "title": {
        "en": "Surveys",
        "es": "Encuestas",
        "zh-hans": "调查问卷",
        "vi": "Khảo sát",
        "ar": "استطلاعات الرأي",
        "ko": "설문조사",
    },
    "intro": {
        "en": "<p>Tell us how policing feels where you live, in your own language. "
        "Every answer is counted, and results are published.</p>",
        "es": "<p>Cuéntenos cómo vive la labor policial en su barrio, en su propio "
        "idioma. Cada respuesta cuenta y los resultados se publican.</p>",
        "vi": "<p>Hãy cho chúng tôi biết cảm nhận của bạn về cảnh sát nơi bạn sống, "
        "bằng ngôn ngữ của bạn. Mọi câu trả lời đều được tính và kết quả được "
        "công bố.</p>",
        "zh-hans": "<p>请用您自己的语言告诉我们您所在社区的治安感受。每一份回答都会被"
        "统计，结果将公开发布。</p>",
        "ar": "<p>أخبرونا بلغتكم كيف تشعرون تجاه عمل الشرطة في حيّكم. كل إجابة تُحتسب "
        "والنتائج تُنشر.</p>",
        "ko": "<p>여러분이 사는 곳의 치안에 대해 여러분의 언어로 알려 주세요. 모든 "
        "응답은 집계되며 결과는 공개됩니다.</p>",
    },
}

TRUST_QUESTIONS = [
    {
        "key": "trust-police",
        "kind": QuestionKind.SCALE,
        "required": True,
        "text": {
            "en": "I trust the police who serve my neighbourhood.",
            "es": "Confío en la policía que sirve a mi barrio.",
            "vi": "Tôi tin tưởng cảnh sát phụ trách khu phố của tôi.",
            "zh-hans": "我信任为我所在社区服务的警察。",
            "ar": "أثق بالشرطة التي تخدم حيّي.",
            "ko": "나는 우리 동네를 담당하는 경찰을 신뢰한다.",
        },
    },
    {
        "key": "feel-safe",
        "kind": QuestionKind.RATING,
        "text": {
            "en": "How safe do you feel walking in your neighbourhood after dark?",
            "es": "¿Qué tan seguro se siente al caminar por su barrio de noche?",
            "vi": "Bạn cảm thấy an toàn thế nào khi đi bộ trong khu phố sau khi trời "
            "tối?",
            "zh-hans": "天黑后在您的社区步行，您感觉有多安全？",
            "ar": "ما مدى شعورك بالأمان عند المشي في حيّك بعد حلول الظلام؟",
            "ko": "해가 진 뒤 동네를 걸을 때 얼마나 안전하다고 느끼십니까?",
        },
        "help_text": {
            "en": "1 means not safe at all, 5 means completely safe.",
            "es": "1 significa nada seguro; 5, completamente seguro.",
        },
    },
    {
        "key": "treated-fairly",
        "kind": QuestionKind.YES_NO,
        "text": {
            "en": "If you had contact with police in the past year, were you treated "
            "fairly?",
            "es": "Si tuvo contacto con la policía el año pasado, ¿le trataron con "
            "justicia?",
            "vi": "Nếu bạn đã tiếp xúc với cảnh sát trong năm qua, bạn có được đối xử "
            "công bằng không?",
            "zh-hans": "如果您在过去一年与警察有过接触，您是否受到了公正对待？",
            "ar": "إذا تعاملت مع الشرطة خلال العام الماضي، هل عوملت بإنصاف؟",
            "ko": "지난 1년 동안 경찰과 접촉한 적이 있다면 공정하게 대우받았습니까?",
        },
    },
    {
        "key": "priorities",
        "kind": QuestionKind.MULTIPLE,
        "max_choices": 2,
        "allow_other": True,
        "text": {
            "en": "What should police and residents work on first? Choose up to two.",
            "es": "¿En qué deberían trabajar primero la policía y los vecinos? Elija "
            "hasta dos.",
            "vi": "Cảnh sát và cư dân nên ưu tiên làm gì trước? Chọn tối đa hai.",
            "zh-hans": "警察和居民应优先处理哪些问题？最多选两项。",
            "ar": "على ماذا يجب أن تعمل الشرطة والسكان أولاً؟ اختر خيارين على الأكثر.",
            "ko": "경찰과 주민이 가장 먼저 함께 해결해야 할 일은? 두 개까지 고르세요.",
        },
        "choices": [
            (
                "crisis-response",
                {
                    "en": "Responding to mental-health crises",
                    "es": "Atender crisis de salud mental",
                    "vi": "Ứng phó khủng hoảng sức khỏe tâm thần",
                    "zh-hans": "应对心理健康危机",
                    "ar": "الاستجابة لأزمات الصحة النفسية",
                    "ko": "정신건강 위기 대응",
                },
            ),
            (
                "youth",
                {
                    "en": "Youth programmes and mentoring",
                    "es": "Programas y mentoría para jóvenes",
                    "vi": "Chương trình và cố vấn cho thanh thiếu niên",
                    "zh-hans": "青少年项目与辅导",
                    "ar": "برامج الشباب والإرشاد",
                    "ko": "청소년 프로그램과 멘토링",
                },
            ),
            (
                "open-data",
                {
                    "en": "Publishing stop and use-of-force data",
                    "es": "Publicar datos de detenciones y uso de la fuerza",
                    "vi": "Công bố dữ liệu dừng xe và sử dụng vũ lực",
                    "zh-hans": "公布拦查与使用武力的数据",
                    "ar": "نشر بيانات التوقيف واستخدام القوة",
                    "ko": "검문 및 물리력 사용 데이터 공개",
                },
            ),
            (
                "language-access",
                {
                    "en": "Interpreters and help in more languages",
                    "es": "Intérpretes y ayuda en más idiomas",
                    "vi": "Thông dịch viên và hỗ trợ bằng nhiều ngôn ngữ hơn",
                    "zh-hans": "提供口译及更多语言的帮助",
                    "ar": "مترجمون ومساعدة بلغات أكثر",
                    "ko": "통역 및 다양한 언어 지원",
                },
            ),
            (
                "traffic-safety",
                {
                    "en": "Traffic safety near schools",
                    "es": "Seguridad vial cerca de las escuelas",
                    "vi": "An toàn giao thông gần trường học",
                    "zh-hans": "学校附近的交通安全",
                    "ar": "السلامة المرورية قرب المدارس",
                    "ko": "학교 주변 교통안전",
                },
            ),
        ],
    },
    {
        "key": "comments",
        "kind": QuestionKind.LONG_TEXT,
        "text": {
            "en": "Is there anything else the department should hear from you?",
            "es": "¿Hay algo más que el departamento debería escuchar de usted?",
            "vi": "Bạn còn điều gì muốn sở cảnh sát lắng nghe không?",
            "zh-hans": "您还有什么希望警察局听到的意见吗？",
            "ar": "هل هناك أي شيء آخر تريد أن تسمعه منك إدارة الشرطة؟",
            "ko": "경찰서가 귀하에게서 더 들어야 할 이야기가 있습니까?",
        },
    },
]

MONTHS = 6
# The forums demo's series (forums/demo.py); its past forums get the check-ins.
DEMO_SERIES = "eastside"
TRUST_RESPONSES = 60
LANGUAGE_WEIGHTS = [
    ("en", 40),
    ("es", 25),
    ("vi", 12),
    ("zh-hans", 10),
    ("ar", 7),
    ("ko", 6),
]
DEMO_COMMENTS = [
    ("en", "The officer who came to the forum listened and followed up a week later."),
    ("es", "Necesitamos más intérpretes cuando llamamos para pedir ayuda."),
    ("vi", "Tôi muốn thấy cảnh sát đi bộ tuần tra và nói chuyện với người dân."),
    ("en", "Publish the stop data by neighbourhood every month, not once a year."),
]

FEEDBACK_QUESTIONS = [
    {
        "key": "first-forum",
        "kind": QuestionKind.YES_NO,
        "required": True,
        "text": {
            "en": "Was this your first community forum?",
            "es": "¿Fue este su primer foro comunitario?",
            "vi": "Đây có phải lần đầu bạn tham dự diễn đàn cộng đồng không?",
        },
    },
    {
        "key": "felt-heard",
        "kind": QuestionKind.SCALE,
        "required": True,
        "text": {
            "en": "I felt heard at the forum.",
            "es": "Sentí que me escucharon en el foro.",
            "vi": "Tôi cảm thấy ý kiến của mình được lắng nghe tại diễn đàn.",
        },
    },
    {
        "key": "used-interpretation",
        "kind": QuestionKind.YES_NO,
        "text": {
            "en": "Did you use interpretation at the forum?",
            "es": "¿Usó el servicio de interpretación en el foro?",
            "vi": "Bạn có sử dụng dịch vụ thông dịch tại diễn đàn không?",
        },
    },
    {
        "key": "interpretation-quality",
        "kind": QuestionKind.RATING,
        "condition": ("used-interpretation", "yes"),
        "text": {
            "en": "How good was the interpretation?",
            "es": "¿Qué tan buena fue la interpretación?",
            "vi": "Chất lượng thông dịch như thế nào?",
        },
    },
    {
        "key": "come-again",
        "kind": QuestionKind.SINGLE,
        "required": True,
        "text": {
            "en": "Would you come to another forum?",
            "es": "¿Vendría a otro foro?",
            "vi": "Bạn có muốn tham dự diễn đàn khác không?",
        },
        "choices": [
            ("yes", {"en": "Yes", "es": "Sí", "vi": "Có"}),
            ("maybe", {"en": "Maybe", "es": "Quizás", "vi": "Có thể"}),
            ("no", {"en": "No", "es": "No", "vi": "Không"}),
        ],
    },
    {
        "key": "why-not",
        "kind": QuestionKind.LONG_TEXT,
        "condition": ("come-again", "no"),
        "text": {
            "en": "What would make you come again?",
            "es": "¿Qué le haría volver?",
            "vi": "Điều gì sẽ khiến bạn quay lại?",
        },
    },
    {
        "key": "heard-from",
        "kind": QuestionKind.DROPDOWN,
        "text": {
            "en": "How did you hear about the forum?",
            "es": "¿Cómo se enteró del foro?",
            "vi": "Bạn biết đến diễn đàn qua đâu?",
        },
        "choices": [
            ("flyer", {"en": "A flyer", "es": "Un volante", "vi": "Tờ rơi"}),
            (
                "neighbour",
                {"en": "A neighbour", "es": "Un vecino", "vi": "Hàng xóm"},
            ),
            ("online", {"en": "Online", "es": "En internet", "vi": "Trên mạng"}),
        ],
    },
    {
        "key": "forum-statements",
        "kind": QuestionKind.MATRIX,
        "text": {
            "en": "How much do you agree with each statement about the forum?",
            "es": "¿Qué tan de acuerdo está con cada afirmación sobre el foro?",
            "vi": "Bạn đồng ý đến mức nào với từng nhận định về diễn đàn?",
        },
        "choices": [
            (
                "honest-answers",
                {
                    "en": "Officers answered questions honestly.",
                    "es": "Los agentes respondieron con honestidad.",
                    "vi": "Cảnh sát đã trả lời câu hỏi một cách trung thực.",
                },
            ),
            (
                "enough-time",
                {
                    "en": "There was enough time for questions.",
                    "es": "Hubo suficiente tiempo para preguntas.",
                    "vi": "Có đủ thời gian để đặt câu hỏi.",
                },
            ),
        ],
    },
]


def build_questions(specs):
    questions = []
    for order, spec in enumerate(specs):
        question = Question(
            sort_order=order,
            key=spec["key"],
            kind=spec["kind"],
            required=spec.get("required", False),
            max_choices=spec.get("max_choices"),
            allow_other=spec.get("allow_other", False),
            starts_new_page=spec.get("starts_new_page", False),
        )
        if "condition" in spec:
            question.condition_key, question.condition_value = spec["condition"]
        set_translations(question, "text", spec["text"])
        set_translations(question, "help_text", spec.get("help_text", {"en": ""}))
        choices = []
        for position, (code, labels) in enumerate(spec.get("choices", [])):
            choice = Choice(sort_order=position, code=code)
            set_translations(choice, "label", labels)
            choices.append(choice)
        question.choices = choices
        questions.append(question)
    return questions


def _month_start(today, months_back):
    year, month = today.year, today.month - months_back
    while month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1)


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@transaction.atomic
def build(home, stdout=None):
    index = SurveyIndexPage.objects.child_of(home).filter(slug="surveys").first()
    if index is None:
        index = SurveyIndexPage(slug="surveys")
        set_translations(index, "title", INDEX["title"])
        set_translations(index, "intro", INDEX["intro"])
        save_page(index, home, created=True)
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    trust = [
        build_trust_survey(
            index, step, _month_start(today, MONTHS - 1 - step), today, rng
        )
        for step in range(MONTHS)
    ]
    feedback = build_feedback_survey(index, today, rng)
    build_paged_survey(index, today, build_questions, _aware)
    link_forums(trust, feedback)
    # Written in bulk above: their results totals are counted once, at the end.
    for page in [*trust, feedback]:
        tallies.rebuild(page.pk)
    if stdout is not None:
        stdout.write("Surveys demo content is ready.")


def build_trust_survey(index, step, opens, today, rng):
    slug = f"community-trust-check-in-{step + 1}"
    page = SurveyPage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = SurveyPage(
            slug=slug,
            opens_at=_aware(opens),
            closes_at=_aware(opens + datetime.timedelta(days=45 if step == 5 else 27)),
            audience=Audience.ANYONE,
            anonymous=True,
            results_public=True,
        )
        # The month in words in each language: "2026-12" inside Arabic text
        # would read backwards.
        names = {
            "en": "Community trust check-in {month}",
            "es": "Encuesta de confianza comunitaria: {month}",
            "vi": "Khảo sát niềm tin cộng đồng {month}",
            "zh-hans": "社区信任调查（{month}）",
            "ar": "استطلاع الثقة المجتمعية، {month}",
            "ko": "지역사회 신뢰 설문 ({month})",
        }
        set_translations(
            page,
            "title",
            {
                code: name.format(
                    month=format_skeleton("yMMMM", opens, locale=babel_locale(code))
                )
                for code, name in names.items()
            },
        )
        set_translations(
            page,
            "intro",
            {
                "en": "<p>Five short questions after each monthly forum. Anonymous: "
                "we keep only the day you answered.</p>",
                "es": "<p>Cinco preguntas breves después de cada foro mensual. "
                "Anónima: solo guardamos el día en que respondió.</p>",
            },
        )
        page.questions = build_questions(TRUST_QUESTIONS)
        save_page(page, index, created=True)
    if not Response.objects.filter(survey=page).exists():
        fill_trust_responses(page, step, opens, today, rng)
    return page


def fill_trust_responses(page, step, opens, today, rng):
    """Trust rises a little each month, so the trend view has something to show."""
    questions = {q.key: q for q in page.questions.prefetch_related("choices")}
    priorities = list(questions["priorities"].choices.all())
    languages = [code for code, weight in LANGUAGE_WEIGHTS for _i in range(weight)]
    last_day = min(today, opens + datetime.timedelta(days=26))
    days = max((last_day - opens).days, 0)
    responses, answers = [], []
    trust_answers = spread(rng, TRUST_RESPONSES, 2.3 + step * 0.25)
    safe_answers = spread(rng, TRUST_RESPONSES, 2.8 + step * 0.15)
    for number in range(TRUST_RESPONSES):
        response = Response(
            survey=page,
            language=rng.choice(languages),
            submitted_on=opens + datetime.timedelta(days=rng.randint(0, days)),
        )
        responses.append(response)
        trust = trust_answers.pop()
        safe = safe_answers.pop()
        answers.append(
            Answer(response=response, question=questions["trust-police"], number=trust)
        )
        answers.append(
            Answer(response=response, question=questions["feel-safe"], number=safe)
        )
        if rng.random() < 0.6:
            fair = 1 if rng.random() < 0.45 + step * 0.05 else 0
            answers.append(
                Answer(
                    response=response,
                    question=questions["treated-fairly"],
                    number=Decimal(fair),
                )
            )
        for choice in rng.sample(priorities, rng.randint(1, 2)):
            answers.append(
                Answer(
                    response=response, question=questions["priorities"], choice=choice
                )
            )
        if number < len(DEMO_COMMENTS):
            language, text = DEMO_COMMENTS[number]
            response.language = language
            answers.append(
                Answer(
                    response=response,
                    question=questions["comments"],
                    text=text,
                    approved=True,
                )
            )
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)


def build_feedback_survey(index, today, rng):
    slug = "forum-feedback"
    page = SurveyPage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = SurveyPage(
            slug=slug,
            opens_at=_aware(today - datetime.timedelta(days=3)),
            closes_at=_aware(today + datetime.timedelta(days=30)),
            audience=Audience.INVITED,
            anonymous=True,
            results_public=False,
        )
        set_translations(
            page,
            "title",
            {
                "en": "Feedback on the community forum",
                "es": "Su opinión sobre el foro comunitario",
                "vi": "Góp ý về diễn đàn cộng đồng",
            },
        )
        set_translations(
            page,
            "intro",
            {
                "en": "<p>Thank you for coming. Use the code you were given at the "
                "door; it works once and is not linked to your answers.</p>",
                "es": "<p>Gracias por venir. Use el código que recibió en la puerta; "
                "sirve una sola vez y no se vincula con sus respuestas.</p>",
            },
        )
        page.questions = build_questions(FEEDBACK_QUESTIONS)
        save_page(page, index, created=True)
    if not InvitationCode.objects.filter(survey=page).exists():
        codes = issue_printed_codes(page, 40, batch="Demo forum, door")
        used = codes[:24]
        InvitationCode.objects.filter(pk__in=[c.pk for c in used]).update(used=True)
        fill_feedback_responses(page, len(used), today, rng)
    return page


def _month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def spread(rng, total, centre):
    """``total`` answers on a 1-5 scale around ``centre``, in random order, with
    at least 5 at each point so that results can show every count and the mean."""
    weights = [2.0 ** -((point - centre) ** 2) for point in range(1, 6)]
    counts = [5 + int((total - 25) * w / sum(weights)) for w in weights]
    counts[round(centre) - 1] += total - sum(counts)
    answers = [point for point in range(1, 6) for _i in range(counts[point - 1])]
    rng.shuffle(answers)
    return answers


def link_forums(trust_pages, feedback_page):
    """Each check-in to the demo series' forum held in the month it opened, and
    the feedback survey to the latest past forum. Links already made are kept;
    without past demo forums nothing is linked."""
    past = list(
        ForumPage.objects.filter(series__slug=DEMO_SERIES, end__lt=timezone.now())
        .exclude(status=ForumStatus.CANCELLED)
        .order_by("start", "pk")
    )
    if not past:
        return
    by_month = {_month(forum.start): forum for forum in past}
    for page in trust_pages:
        if page.forum_id is None and page.opens_at:
            _link(page, by_month.get(_month(page.opens_at)))
    if feedback_page.forum_id is None:
        _link(feedback_page, past[-1])


def _link(page, forum):
    """Link a survey and its demo responses, which came from the web, to a forum."""
    if forum is None:
        return
    page.forum = forum
    page.save_revision().publish()
    Response.objects.filter(survey=page, forum__isnull=True).update(forum=forum)


def fill_feedback_responses(page, count, today, rng):
    questions = {q.key: q for q in page.questions.prefetch_related("choices")}
    come_again = {c.code: c for c in questions["come-again"].choices.all()}
    heard_from = list(questions["heard-from"].choices.all())
    statements = list(questions["forum-statements"].choices.all())
    responses, answers = [], []
    for _number in range(count):
        response = Response(
            survey=page,
            language=rng.choice(["en", "en", "es", "vi"]),
            submitted_on=today - datetime.timedelta(days=rng.randint(0, 2)),
        )
        responses.append(response)
        interpreted = response.language != "en" and rng.random() < 0.8
        answers += [
            Answer(
                response=response,
                question=questions["first-forum"],
                number=Decimal(rng.random() < 0.5),
            ),
            Answer(
                response=response,
                question=questions["felt-heard"],
                number=rng.choice([2, 3, 4, 4, 5]),
            ),
            Answer(
                response=response,
                question=questions["used-interpretation"],
                number=Decimal(interpreted),
            ),
        ]
        if interpreted:
            answers.append(
                Answer(
                    response=response,
                    question=questions["interpretation-quality"],
                    number=rng.choice([3, 4, 5]),
                )
            )
        choice = come_again[rng.choice(["yes", "yes", "maybe", "no"])]
        answers.append(
            Answer(response=response, question=questions["come-again"], choice=choice)
        )
        if choice.code == "no":
            answers.append(
                Answer(
                    response=response,
                    question=questions["why-not"],
                    text="An earlier start time and childcare on site.",
                )
            )
        answers.append(
            Answer(
                response=response,
                question=questions["heard-from"],
                choice=rng.choice(heard_from),
            )
        )
        answers += [
            Answer(
                response=response,
                question=questions["forum-statements"],
                choice=statement,
                number=rng.choice([2, 3, 4, 4, 5]),
            )
            for statement in statements
        ]
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    tallies.count_in([response.pk for response in responses])


@hooks.register("engage_load_demo", order=20)
def load_survey_demo(home_page, stdout):
    """For ``load_demo``, after the forums the surveys ask about."""
    build(home_page, stdout)
    index = SurveyIndexPage.objects.child_of(home_page).first()
    site = Site.objects.filter(root_page=home_page).first()
    if index and site:
        build_menu(site, [index])
