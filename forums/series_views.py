"""The admin screen that shows what a series' dates do to its upcoming forums and
applies that plan once the organizer has read it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import series_plan
from .models import ForumSeries


def plan_url(series):
    return reverse("forums_admin:series_plan", args=[series.pk])


def review_after_edit(request, series):
    """After a series is saved: if its dates no longer match its upcoming forums,
    send the organizer to the plan rather than leave both sets live."""
    if not isinstance(series, ForumSeries):
        return None
    if not series_plan.build_plan(series).changes:
        return None
    return redirect(plan_url(series))


def review_plan(request, series_id):
    series = get_object_or_404(ForumSeries, pk=series_id)
    if not request.user.has_perm("forums.change_forumseries"):
        raise PermissionDenied
    plan = series_plan.build_plan(series)
    may_apply = series_plan.may_apply(plan, request.user)
    if request.method == "POST":
        if not may_apply:
            raise PermissionDenied
        try:
            applied = series_plan.apply_plan(
                series, request.POST.get("fingerprint", ""), user=request.user
            )
        except series_plan.PlanChanged:
            messages.error(
                request,
                _("The dates changed while you were reading the plan. Check it again."),
            )
            return redirect(plan_url(series))
        count = len(applied.changes)
        messages.success(
            request,
            ngettext(
                "%(count)s change applied to %(series)s.",
                "%(count)s changes applied to %(series)s.",
                count,
            )
            % {"count": count, "series": series.title},
        )
        return redirect("wagtailadmin_explore", series.index_page_id)
    return TemplateResponse(
        request,
        "forums/admin/series_plan.html",
        {
            "series": series,
            "plan": plan,
            "may_apply": may_apply,
            "page_title": _("Date changes: %(series)s") % {"series": series.title},
            "header_icon": "date",
        },
    )
