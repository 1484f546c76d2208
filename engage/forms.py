from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User
from .widgets import LanguageSelect

HONEYPOT_FIELD = "website"


class HoneypotMixin:
    """Adds a "website" field that people never see (templates wrap it in
    ``<div class="hp" aria-hidden="true">``) and bots fill in. A filled field
    makes the form invalid, so nothing is stored; the page shows only the
    field's own neutral error. Same name as the RSVP, survey and contact forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        """Keep the trap out of ``cleaned_data``, which views pass on as is."""
        cleaned = super().clean()
        cleaned.pop(HONEYPOT_FIELD, None)
        return cleaned


class ProfileForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "preferred_language",
            "email_forum_updates",
            "email_news",
        ]
