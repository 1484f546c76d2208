"""Admin forms for the roster import, distributing a summary and reminders."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import DepartmentUnit


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        help_text=_(
            "First row: column names. Required: name, email, unit. Optional: role "
            "(or rank) and language (a language code such as en, es, vi)."
        ),
    )
    deactivate_missing = forms.BooleanField(
        label=_("This is the full roster: deactivate members who are not in it"),
        required=False,
    )


class DistributeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=DepartmentUnit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to send to every active member."),
    )
    audience = forms.ChoiceField(
        label=_("Who receives it"),
        choices=[("new", "new"), ("everyone", "everyone")],
        initial="new",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, received=0, not_received=0, **kwargs):
        """Sending a summary again is a choice, offered with both counts."""
        super().__init__(*args, **kwargs)
        if not received:
            del self.fields["audience"]
            return
        self.fields["audience"].choices = [
            (
                "new",
                ngettext(
                    "Only the %(count)s member who has not received it",
                    "Only the %(count)s members who have not received it",
                    not_received,
                )
                % {"count": not_received},
            ),
            (
                "everyone",
                ngettext(
                    "Everyone, including the %(count)s member who already received it",
                    "Everyone, including the %(count)s members who already received it",
                    received,
                )
                % {"count": received},
            ),
        ]

    @property
    def everyone(self):
        return self.cleaned_data.get("audience") == "everyone"


class ReminderForm(forms.Form):
    days = forms.IntegerField(
        label=_("Remind members who have not acknowledged after (days)"),
        min_value=1,
        max_value=90,
        initial=7,
    )
