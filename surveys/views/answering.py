"""Answering a survey: the form, the language switcher, and the thanks page.

Served at the survey page's own routes (``SurveyPage.serve_route``).
"""

import datetime
from urllib.parse import quote

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from engage.i18n import language_links, missing_translations, url_in_language
from engage.ratelimit import client_ip

from .. import services
from ..forms import SurveyForm
from ..models import Audience
from ..vocabulary import GRID_KINDS, OTHER, TEXT_KINDS, QuestionKind

SWITCH = "switch_language"


def cookie_name(survey):
    return f"survey_{survey.pk}_answered"


def carried_over(form_class, survey, questions, data, **kwargs):
    """An unbound form showing what was typed: used when the reader switches
    language or page, so nothing is lost and no error is shown yet. Each
    widget reads its own inputs (one per row of a matrix, say)."""
    probe = form_class(survey=survey, questions=questions, **kwargs)
    initial = {
        name: field.widget.value_from_datadict(data, {}, name)
        for name, field in probe.fields.items()
        if not field.widget.value_omitted_from_data(data, {}, name)
    }
    return form_class(survey=survey, questions=questions, initial=initial, **kwargs)


def language_buttons(request, survey):
    """Targets for the in-form language switcher, which posts what was typed.
    The survey's address is worked out once: in another language only its
    prefix differs."""
    url = survey.url
    return language_links(lambda code: url_in_language(url, code))


def untranslated(questions):
    """True when some question or choice is shown in English for want of a
    translation in the reader's language."""
    for question in questions:
        if missing_translations(question, ["text", "help_text"]):
            return True
        if any(missing_translations(c, ["label"]) for c in question.choices.all()):
            return True
    return False


def answering_state(request, survey):
    """Why the visitor cannot answer now (or None), and the response of theirs
    they may change."""
    user = request.user
    block = services.answering_block(survey, user)
    existing = services.editable_response(survey, user) if not block else None
    if (
        not block
        and survey.audience == Audience.ANYONE
        and request.get_signed_cookie(cookie_name(survey), default=None, salt="surveys")
    ):
        block = "answered"
    return block, existing


def form_options(survey):
    return {
        "code_required": survey.audience == Audience.INVITED,
        "honeypot": survey.audience == Audience.ANYONE,
    }


def render_survey(request, survey, questions, *, form, block, existing, **extra):
    """The survey page; ``extra`` carries the paging of a survey in pages
    (``surveys.views.paged``), and ``rows`` the questions of its page."""
    status = extra.pop("status", 200)
    rows = extra.pop("rows", None)
    if rows is None and form is not None:
        rows = form.question_rows()
    context = survey.get_context(request)
    context.update(
        form=form,
        blocked=block,
        existing=existing,
        languages=language_buttons(request, survey),
        untranslated=untranslated(questions),
        switch_name=SWITCH,
        rows=rows or [],
        **extra,
    )
    return TemplateResponse(request, "surveys/survey_page.html", context, status=status)


def answer_on_one_page(request, survey, block, existing, questions):
    """Show the survey and take a response: all of it, checked, or nothing.
    (A survey in pages: ``surveys.views.paged``, which hands others to this.)"""
    options = form_options(survey)
    form = None
    if not block:
        if old_code_link(request, survey):
            return _code_in_fragment(survey, request.GET["code"])
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
            form = SurveyForm(
                survey=survey, questions=questions, initial=initial, **options
            )
    return render_survey(
        request, survey, questions, form=form, block=block, existing=existing
    )


def old_code_link(request, survey):
    return (
        request.method == "GET"
        and survey.audience == Audience.INVITED
        and "code" in request.GET
    )


def _code_in_fragment(survey, code):
    """A link from an invitation sent before codes moved out of query strings:
    the same page with the code after ``#``, which the browser keeps to itself,
    so no later log line, cache key or page holds it."""
    return redirect(f"{survey.url}#code={quote(services.normalize_code(code)[:16])}")


def _take_response(request, survey, form, existing, draft=None):
    address = client_ip(request)
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
            draft=draft,
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
        if question.kind in GRID_KINDS:
            initial.setdefault(name, {})[answer.choice_id] = int(answer.number)
        elif question.kind == QuestionKind.DATE:
            initial[name] = datetime.date.fromisoformat(answer.text)
        elif answer.choice_id:
            if question.kind == QuestionKind.MULTIPLE:
                initial.setdefault(name, []).append(str(answer.choice_id))
            else:
                initial[name] = str(answer.choice_id)
        elif answer.number is not None:
            value = answer.number
            initial[name] = (
                int(value) if question.kind != QuestionKind.NUMBER else value
            )
        elif question.kind in TEXT_KINDS:
            initial[name] = answer.text
        else:
            initial[form_class.other_name(question)] = answer.text
            if question.kind == QuestionKind.MULTIPLE:
                initial.setdefault(name, []).append(OTHER)
            else:
                initial[name] = OTHER
    initial["area"] = existing.area_id
    return initial


def survey_thanks(request, survey):
    context = survey.get_context(request)
    return TemplateResponse(request, "surveys/survey_thanks.html", context)
