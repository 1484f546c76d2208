"""The organizers' screens for one survey in the Wagtail admin: results,
free-text answers, paper entry, codes, response downloads, and withdrawing
results."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from engage.links import absolute_url

from .. import exports, services, withdrawing
from ..forms import PaperResponseForm, PrintedCodesForm, WithdrawResultsForm
from ..models import Answer, InvitationCode, Source, SurveyPage
from ..results import compute_results
from .published import results_filters


class SurveyAdminMixin(WagtailAdminTemplateMixin):
    """Admin screens for one survey, open to those who may edit its page."""

    header_icon = "list-ul"

    def dispatch(self, request, page_id, *args, **kwargs):
        page = get_object_or_404(Page, pk=page_id, content_type__model="surveypage")
        self.survey = page.specific
        if not isinstance(self.survey, SurveyPage) or not self.survey.user_is_organizer(
            request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.survey.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["survey"] = self.survey
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.survey.pk])
        return context


class AdminResultsView(SurveyAdminMixin, TemplateView):
    page_title = gettext_lazy("Survey results")
    template_name = "surveys/admin/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form, filters = results_filters(self.request, self.survey)
        context.update(
            results=compute_results(self.survey, filters),
            filter_form=filter_form,
            query=self.request.GET.urlencode(),
            public_url=self.survey.url + self.survey.reverse_subpage("results"),
        )
        return context


class TextAnswersView(SurveyAdminMixin, TemplateView):
    """Staff read free-text answers and approve some for publication, edited
    to take out personal details."""

    page_title = gettext_lazy("Free-text answers")
    template_name = "surveys/admin/text_answers.html"

    def answers(self):
        return (
            # A date answer keeps its day as text beside its number: not quotable.
            Answer.objects.filter(response__survey=self.survey, number=None)
            .exclude(text="")
            .select_related("question", "response")
            .order_by("question__sort_order", "-response__submitted_on", "id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.answers(), 50).get_page(self.request.GET.get("p"))
        context.update(page_obj=page, answers=page.object_list)
        return context

    def post(self, request, *args, **kwargs):
        try:
            answer_id = uuid.UUID(str(request.POST.get("answer", "")))
        except ValueError:
            answer_id = None
        answer = answer_id and self.answers().filter(pk=answer_id).first()
        if not answer:
            messages.error(
                request,
                _(
                    "That answer was not found, so nothing was saved. Reload the "
                    "page and try again."
                ),
            )
            return self.render_to_response(self.get_context_data(), status=400)
        answer.quote = request.POST.get("quote", "").replace("\x00", "")[:5000]
        answer.approved = request.POST.get("approved") == "on"
        answer.save(update_fields=["quote", "approved"])
        messages.success(request, _("The answer was saved."))
        return redirect(request.get_full_path())


class PaperEntryView(SurveyAdminMixin, TemplateView):
    """Type in a paper response; it counts like a web one and is marked paper."""

    page_title = gettext_lazy("Enter a paper response")
    template_name = "surveys/admin/paper_entry.html"

    def build_form(self, data=None):
        return PaperResponseForm.for_survey(
            self.survey, data, initial={"paper_date": timezone.localdate()}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.build_form())
        return context

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if form.is_valid():
            try:
                services.submit_response(
                    self.survey,
                    form.answers,
                    language=form.cleaned_data["paper_language"],
                    source=Source.PAPER,
                    invitation=form.invitation,
                    area=form.cleaned_data.get("area"),
                    forum=form.cleaned_data.get("paper_forum"),
                    on_date=form.cleaned_data["paper_date"],
                )
            except services.SubmissionRefused as refusal:
                form.add_error(None, str(refusal.args[0]))
            else:
                messages.success(request, _("The paper response was saved."))
                return redirect(request.path)
        messages.error(request, _("The response was not saved; see the errors below."))
        return self.render_to_response(self.get_context_data(form=form))


class StartNextView(SurveyAdminMixin, TemplateView):
    """Start this month's survey from last month's: a draft copy without dates,
    forum or codes, opened in the editor."""

    page_title = gettext_lazy("Start next month's survey from this one")
    template_name = "surveys/admin/start_next.html"
    header_icon = "copy"

    def post(self, request, *args, **kwargs):
        copy = self.survey.start_next(request.user)
        messages.success(
            request,
            _(
                "This is a draft copy of “%(title)s”. Give it its title and dates, "
                "then publish it."
            )
            % {"title": self.survey.title},
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)


class CodesView(SurveyAdminMixin, TemplateView):
    """Issue a batch of short codes to print, and see how many were used."""

    page_title = gettext_lazy("Invitation codes")
    template_name = "surveys/admin/codes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PrintedCodesForm())
        context["batches"] = (
            InvitationCode.objects.filter(survey=self.survey)
            .values("batch")
            .annotate(issued=Count("id"), used=Count("id", filter=Q(used=True)))
            .order_by("batch")
        )
        return context

    def post(self, request, *args, **kwargs):
        form = PrintedCodesForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.issue_printed_codes(
            self.survey,
            form.cleaned_data["count"],
            batch=form.cleaned_data["batch"],
            expires_on=form.cleaned_data["expires_on"],
        )
        messages.success(request, _("The codes are ready to print."))
        return redirect(request.path)


class AttendeeCodesView(SurveyAdminMixin, View):
    """Email a personal code to each attendee of the survey's forum, once."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            outcome = services.email_attendee_codes(self.survey)
        except services.CodesRefused as refusal:
            messages.error(request, str(refusal.args[0]))
            return redirect("surveys_admin:codes", self.survey.pk)
        forum = self.survey.forum.display_title
        if not outcome.attendees:
            messages.warning(
                request,
                _(
                    "No one with an email address has been checked in at "
                    "“%(forum)s”, so no codes were sent. Check attendees in on "
                    "the forum first."
                )
                % {"forum": forum},
            )
        elif not outcome.emailed:
            messages.info(
                request,
                ngettext(
                    "The %(count)d attendee of “%(forum)s” already has a code; "
                    "no codes were sent.",
                    "All %(count)d attendees of “%(forum)s” already have a code; "
                    "no codes were sent.",
                    outcome.attendees,
                )
                % {"count": outcome.attendees, "forum": forum},
            )
        else:
            message = ngettext(
                "A personal code was emailed to %(count)d attendee of “%(forum)s”.",
                "Personal codes were emailed to %(count)d attendees of “%(forum)s”.",
                outcome.emailed,
            ) % {"count": outcome.emailed, "forum": forum}
            if outcome.already_had_one:
                message += " " + ngettext(
                    "%(count)d already had one and was not sent another.",
                    "%(count)d already had one and were not sent another.",
                    outcome.already_had_one,
                ) % {"count": outcome.already_had_one}
            messages.success(request, message)
        return redirect("surveys_admin:codes", self.survey.pk)


