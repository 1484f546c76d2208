"""Answering a survey in pages: Next, Back, "save and finish later", and the
resume link.

Each page is checked when the resident leaves it forward, together with the
pages before it (conditions look back). The answers wait in a draft
(``surveys.paging``), never in the response tables: only sending the last page
stores a response, checked whole, and deletes the draft. The invitation code,
the area and the anti-spam trap are on the last page and are never kept.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation

from engage import recipient_limits
from engage.forms import HONEYPOT_FIELD

from .. import paging
from ..forms import SurveyForm
from ..forms.answering import ASKED
from ..forms.resume import ResumeEmailForm
from ..models import SurveyPage
from .answering import (
    SWITCH,
    _initial,
    _take_response,
    answer_on_one_page,
    answering_state,
    carried_over,
    form_options,
    old_code_link,
    render_survey,
)

NAV = "nav"
BACK, NEXT, SAVE, EMAIL = "back", "next", "save", "email"
PAGE_FIELD = "page"
PRIVATE = "private, no-store"


@dataclass
class Paging:
    """Where the resident is, for the template (``index`` counts from 0)."""

    index: int
    count: int
    signed: str

    @property
    def number(self):
        return self.index + 1

    @property
    def first(self):
        return self.index == 0

    @property
    def last(self):
        return self.index == self.count - 1


def _flat(pages):
    return [question for page in pages for question in page]


def _owner(questions):
    """Whether an input name belongs to one of ``questions``: its field's name,
    or that name and a suffix (its "other" box, a matrix's rows)."""
    names = [SurveyForm.field_name(question) for question in questions]

    def owns(key):
        return any(key == name or key.startswith(f"{name}_") for name in names)

    return owns


def _asked(value):
    return {
        int(part)
        for part in str(value).split(",")
        if part.strip().isdigit() and len(part.strip()) < 12
    }


def _starting_data(existing):
    """A resident's earlier response (when they may change it) as form data."""
    data = {}
    for name, value in _initial(existing, form_class=SurveyForm).items():
        if isinstance(value, dict):  # one input per row: ``<name>_<row>``
            data.update({f"{name}_{row}": [str(v)] for row, v in value.items()})
            continue
        values = value if isinstance(value, list) else [value]
        data[name] = ["" if v is None else str(v) for v in values]
    return data


def _merged(request, survey, pages, index, base):
    """The draft's answers with those posted for page ``index`` on top; the
    page's ``asked`` replaces what was known of that page's questions."""
    page = pages[index]
    owns = _owner(page)
    data = {key: values for key, values in base.items() if not owns(key)}
    data.update({key: request.POST.getlist(key) for key in request.POST if owns(key)})
    if index == len(pages) - 1 and survey.ask_area:
        data["area"] = request.POST.getlist("area")
    here = {question.pk for question in page}
    kept = {pk for pk in _asked(",".join(base.get(ASKED, []))) if pk not in here}
    posted = {pk for pk in _asked(request.POST.get(ASKED, "")) if pk in here}
    data[ASKED] = [",".join(str(pk) for pk in sorted(kept | posted))]
    return data


def _page_number(value, count):
    try:
        number = int(str(value))
    except ValueError:
        return 0
    return min(max(number, 0), count - 1)


def _first_page_with_error(form, pages, default):
    for index, page in enumerate(pages):
        owns = _owner(page)
        if any(owns(name) for name in form.errors):
            return index
    return default


def show(request, survey, pages, index, *, existing, data, signed, form=None):
    """Page ``index`` of the survey: a form over the questions up to it (their
    numbers and conditions count from the first page), showing its own."""
    last = index == len(pages) - 1
    questions = _flat(pages[: index + 1])
    if form is None:
        options = form_options(survey) if last else {}
        form = carried_over(
            SurveyForm, survey, questions, paging.as_data(data), **options
        )
    here = {question.pk for question in pages[index]}
    rows = [row for row in form.question_rows() if row.question.pk in here]
    response = render_survey(
        request,
        survey,
        _flat(pages),
        form=form,
        block=None,
        existing=existing,
        rows=rows,
        paging=Paging(index=index, count=len(pages), signed=signed),
    )
    if signed:
        response["Cache-Control"] = PRIVATE
    return response


def problem(request, survey, refusal):
    status, message = paging.PROBLEMS[refusal.reason]
    context = survey.get_context(request)
    context.update(message=message, reason=refusal.reason)
    response = TemplateResponse(
        request, "surveys/survey_draft_problem.html", context, status=status
    )
    response["Cache-Control"] = PRIVATE
    return response


def saved(request, survey, draft, signed, email_form=None, sent=None):
    """The resume link to copy, and a form to have it emailed."""
    context = survey.get_context(request)
    context.update(
        resume_url=request.build_absolute_uri(paging.resume_path(survey, signed)),
        signed=signed,
        draft=draft,
        email_form=email_form or ResumeEmailForm(),
        sent=sent,
        nav=NAV,
        email_action=EMAIL,
    )
    response = TemplateResponse(request, "surveys/survey_saved.html", context)
    response["Cache-Control"] = PRIVATE
    return response


def email_link(request, survey, draft, signed):
    """Email the link to the address typed. Over the address's hourly share
    (``engage.recipient_limits``) nothing is sent and the page says the same,
    so the form tells no one how often an address was used."""
    form = ResumeEmailForm(request.POST)
    if not form.is_valid():
        return saved(request, survey, draft, signed, email_form=form)
    email = form.cleaned_data["email"]
    sent = True
    if recipient_limits.allow(email):
        url = paging.absolute_resume_url(survey, signed)
        sent = paging.email_resume_link(survey, email, url, translation.get_language())
    return saved(request, survey, draft, signed, sent=sent)


def answer_survey(request, survey):
    """The survey page: a survey in pages is answered here, one page by
    ``answering.answer_on_one_page``, as is any page that is not the form."""
    block, existing = answering_state(request, survey)
    questions = list(survey.asked_questions())
    pages = paging.split_pages(questions)
    if block or len(pages) == 1 or old_code_link(request, survey):
        return answer_on_one_page(request, survey, block, existing, questions)
    return answer_in_pages(request, survey, pages, existing)


def answer_in_pages(request, survey, pages, existing):
    """Show a page, or take one: Next checks it, Back and Save keep what was
    typed as it is, and sending the last page stores the whole response."""
    if request.method != "POST":
        data = _starting_data(existing)
        return show(request, survey, pages, 0, existing=existing, data=data, signed="")
    signed = request.POST.get(paging.DRAFT_FIELD, "")
    index = _page_number(request.POST.get(PAGE_FIELD), len(pages))
    draft = None
    try:
        if signed:
            draft = paging.open_draft(survey, signed)
        elif index > 0 or request.POST.get(NAV) == EMAIL:
            raise paging.refuse(paging.UNKNOWN)
    except paging.DraftRefused as refusal:
        return problem(request, survey, refusal)
    action = request.POST.get(NAV)
    if action == EMAIL:
        return email_link(request, survey, draft, signed)
    base = draft.data if draft else _starting_data(existing)
    data = _merged(request, survey, pages, index, base)
    last = len(pages) - 1
    if action == SAVE:
        if draft is None:
            draft, signed = paging.start_draft(survey)
        paging.keep(draft, data, index)
        return saved(request, survey, draft, signed)
    if SWITCH in request.POST or (action == BACK and index > 0):
        if action == BACK:
            index -= 1
        if draft is not None:
            paging.keep(draft, data, index)
        return show(
            request, survey, pages, index, existing=existing, data=data, signed=signed
        )
    if index < last:
        form = SurveyForm(
            paging.as_data(data), survey=survey, questions=_flat(pages[: index + 1])
        )
        if not form.is_valid():
            at = _first_page_with_error(form, pages, index)
            return show(
                request,
                survey,
                pages,
                at,
                existing=existing,
                data=data,
                signed=signed,
                form=form,
            )
        if draft is None:
            draft, signed = paging.start_draft(survey)
        paging.keep(draft, data, index + 1)
        return show(
            request,
            survey,
            pages,
            index + 1,
            existing=existing,
            data=data,
            signed=signed,
        )
    submitted = paging.as_data(data)
    for name in ("code", HONEYPOT_FIELD):
        if name in request.POST:
            submitted.setlist(name, request.POST.getlist(name))
    form = SurveyForm(
        submitted, survey=survey, questions=_flat(pages), **form_options(survey)
    )
    response = _take_response(request, survey, form, existing, draft=draft)
    if response is not None:
        return response
    at = _first_page_with_error(form, pages, last)
    return show(
        request,
        survey,
        pages,
        at,
        existing=existing,
        data=data,
        signed=signed,
        form=form,
    )


def resume_survey(request, page_id, token):
    """Open a resume link: the saved page, its answers filled in."""
    survey = get_object_or_404(SurveyPage.objects.live(), pk=page_id)
    block, existing = answering_state(request, survey)
    questions = list(survey.asked_questions())
    if block:
        response = render_survey(
            request, survey, questions, form=None, block=block, existing=None
        )
        response["Cache-Control"] = PRIVATE
        return response
    try:
        draft = paging.open_draft(survey, token)
    except paging.DraftRefused as refusal:
        return problem(request, survey, refusal)
    pages = paging.split_pages(questions)
    index = min(draft.page, len(pages) - 1)
    return show(
        request,
        survey,
        pages,
        index,
        existing=existing,
        data=draft.data,
        signed=token,
    )
