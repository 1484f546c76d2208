import pytest

from surveys.models import QuestionKind

from .factories import make_index, make_survey

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


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def survey(index):
    return make_survey(index, ALL_KINDS, title="Everything")