class PrintCodesView(SurveyAdminMixin, TemplateView):
    """A sheet of unused codes of one batch, to cut up and hand out."""

    template_name = "surveys/admin/codes_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = self.request.GET.get("batch", "")
        context["codes"] = InvitationCode.objects.filter(
            survey=self.survey, used=False, batch=context["batch"]
        )
        context["survey_url"] = absolute_url(self.survey)
        return context


def export_responses(request, page_id, fmt):
    page = get_object_or_404(Page, pk=page_id, content_type__model="surveypage")
    survey = page.specific
    if not survey.user_is_organizer(request.user):
        raise PermissionDenied
    _form, filters = results_filters(request, survey)
    if fmt == "xlsx":
        return exports.responses_xlsx(survey, filters)
    return exports.responses_csv(survey, filters)


# Withdrawing results and publishing them again --------------------------------


def _publishable_survey(request, page_id):
    survey = get_object_or_404(SurveyPage, pk=page_id)
    if not survey.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return survey


def withdraw_results(request, page_id):
    """Take public results down, saying why: the edit form, Wagtail's own
    unpublish and bulk unpublishing send an organizer here."""
    survey = _publishable_survey(request, page_id)
    if not withdrawing.results_shown(survey):
        messages.error(request, _("This survey's results are not public."))
        return redirect("wagtailadmin_pages:edit", survey.pk)
    form = WithdrawResultsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        withdrawing.withdraw_results(
            survey, form.cleaned_data["reason"], get_language()
        )
        messages.success(
            request,
            _("The results are withdrawn. Their address says when and why."),
        )
        return redirect("wagtailadmin_pages:edit", survey.pk)
    return TemplateResponse(
        request,
        "surveys/admin/withdraw_results.html",
        {
            "survey": survey,
            "form": form,
            "page_title": _("Withdraw the results: %(title)s")
            % {"title": survey.title},
            "header_icon": "list-ul",
        },
        status=400 if form.is_bound else 200,
    )


def publish_results_again(request, page_id):
    """Show withdrawn results again, on a press of the button (GET asks)."""
    survey = _publishable_survey(request, page_id)
    if not survey.results_withdrawn:
        messages.error(request, _("This survey's results are not withdrawn."))
        return redirect("wagtailadmin_pages:edit", survey.pk)
    if request.method == "POST":
        withdrawing.publish_results_again(survey)
        messages.success(
            request,
            _(
                "The results are public again. Their page lists when and why they "
                "were withdrawn."
            ),
        )
        return redirect("wagtailadmin_pages:edit", survey.pk)
    return TemplateResponse(
        request,
        "surveys/admin/publish_results_again.html",
        {
            "survey": survey,
            "page_title": _("Publish the results again: %(title)s")
            % {"title": survey.title},
            "header_icon": "list-ul",
        },
    )
