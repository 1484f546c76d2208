"""Admin forms for the roster import, distributing a summary, reminders and
withdrawing a summary."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms.forms import withdrawal_reason

from .deadlines import default_deadline, today
from .models import DepartmentUnit

MAX_DEADLINE_DAYS = 180


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
    acknowledgement_deadline = forms.DateField(
        label=_("Acknowledge by"),
        required=False,
        # A date input sends and shows ISO dates whatever the admin's language.
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        deadline = self.fields["acknowledgement_deadline"]
        deadline.initial = default_deadline()
        days = settings.OUTCOMES_ACKNOWLEDGEMENT_DAYS
        deadline.help_text = ngettext(
            "Members who have not acknowledged by the end of this day are listed "
            "to their unit's commander; reminders go before it. Left empty: "
            "%(count)s day from today.",
            "Members who have not acknowledged by the end of this day are listed "
            "to their unit's commander; reminders go before it. Left empty: "
            "%(count)s days from today.",
            days,
        ) % {"count": days}
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

    def clean_acknowledgement_deadline(self):
        deadline = self.cleaned_data["acknowledgement_deadline"]
        if deadline is None:
            return default_deadline()
        if deadline < today():
            raise forms.ValidationError(_("Choose today or a later day."))
        if deadline > today() + datetime.timedelta(days=MAX_DEADLINE_DAYS):
            raise forms.ValidationError(
                ngettext(
                    "Choose a day within %(count)s day from today.",
                    "Choose a day within %(count)s days from today.",
                    MAX_DEADLINE_DAYS,
                )
                % {"count": MAX_DEADLINE_DAYS}
            )
        return deadline

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


class WithdrawSummaryForm(forms.Form):
    reason = withdrawal_reason(
        _("Why is the summary withdrawn?"),
        _(
            "Shown to the public on the forum's page and at the summary's address, "
            "with the dates it was published and withdrawn, exactly as you write "
            "it here. Do not repeat what the summary should not have said."
        ),
        _("Say why the summary is withdrawn: the public is told."),
    )
