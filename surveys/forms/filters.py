"""The filter of the results pages and downloads."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engage.models import Area

from .. import disclosure
from ..results import REFUSALS, survey_forums
from .fields import IdChoiceField


class ResultsFilterForm(forms.Form):
    """Narrow results by language, forum, area or whole months; junk is ignored,
    not fatal, but a view that could single out a small group is refused."""

    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages"))]
    )
    forum = forms.TypedChoiceField(
        label=_("Forum"), required=False, coerce=int, empty_value=None
    )
    area = IdChoiceField(
        queryset=None, label=_("Area"), required=False, empty_label=_("All areas")
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages"))] + list(
            settings.LANGUAGES
        )
        if survey is not None and survey.ask_area:
            self.fields["area"].queryset = Area.objects.all()
        else:
            del self.fields["area"]
        self.forums = {}
        if survey is not None:
            self.forums = {forum.pk: forum for forum in survey_forums(survey)}
        if self.forums:
            self.fields["forum"].choices = [("", _("All forums"))] + [
                (pk, forum.display_title) for pk, forum in self.forums.items()
            ]
        else:
            del self.fields["forum"]

    def clean(self):
        data = super().clean()
        refusal = disclosure.refusal(data)
        if refusal:
            raise forms.ValidationError(REFUSALS[refusal], code=refusal)
        return data

    def filters(self):
        """Only the valid values, so a bad parameter widens rather than breaks."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        if data.get("forum"):
            data["forum"] = self.forums[data["forum"]]
        return {
            key: data[key]
            for key in ("language", "forum", "area", "start", "end")
            if data.get(key) and key not in self.errors
        }
