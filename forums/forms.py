from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from engage.i18n import normalize_language

from .models import RSVP
from .models.choices import INTERPRETATION_LANGUAGES

# A text box, not type="number", which refuses digits other than 0-9 (Arabic-Indic,
# Persian, full-width...); the server reads those as numbers.
NUMBER_WIDGET = forms.TextInput(attrs={"inputmode": "numeric"})

phone_validator = RegexValidator(
    r"^[0-9+()./\- ]{5,40}$",
    _("Enter a phone number using digits, spaces and + ( ) - only."),
)


def _interpretation_choices(forum):
    names = dict(INTERPRETATION_LANGUAGES)
    offered = [code for code in forum.interpretation_languages if code in names]
    return [("", _("No interpretation needed"))] + [
        (code, names[code]) for code in offered
    ]


class AccommodationsForm(forms.Form):
    """Party size and accommodations: shared by the RSVP form and the manage page."""

    language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=settings.LANGUAGES,
        help_text=_("We write to you in this language."),
    )
    party_size = forms.IntegerField(
        label=_("How many people are coming, including you?"),
        min_value=1,
        initial=1,
        widget=NUMBER_WIDGET,
    )
    interpretation_language = forms.ChoiceField(
        label=_("Interpretation"), required=False
    )
    asl = forms.BooleanField(
        label=_("American Sign Language (ASL) interpretation"), required=False
    )
    childcare_children = forms.IntegerField(
        label=_("Children who need childcare"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
        widget=NUMBER_WIDGET,
    )
    access_needs = forms.CharField(
        label=_("Mobility or access needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example wheelchair seating, a quiet room or large print."),
    )
    other_needs = forms.CharField(
        label=_("Anything else we should know"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.fields["party_size"] = forms.IntegerField(
            label=self.fields["party_size"].label,
            min_value=1,
            max_value=forum.max_party_size,
            initial=1,
            help_text=ngettext_lazy(
                "Up to %(count)s person.", "Up to %(count)s people.", "count"
            )
            % {"count": forum.max_party_size},
            widget=NUMBER_WIDGET,
        )
        choices = _interpretation_choices(forum)
        self.fields["interpretation_language"].choices = choices
        if len(choices) == 1:
            del self.fields["interpretation_language"]

    def clean_childcare_children(self):
        return self.cleaned_data.get("childcare_children") or 0

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("interpretation_language", "")
        for name in ("access_needs", "other_needs"):
            if name in cleaned:
                cleaned[name] = cleaned[name].strip()
        return cleaned

    def accommodation_fields(self):
        names = ("interpretation_language", "asl", "childcare_children")
        return [self[name] for name in names if name in self.fields]


class RSVPForm(AccommodationsForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send your confirmation and a link to change or cancel."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=40,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Only used if we must reach you about this forum."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["name", "email", "phone", "language", "party_size"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def contact_fields(self):
        return [
            self[name] for name in ("name", "email", "phone", "language", "party_size")
        ]

    @staticmethod
    def initial_for(request):
        """Fill in what we know: a signed-in resident's account details."""
        language = normalize_language(getattr(request, "LANGUAGE_CODE", None))
        initial = {"language": language, "party_size": 1}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            initial.update(
                name=user.get_full_name(),
                email=user.email,
                language=user.preferred_language or language,
            )
        return initial


class ManageRSVPForm(AccommodationsForm):
    name = RSVPForm.base_fields["name"]
    phone = RSVPForm.base_fields["phone"]

    field_order = ["name", "phone", "language", "party_size"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    @classmethod
    def for_rsvp(cls, rsvp, data=None):
        initial = {name: getattr(rsvp, name) for name in RSVP.EDITABLE_FIELDS}
        return cls(data, forum=rsvp.forum, initial=initial)


class WalkInForm(forms.Form):
    count = forms.IntegerField(label=_("People"), min_value=1, max_value=500, initial=1)
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=200)


class ArrivedForm(forms.Form):
    """How many of a party came: all of them unless the organizer says fewer."""

    people = forms.IntegerField(label=_("People arrived"), min_value=1, max_value=500)


class GenerateForumsForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many upcoming dates should exist?"),
        min_value=1,
        max_value=36,
        initial=6,
        help_text=_("Dates that already have a page are left as they are."),
    )


class StaffRSVPForm(RSVPForm):
    """An RSVP staff take by phone: the same fields, the address optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["name"].label = _("Name")
        self.fields["email"].required = False
        self.fields["email"].help_text = _(
            "Optional. The confirmation and the link to change or cancel go here."
        )
        self.fields["party_size"].label = _("People")
        # Staff type someone else's details: the browser must not offer their own.
        for name in ("name", "email", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()
