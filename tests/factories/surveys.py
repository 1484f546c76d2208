"""Surveys built from short question specs, and canned responses to them."""

from decimal import Decimal

from django.utils import timezone

from surveys import tallies
from surveys.models import (
    Answer,
    Audience,
    Choice,
    Question,
    QuestionKind,
    Response,
    SurveyIndexPage,
    SurveyPage,
)

from .pages import add_page, next_number

# One question of every kind, as most survey tests want.
ALL_KINDS = [
    {
        "key": "pick",
        "kind": QuestionKind.SINGLE,
        "required": True,
        "text": {"en": "Pick one", "es": "Elija una"},
        "choices": [
            ("agree", {"en": "Agree", "es": "De acuerdo"}),
            ("disagree", {"en": "Disagree", "es": "En desacuerdo"}),
        ],
    },
    {
        "key": "many",
        "kind": QuestionKind.MULTIPLE,
        "min_choices": 1,
        "max_choices": 2,
        "allow_other": True,
        "text": "Pick some",
        "choices": [("a", "A"), ("b", "B"), ("c", "C")],
    },
    {"key": "scale", "kind": QuestionKind.SCALE, "scale_points": 7, "text": "Agree?"},
    {"key": "rating", "kind": QuestionKind.RATING, "rating_max": 10, "text": "Rate"},
    {"key": "yn", "kind": QuestionKind.YES_NO, "text": "Yes or no"},
    {
        "key": "age",
        "kind": QuestionKind.NUMBER,
        "min_value": 16,
        "max_value": 120,
        "text": "Age",
    },
    {"key": "short", "kind": QuestionKind.SHORT_TEXT, "max_length": 20, "text": "Name"},
    {"key": "long", "kind": QuestionKind.LONG_TEXT, "text": "Tell us"},
]

# One question of each of the kinds added later (tests/surveys/test_question_kinds.py).
NEW_KINDS = [
    {
        "key": "where",
        "kind": QuestionKind.DROPDOWN,
        "required": True,
        "allow_other": True,
        "text": {"en": "Where do you live?", "es": "¿Dónde vive?"},
        "choices": [
            ("north", {"en": "North", "es": "Norte"}),
            ("south", {"en": "South", "es": "Sur"}),
        ],
    },
    {
        "key": "feel",
        "kind": QuestionKind.MATRIX,
        "scale_points": 5,
        "text": {"en": "How much do you agree?", "es": "¿Qué tan de acuerdo está?"},
        "choices": [
            ("fair", {"en": "Officers are fair", "es": "Los agentes son justos"}),
            ("listen", {"en": "Officers listen", "es": "Los agentes escuchan"}),
        ],
    },
    {
        "key": "order",
        "kind": QuestionKind.RANKING,
        "text": "What matters most?",
        "choices": [("patrols", "Patrols"), ("lights", "Lights"), ("youth", "Youth")],
    },
    {"key": "when", "kind": QuestionKind.DATE, "text": "When did you last call?"},
]


def make_index(home):
    return add_page(home, SurveyIndexPage(title="Surveys", slug="surveys"))


def make_survey(index, questions=(), **fields):
    """A published survey with the given questions: dicts of Question fields,
    with "choices" as a list of (code, {lang: label}) or (code, label)."""
    number = next_number()
    fields.setdefault("title", f"Survey {number}")
    fields.setdefault("slug", f"survey-{number}")
    fields.setdefault("audience", Audience.ANYONE)
    page = SurveyPage(**fields)
    built = []
    for order, spec in enumerate(questions):
        spec = dict(spec)
        choices = spec.pop("choices", [])
        text = spec.pop("text", f"Question {order + 1}")
        if isinstance(text, dict):
            spec.update({f"text_{k.replace('-', '_')}": v for k, v in text.items()})
        else:
            spec["text_en"] = text
        question = Question(sort_order=order, **spec)
        items = []
        for position, (code, label) in enumerate(choices):
            labels = label if isinstance(label, dict) else {"en": label}
            item = Choice(sort_order=position, code=code)
            for language, value in labels.items():
                setattr(item, f"label_{language.replace('-', '_')}", value)
            items.append(item)
        question.choices = items
        built.append(question)
    page.questions = built
    add_page(index, page)
    return SurveyPage.objects.get(pk=page.pk)


def add_responses(survey, count, answers, language="en", **fields):
    """``count`` identical responses; ``answers`` maps a question key to a choice
    code (choice questions), a number, or text."""
    questions = {q.key: q for q in survey.questions.prefetch_related("choices")}
    fields.setdefault("submitted_on", fields.pop("on", None) or timezone.localdate())
    responses = Response.objects.bulk_create(
        Response(survey=survey, language=language, **fields) for _i in range(count)
    )
    rows = []
    for response in responses:
        for key, value in answers.items():
            question = questions[key]
            if question.kind in ("matrix", "ranking", "date"):
                rows.extend(_row_answers(response, question, value))
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                rows.append(_answer(response, question, item))
    Answer.objects.bulk_create(rows)
    # Counted in the results totals, as the services do for each response stored.
    tallies.count_in([response.pk for response in responses])
    return responses


def _row_answers(response, question, value):
    """A matrix's {statement code: point}, a ranking's codes from first to last,
    a date."""
    if question.kind == "date":
        month = Decimal(value.year * 100 + value.month)
        return [
            Answer(
                response=response,
                question=question,
                number=month,
                text=value.isoformat(),
            )
        ]
    if question.kind == "ranking":
        value = {code: place for place, code in enumerate(value, start=1)}
    choices = {c.code: c for c in question.choices.all()}
    return [
        Answer(response=response, question=question, choice=choices[code], number=n)
        for code, n in value.items()
    ]


def _answer(response, question, item):
    if question.kind in ("single", "dropdown", "multiple"):
        picked = [c for c in question.choices.all() if c.code == item]
        return Answer(
            response=response,
            question=question,
            choice=picked[0] if picked else None,
            text="" if picked else item,
        )
    if isinstance(item, str):
        return Answer(response=response, question=question, text=item)
    return Answer(response=response, question=question, number=item)
