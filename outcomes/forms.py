"""Admin forms for the roster import, distributing a summary and reminders."""

from django import forms
from django.utils.translation import gettext_lazy as _

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


class ReminderForm(forms.Form):
    days = forms.IntegerField(
        label=_("Remind members who have not acknowledged after (days)"),
        min_value=1,
        max_value=90,
        initial=7,
    )
