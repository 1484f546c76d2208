from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from engage.forms import HoneypotMixin
from engage.i18n import normalize_language
from engage.widgets import LanguageSelect

from .choices import Topic
from .models import MAX_QUESTION_LENGTH


class QuestionForm(HoneypotMixin, forms.Form):
    """What a resident sends from their phone: the question, its language and
    an optional topic. Nothing about who they are."""

    text = forms.CharField(
        label=_("Your question or concern"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Up to 500 characters. Please do not include names."),
    )
    language = forms.ChoiceField(
        label=_("Language you are writing in"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
    )
    topic = forms.ChoiceField(
        label=_("Topic (optional)"),
        choices=[("", _("No topic"))] + list(Topic.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {"language": normalize_language(translation.get_language())},
        )
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = MAX_QUESTION_LENGTH


class OpenBoardForm(forms.Form):
    room_language = forms.ChoiceField(
        label=_("Main language of the room"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
        initial=settings.LANGUAGE_CODE,
        help_text=_("Moderators can translate questions into it for the screen."),
    )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Answer note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TranslationForm(forms.Form):
    translation = forms.CharField(
        label=_("Translation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    position = forms.IntegerField(min_value=0)


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(q.pk, str(q)) for q in targets]
