"""Answering, results, trends, and the organizers' admin screens."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from engage.i18n import missing_translations

from . import exports, services
from .forms import (
    PaperResponseForm,
    PrintedCodesForm,
    ResultsFilterForm,
    SurveyForm,
)
from .models import (
    TEXT_KINDS,
    Answer,
    Audience,
    InvitationCode,
    Source,
    SurveyPage,
)
from .results import compute_results, compute_trend, min_group_size, trend_chart

SWITCH = "switch_language"


def cookie_name(survey):
    return f"survey_{survey.pk}_answered"


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def _multi_value(field):
    return getattr(field.widget, "allow_multiple_selected", False)


def carried_over(form_class, survey, questions, data, **kwargs):
    """An unbound form showing what was typed: used when the reader switches
    language, so nothing is lost and no error is shown yet."""
    probe = form_class(survey=survey, questions=questions, **kwargs)
    initial = {
        name: data.getlist(name) if _multi_value(field) else data.get(name)
        for name, field in probe.fields.items()
        if name in data
    }
    return form_class(survey=survey, questions=questions, initial=initial, **kwargs)


def language_buttons(request, survey):
    """Targets for the in-form language switcher, which posts what was typed."""
    current = translation.get_language()
    buttons = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = survey.url
        buttons.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "bidi": code in settings.LANGUAGES_BIDI,
            }
        )
    return buttons


def untranslated(questions):
    """True when some question or choice is shown in English for want of a
    translation in the reader's language."""
    for question in questions:
        if missing_translations(question, ["text", "help_text"]):
            return True
        if any(missing_translations(c, ["label"]) for c in question.choices.all()):
            return True
    return False


def answer_survey(request, survey):
    """Show the survey and take a response: all of it, checked, or nothing."""
    user = request.user
    block = services.answering_block(survey, user)
    existing = services.editable_response(survey, user) if not block else None
    if (
        not block
        and survey.audience == Audience.ANYONE
        and request.get_signed_cookie(cookie_name(survey), default=None, salt="surveys")
    ):
        block = "answered"
    questions = list(survey.asked_questions())
    options = {
        "code_required": survey.audience == Audience.INVITED,
        "honeypot": survey.audience == Audience.ANYONE,
    }
    form = None
    if not block:
        if request.method == "POST" and SWITCH in request.POST:
            form = carried_over(SurveyForm, survey, questions, request.POST, **options)
        elif request.method == "POST":
            form = SurveyForm(
                request.POST, survey=survey, questions=questions, **options
            )
            response = _take_response(request, survey, form, existing)
            if response is not None:
                return response
        else:
            initial = _initial(existing, form_class=SurveyForm)
            if options["code_required"] and "code" in request.GET:
                initial["code"] = request.GET["code"][:20]
            form = SurveyForm(
                survey=survey, questions=questions, initial=initial, **options
            )
    context = survey.get_context(request)
    context.update(
        form=form,
        blocked=block,
        existing=existing,
        languages=language_buttons(request, survey),
        untranslated=untranslated(questions),
        switch_name=SWITCH,
    )
    return TemplateResponse(request, "surveys/survey_page.html", context)


def _take_response(request, survey, form, existing):
    address = client_address(request)
    if survey.audience == Audience.ANYONE and services.rate_limited(survey, address):
        form.add_error(
            None,
            _("Too many responses have come from your connection. Try again later."),
        )
        return None
    if not form.is_valid():
        return None
    try:
        services.submit_response(
            survey,
            form.answers,
            language=translation.get_language(),
            user=request.user if request.user.is_authenticated else None,
            invitation=form.invitation,
            area=form.cleaned_data.get("area"),
            existing=existing,
        )
    except services.SubmissionRefused as refusal:
        form.add_error(None, str(refusal.args[0]))
        return None
    redirect_to = redirect(survey.url + survey.reverse_subpage("thanks"))
    if survey.audience == Audience.ANYONE:
        services.count_submission(survey, address)
        redirect_to.set_signed_cookie(
            cookie_name(survey),
            "1",
            salt="surveys",
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
        )
    return redirect_to


