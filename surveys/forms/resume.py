"""The form that emails a resident the link to their saved answers."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ResumeEmailForm(forms.Form):
    """The address is used once, to send the link, and kept nowhere."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We use it only to send you the link, and do not keep it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
