"""The forms of surveys: answering, paper entry and codes, and the results filter.

The survey page's admin edit form belongs to the page model
(``surveys.models.edit_form``).
"""

from .answering import SurveyForm
from .filters import ResultsFilterForm
from .staff import PaperResponseForm, PrintedCodesForm, WithdrawResultsForm

__all__ = [
    "PaperResponseForm",
    "PrintedCodesForm",
    "ResultsFilterForm",
    "SurveyForm",
    "WithdrawResultsForm",
]
