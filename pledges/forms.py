from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class PledgePageForm(WagtailAdminPageForm):
    """Offers the seven template commitments when a pledge is first created."""

    start_from_template = forms.BooleanField(
        label=_("Start with the seven commitments of the pledge template"),
        required=False,
        initial=True,
        help_text=_(
            "Adds the seven commitments, written in all six languages, as soon as the "
            "pledge is saved. You can edit or remove them afterwards."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["start_from_template"]


class ProgressUpdateForm(WagtailAdminPageForm):
    """Only earlier published updates of the same commitment can be corrected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CommitmentPage, ProgressUpdatePage

        if "corrects" not in self.fields:
            return
        parent = self.parent_page
        if parent is None and self.instance.path:
            parent = self.instance.get_parent()
        queryset = ProgressUpdatePage.objects.none()
        if parent is not None and isinstance(parent.specific, CommitmentPage):
            queryset = ProgressUpdatePage.objects.live().filter(commitment=parent.pk)
            if self.instance.pk:
                queryset = queryset.exclude(pk=self.instance.pk)
        self.fields["corrects"] = forms.ModelChoiceField(
            queryset=queryset.order_by("-update_date", "-pk"),
            required=False,
            label=self.fields["corrects"].label,
            help_text=self.fields["corrects"].help_text,
            widget=forms.Select,
        )


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often should we write?"), widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, **kwargs):
        from .models import Frequency

        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = Frequency.choices
        self.fields["frequency"].initial = Frequency.EACH_UPDATE

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
