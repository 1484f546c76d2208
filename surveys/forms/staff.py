"""Organizers' forms: typing in a paper response, printing codes and
withdrawing results."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.forms import withdrawal_reason
from engage.widgets import LanguageSelect
from forums.models import ForumPage

from ..models import Audience
from .answering import SurveyForm
from .fields import IdChoiceField


class PaperResponseForm(SurveyForm):
    """A paper form typed in by an organizer: the same checks, plus its language
    and the day it was filled in, and the code of an invitation-only survey."""

    @classmethod
    def for_survey(cls, survey, data=None, **kwargs):
        """The form of ``survey``'s paper responses, both as typed in and as
        printed (``surveys.views.paper``), so the two have the same fields."""
        return cls(
            data,
            survey=survey,
            questions=survey.asked_questions(),
            code_required=survey.audience == Audience.INVITED,
            **kwargs,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper_language"] = forms.ChoiceField(
            label=_("Language of the paper form"),
            choices=settings.LANGUAGES,
            widget=LanguageSelect,
            initial=settings.LANGUAGE_CODE,
        )
        self.fields["paper_date"] = forms.DateField(
            label=_("Date on the form"),
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["paper_forum"] = IdChoiceField(
            ForumPage.objects.order_by("-start", "-pk"),
            label=_("Forum where the form was filled in"),
            required=False,
            empty_label=_("No forum"),
            initial=self.survey.forum_id,
        )


class PrintedCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many codes"), min_value=1, max_value=1000, initial=50
    )
    batch = forms.CharField(
        label=_("Batch name"),
        max_length=100,
        required=False,
        help_text=_("For example “Eastside library door, 12 May”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WithdrawResultsForm(forms.Form):
    reason = withdrawal_reason(
        _("Why are the results withdrawn?"),
        _(
            "Shown to the public at the results' address, with the dates they were "
            "published and withdrawn, exactly as you write it here."
        ),
        _("Say why the results are withdrawn: the public is told."),
    )
