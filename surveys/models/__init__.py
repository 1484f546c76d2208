"""Survey pages, their questions and choices, and the responses they collect.

``from surveys.models import X`` names every model and the choices of its
fields, wherever in this package each is defined.
"""

from ..vocabulary import QuestionKind
from .cells import ResultCell
from .codes import CodeRecipient, InvitationCode
from .drafts import SurveyDraft
from .pages import Audience, SurveyIndexPage, SurveyPage, open_surveys
from .questions import Choice, Question
from .responses import Answer, Participation, Response, Source

__all__ = [
    "Answer",
    "Audience",
    "Choice",
    "CodeRecipient",
    "InvitationCode",
    "Participation",
    "Question",
    "QuestionKind",
    "Response",
    "ResultCell",
    "Source",
    "SurveyIndexPage",
    "SurveyDraft",
    "SurveyPage",
    "open_surveys",
]
