"""Results as the public sees them: the results page, open data and trends."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.withdrawal import past_withdrawals_of
from engage import page_cache
from engage.templatetags.engage_tags import format_date

from .. import disclosure, exports
from ..forms import ResultsFilterForm
from ..models import SurveyPage
from ..results import REFUSALS, compute_results
from ..trends import compute_trend, trend_chart


def results_filters(request, survey):
    """The results filter form and the valid filters it was given."""
    form = ResultsFilterForm(request.GET or None, survey=survey)
    return form, form.filters() if request.GET else {}


def survey_results(request, survey):
    """The results, or for the public the notice of their withdrawal (410)."""
    if survey.shows_withdrawal_to(request.user):
        return survey.results_withdrawn_view(request)
    if not survey.can_view_results(request.user):
        raise Http404
    with page_cache.depends_on("survey-responses", survey.pk):
        filter_form, filters = results_filters(request, survey)
        results = compute_results(survey, filters)
    context = survey.get_context(request)
    context.update(
        results=results,
        filter_form=filter_form,
        query=request.GET.urlencode(),
        results_url=survey.url + survey.reverse_subpage("results"),
        past_withdrawals=past_withdrawals_of(survey),
    )
    return TemplateResponse(
        request,
        "surveys/survey_results.html",
        context,
        status=400 if results.refused else 200,
    )


def results_data(request, page_id, fmt):
    """Aggregate results as JSON or CSV, for open-data publication."""
    survey = get_object_or_404(SurveyPage, pk=page_id)
    if fmt not in ("json", "csv"):
        raise Http404
    if survey.shows_withdrawal_to(request.user):
        return withdrawn_data(survey, fmt)
    if not survey.live or not survey.can_view_results(request.user):
        raise Http404
    _form, filters = results_filters(request, survey)
    refusal = disclosure.refusal(filters)
    if refusal and fmt == "json":
        return JsonResponse({"error": str(REFUSALS[refusal])}, status=400)
    if refusal:
        return HttpResponse(
            str(REFUSALS[refusal]), status=400, content_type="text/plain; charset=utf-8"
        )
    if fmt == "json":
        return exports.aggregate_json(survey, filters)
    return exports.aggregate_csv(survey, filters)


def withdrawn_data(survey, fmt):
    """410 Gone, saying when the results were withdrawn and why."""
    message = _("The organizers withdrew these results on %(date)s.") % {
        "date": format_date(survey.withdrawn_at, "long")
    }
    if fmt == "json":
        return JsonResponse(
            {
                "error": message,
                "withdrawn_at": survey.withdrawn_at.isoformat(),
                "reason": survey.withdrawal_reason,
                "reason_language": survey.withdrawal_language,
            },
            status=410,
        )
    text = "\n\n".join(filter(None, [message, survey.withdrawal_reason]))
    return HttpResponse(text, status=410, content_type="text/plain; charset=utf-8")


def trend(request, key):
    """One question followed across surveys, as a line chart with its table."""
    staff = request.user.is_authenticated and request.user.is_staff
    data = compute_trend(key, include_private=staff)
    if data.question is None:
        raise Http404
    return TemplateResponse(
        request,
        "surveys/trend.html",
        {
            "trend": data,
            "chart": trend_chart(data),
            "min_group": settings.SURVEYS_MIN_GROUP_SIZE,
        },
    )