def _initial(existing, form_class):
    """A resident's earlier answers, to change them while the survey is open."""
    if existing is None:
        return {}
    initial = {}
    for answer in existing.answers.select_related("question"):
        question = answer.question
        name = form_class.field_name(question)
        if answer.choice_id:
            if question.kind == "multiple":
                initial.setdefault(name, []).append(str(answer.choice_id))
            else:
                initial[name] = str(answer.choice_id)
        elif answer.number is not None:
            value = answer.number
            initial[name] = int(value) if question.kind != "number" else value
        elif question.kind in TEXT_KINDS:
            initial[name] = answer.text
        else:
            initial[form_class.other_name(question)] = answer.text
            if question.kind == "multiple":
                initial.setdefault(name, []).append("other")
            else:
                initial[name] = "other"
    initial["area"] = existing.area_id
    return initial


def survey_thanks(request, survey):
    context = survey.get_context(request)
    return TemplateResponse(request, "surveys/survey_thanks.html", context)


def _filters(request, survey):
    form = ResultsFilterForm(request.GET or None, survey=survey)
    return form, form.filters() if request.GET else {}


def survey_results(request, survey):
    if not survey.can_view_results(request.user):
        raise Http404
    filter_form, filters = _filters(request, survey)
    context = survey.get_context(request)
    context.update(
        results=compute_results(survey, filters),
        filter_form=filter_form,
        query=request.GET.urlencode(),
        results_url=survey.url + survey.reverse_subpage("results"),
    )
    return TemplateResponse(request, "surveys/survey_results.html", context)


def results_data(request, page_id, fmt):
    """Aggregate results as JSON or CSV, for open-data publication."""
    survey = get_object_or_404(SurveyPage.objects.live(), pk=page_id)
    if fmt not in ("json", "csv") or not survey.can_view_results(request.user):
        raise Http404
    _form, filters = _filters(request, survey)
    if fmt == "json":
        return exports.aggregate_json(survey, filters)
    return exports.aggregate_csv(survey, filters)


def trend(request, key):
    """One question followed across surveys, as a line chart with its table."""
    staff = request.user.is_authenticated and request.user.is_staff
    data = compute_trend(key, include_private=staff)
    if data.question is None:
        raise Http404
    return TemplateResponse(
        request,
        "surveys/trend.html",
        {"trend": data, "chart": trend_chart(data), "min_group": min_group_size()},
    )


# Admin -----------------------------------------------------------------------


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
        filter_form, filters = _filters(self.request, self.survey)
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
            Answer.objects.filter(response__survey=self.survey)
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
        answer = self.answers().filter(pk=request.POST.get("answer")).first()
        if answer is None:
            raise Http404
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
        return PaperResponseForm(
            data,
            survey=self.survey,
            questions=self.survey.asked_questions(),
            initial={"paper_date": timezone.localdate()},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.build_form())
        return context

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if form.is_valid():
            services.submit_response(
                self.survey,
                form.answers,
                language=form.cleaned_data["paper_language"],
                source=Source.PAPER,
                area=form.cleaned_data.get("area"),
                forum=form.cleaned_data.get("paper_forum"),
                on_date=form.cleaned_data["paper_date"],
            )
            messages.success(request, _("The paper response was saved."))
            return redirect(request.path)
        messages.error(request, _("The response was not saved; see the errors below."))
        return self.render_to_response(self.get_context_data(form=form))


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
        forum = self.survey.forum.title
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
        elif not outcome.codes:
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
                len(outcome.codes),
            ) % {"count": len(outcome.codes), "forum": forum}
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
        context["survey_url"] = self.survey.full_url
        return context


def export_responses(request, page_id, fmt):
    page = get_object_or_404(Page, pk=page_id, content_type__model="surveypage")
    survey = page.specific
    if not survey.user_is_organizer(request.user):
        raise PermissionDenied
    _form, filters = _filters(request, survey)
    if fmt == "xlsx":
        return exports.responses_xlsx(survey, filters)
    return exports.responses_csv(survey, filters)
