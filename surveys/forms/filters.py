"""The filter of the results pages and downloads."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engage.models import Area
from engage.widgets import LanguageSelect, LongSelect, MarkedSelect
from forums.models import ForumPage

from .. import disclosure
from ..forum_choices import survey_forums
from ..results import REFUSALS
from .fields import IdChoiceField


class ResultsFilterForm(forms.Form):
    """Narrow results by language, forum, area or whole months; junk is ignored,
    not fatal, but a view that could single out a small group is refused."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages"))],
        widget=LanguageSelect,
    )
    forum = forms.TypedChoiceField(
        label=_("Forum"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LongSelect,
    )
    area = IdChoiceField(
        queryset=None,
        label=_("Area"),
        required=False,
        empty_label=_("All areas"),
        widget=MarkedSelect(field="name"),
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
            self.fields["area"].queryset = Area.objects.as_shown()
        else:
            del self.fields["area"]
        choices, more, in_english = (
            survey_forums(survey, **self.forum_window())
            if survey
            else ([], False, set())
        )
        if choices:
            self.fields["forum"].choices = [("", _("All forums")), *choices]
            self.fields["forum"].widget.in_english = in_english
            if more:
                self.fields["forum"].help_text = _(
                    "The most recent forums are listed. For an earlier one, "
                    "choose dates and press Show first."
                )
        else:
            del self.fields["forum"]

    def forum_window(self):
        """The dates and forum asked for, read before validation because they
        decide which forums the filter offers; what does not parse is ignored."""
        window = {}
        for name in ("start", "end"):
            try:
                window[name] = self.fields[name].clean(self.data.get(name))
            except forms.ValidationError:
                window[name] = None
        try:
            chosen = int(self.data.get("forum") or 0)
        except (TypeError, ValueError):
            chosen = 0
        # Outside a database key's range, it names no forum.
        window["chosen"] = chosen if 0 < chosen < 2**63 else None
        return window

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
            data["forum"] = ForumPage.objects.filter(pk=data["forum"]).first()
        return {
            key: data[key]
            for key in ("language", "forum", "area", "start", "end")
            if data.get(key) and key not in self.errors
        }
