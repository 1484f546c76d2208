from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from engage.i18n import normalize_language
from engage.widgets import LanguageSelect, RadioSelect

from .models import RSVP, Attendance
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
        widget=LanguageSelect,
        help_text=_("We write to you in this language."),
    )
    party_size = forms.IntegerField(
        label=_("How many people are coming, including you?"),
        min_value=1,
        initial=1,
        widget=NUMBER_WIDGET,
    )
    interpretation_language = forms.ChoiceField(
        label=_("Interpretation"), required=False, widget=LanguageSelect
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
        if forum.is_hybrid:
            # The room and the online audience have seats and waitlists of their own.
            self.fields["attendance"] = forms.ChoiceField(
                label=_("How will you take part?"),
                choices=Attendance.choices,
                widget=RadioSelect,
                error_messages={
                    "required": _(
                        "Choose how you will take part: in the room or online."
                    ),
                    "invalid_choice": _(
                        "Choose how you will take part: in the room or online."
                    ),
                },
            )

    def clean_childcare_children(self):
        return self.cleaned_data.get("childcare_children") or 0

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("interpretation_language", "")
        for name in ("access_needs", "other_needs"):
            if name in cleaned:
                cleaned[name] = cleaned[name].strip()
        return cleaned

    def attendance_fields(self):
        """The in-room or online choice, asked only at hybrid forums."""
        return [self["attendance"]] if "attendance" in self.fields else []

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
        ] + self.attendance_fields()

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
        initial["attendance"] = rsvp.attendance
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


def _field_key(language):
    return language.replace("-", "_")


class RegistrantMessageForm(forms.Form):
    """One message to a forum's registrants: English, and any of the other site
    languages; a registrant whose language is left empty gets the English."""

    request_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is out of date: open it again, then send."),
            "invalid": _("This form is out of date: open it again, then send."),
        },
    )
    to_confirmed = forms.BooleanField(
        label=_("Registrants with a seat"), required=False, initial=True
    )
    to_waitlisted = forms.BooleanField(
        label=_("Registrants on the waitlist"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            english = code == "en"
            key = _field_key(code)
            self.fields[f"subject_{key}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=english,
            )
            self.fields[f"body_{key}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                max_length=5000,
                required=english,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code}),
                help_text=None
                if english
                else _("Leave empty to send the English text, with a note."),
            )
            self.fields[f"subject_{key}"].widget.attrs["lang"] = code

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("to_confirmed") or cleaned.get("to_waitlisted")):
            raise forms.ValidationError(
                _(
                    "Choose who gets the message: those with a seat, the waitlist "
                    "or both."
                )
            )
        for code, _name in settings.LANGUAGES:
            key = _field_key(code)
            if cleaned.get(f"subject_{key}") and not cleaned.get(f"body_{key}"):
                self.add_error(
                    f"body_{key}",
                    _("Write the message in this language too, or clear its subject."),
                )
        return cleaned

    def texts(self):
        """(subjects, bodies) keyed by language, only those written."""
        subjects, bodies = {}, {}
        for code, _name in settings.LANGUAGES:
            key = _field_key(code)
            body = self.cleaned_data.get(f"body_{key}", "").strip()
            if body:
                bodies[code] = body
                subject = self.cleaned_data.get(f"subject_{key}", "").strip()
                if subject:
                    subjects[code] = subject
        return subjects, bodies

    def fields_by_language(self):
        """(language name, subject field, body field) for the template."""
        return [
            (
                name,
                self[f"subject_{_field_key(code)}"],
                self[f"body_{_field_key(code)}"],
            )
            for code, name in settings.LANGUAGES
        ]
