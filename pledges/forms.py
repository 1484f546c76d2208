from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.models import register_form_field_override

from engage.forms import HoneypotMixin
from engage.templatetags.engage_tags import format_date
from engage.widgets import LanguageSelect, RadioSelect
from outcomes.models import ActionItem
from surveys.models import Question

from .choices import Frequency
from .models import (
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
    PledgePage,
    ProgressUpdatePage,
    UpdateEvidence,
)
from .models.amendments import ORGANIZER_TERMS

ORGANIZER_PERMISSION = "pledges.manage_pledges"


class TermsFormMixin:
    """Once a pledge is published, every change to its terms needs a reason, which
    is shown publicly with the change (``pledges.models.amendments``).

    A mayor's office publishes changes to titles, descriptions, the responsible
    office and the local figures itself. A change to a target date, a weight or
    the signing date moves the public flags and the overall figure, so only an
    organizer publishes it: the office saves a draft (or submits it, when the
    pledge has an approval workflow) and an organizer publishes that draft."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "change_reason" in self.fields and not self.instance.has_unpublished_changes:
            # A reason belongs to one change: a new edit starts without one.
            self.initial["change_reason"] = ""

    def _post_clean(self):
        super()._post_clean()
        if "change_reason" not in self.fields:
            return
        changes = self.instance.term_changes()
        if not changes:
            return
        if not (self.cleaned_data.get("change_reason") or "").strip():
            self.add_error(
                "change_reason",
                _(
                    "Say why the terms change: the reason is shown publicly with "
                    "the change."
                ),
            )
        if "action-publish" in self.data and not self.for_user.has_perm(
            ORGANIZER_PERMISSION
        ):
            for term in sorted({change[0] for change in changes} & ORGANIZER_TERMS):
                self.add_error(
                    term if term in self.fields else None,
                    _(
                        "Only an organizer can publish a change to this. Save a "
                        "draft with your reason and ask the organizers to publish it."
                    ),
                )


class CommitmentPageForm(TermsFormMixin, WagtailAdminPageForm):
    pass


class PledgePageForm(TermsFormMixin, WagtailAdminPageForm):
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
    """Only earlier published updates of the same commitment can be corrected, and
    a change of status or percentage needs a document or a link as evidence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page
        if parent is None and self.instance.path:
            parent = self.instance.get_parent()
        if parent is not None and isinstance(parent.specific, CommitmentPage):
            # The add form knows the commitment before the page exists, so the
            # correction and the date are checked against it in one step.
            self.instance.commitment_id = parent.pk
        else:
            parent = None
        if "corrects" not in self.fields:
            return
        queryset = ProgressUpdatePage.objects.none()
        if parent is not None:
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

    def _post_clean(self):
        super()._post_clean()
        evidence = self.formsets.get("evidence")
        if self.errors.get("status") or self.errors.get("percentage"):
            return
        if evidence is not None and not evidence.is_valid():
            return  # the evidence's own errors say what to fix first
        if self.instance.status and self.instance.percentage is not None:
            try:
                self.instance.check_evidence(self._evidence(evidence))
            except ValidationError as error:
                self.add_error(None, error)

    @staticmethod
    def _evidence(formset):
        """The evidence the form would save, as unsaved rows."""
        if formset is None:
            return []
        return [
            UpdateEvidence(
                document=form.cleaned_data.get("document"),
                url=form.cleaned_data.get("url") or "",
            )
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class FollowForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often should we write?"),
        widget=RadioSelect,
        choices=Frequency.choices,
        initial=Frequency.EACH_UPDATE,
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ActionItemChoiceField(forms.ModelChoiceField):
    """Names each action item by its forum, status and due date, so an editor can
    tell apart items with similar wording.

    Only published summaries are offered: a draft is not yet public, and mayors'
    offices may not see it. An item linked earlier stays a choice, so unpublishing
    its summary never makes the commitment's form fail on a row nobody touched."""

    def __init__(self, queryset, **kwargs):
        queryset = (
            queryset.filter(
                models.Q(summary__live=True, summary__forum__live=True)
                | models.Q(pk__in=CommitmentActionItem.objects.values("action_item"))
            )
            .select_related("summary__forum")
            .order_by("-summary__forum__start", "sort_order", "pk")
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, item):
        forum = item.summary.forum if item.summary_id else None
        return _("%(forum)s: %(item)s (%(status)s, due %(date)s)") % {
            "forum": forum.display_title if forum else item.summary.title,
            "item": item.description[:80],
            "status": item.get_status_display(),
            "date": format_date(item.due_date, "medium"),
        }


class QuestionChoiceField(forms.ModelChoiceField):
    """Names each question by its survey; like action items, only published
    surveys' questions are offered, and those linked earlier."""

    def __init__(self, queryset, **kwargs):
        queryset = (
            queryset.filter(
                models.Q(page__live=True)
                | models.Q(pk__in=CommitmentSurveyQuestion.objects.values("question"))
            )
            .select_related("page")
            .order_by("page__title", "page_id", "sort_order", "pk")
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, question):
        return f"{question.page.title}: {question.text[:120]}"


def attach_admin_forms():
    """Page models name no form class, since models never import forms: the
    pledge and update forms are attached here at start-up. Wagtail admin forms
    pick action items and questions from the choosers below; only the
    commitment's link rows point at those models."""
    PledgePage.base_form_class = PledgePageForm
    CommitmentPage.base_form_class = CommitmentPageForm
    ProgressUpdatePage.base_form_class = ProgressUpdateForm
    register_form_field_override(
        models.ForeignKey,
        to=ActionItem,
        override={"form_class": ActionItemChoiceField},
    )
    register_form_field_override(
        models.ForeignKey,
        to=Question,
        override={"form_class": QuestionChoiceField},
    )
