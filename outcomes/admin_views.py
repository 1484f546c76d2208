"""Admin screens for the roster import, withdrawing and distributing a summary,
and the distribution report with its exports and reminders."""

import dataclasses
import io
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engage.exports import XLSX_CONTENT_TYPE, CsvWriter, write_xlsx

from .commanders import unit_acknowledgements
from .corrections import corrected_between
from .deadlines import deadline_passed, schedule_status
from .forms import DistributeForm, ReminderForm, RosterImportForm, WithdrawSummaryForm
from .models import (
    DeliveryStatus,
    DepartmentMember,
    DepartmentUnit,
    Distribution,
    ForumSummaryPage,
)
from .reminders import reminder_candidates, send_distribution_reminders
from .reporting import distribution_report as build_report
from .reporting import report_rows
from .roster_import import RosterRow, apply_roster, import_roster, plan_roster
from .sending import create_distribution, distribution_audience, send_distribution
from .sending import retry_failed as retry_failed_deliveries
from .withdrawing import must_be_withdrawn, withdraw


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


# Roster import -------------------------------------------------------------------


ROSTER_PREVIEW_KEY = "outcomes.roster_import"


def roster_import(request):
    """Upload and check a roster file, then preview what importing it changes."""
    _require(request, "outcomes.add_departmentmember")
    _require(request, "outcomes.change_departmentmember")
    if request.method == "POST" and "preview" in request.POST:
        return _confirm_roster_import(request)
    posted = request.method == "POST"
    form = RosterImportForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        deactivate = form.cleaned_data["deactivate_missing"]
        result = import_roster(upload, upload.name, dry_run=True)
        if result.ok:
            token = secrets.token_urlsafe(12)
            request.session[ROSTER_PREVIEW_KEY] = {
                "token": token,
                "rows": [dataclasses.asdict(row) for row in result.rows],
                "deactivate": deactivate,
            }
            return _roster_preview(request, result.rows, token, deactivate)
    return TemplateResponse(
        request,
        "outcomes/admin/roster_import.html",
        {
            "form": form,
            "result": result,
            "page_title": _("Import the department roster"),
            "header_icon": "upload",
        },
    )


def _roster_preview(request, rows, token, deactivate, errors=()):
    return TemplateResponse(
        request,
        "outcomes/admin/roster_preview.html",
        {
            "plan": plan_roster(rows, deactivate),
            "token": token,
            "errors": errors,
            "confirmed": request.POST.getlist("new_unit"),
            "page_title": _("Check the roster import"),
            "header_icon": "upload",
        },
    )


def _confirm_roster_import(request):
    stored = request.session.get(ROSTER_PREVIEW_KEY)
    if not stored or stored["token"] != request.POST["preview"]:
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("outcomes_admin:roster_import")
    rows = [RosterRow(**row) for row in stored["rows"]]
    result = apply_roster(rows, stored["deactivate"], request.POST.getlist("new_unit"))
    if not result.ok:
        return _roster_preview(
            request, rows, stored["token"], stored["deactivate"], result.errors
        )
    del request.session[ROSTER_PREVIEW_KEY]
    messages.success(
        request,
        _(
            "Roster imported: %(created)s added, %(updated)s updated, "
            "%(unchanged)s unchanged, %(deactivated)s deactivated."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "deactivated": result.deactivated,
        },
    )
    return redirect("forum_roster:index")


# Withdrawing a summary -----------------------------------------------------------


def withdraw_summary(request, summary_id):
    """Take a published summary down, saying why: Wagtail's own unpublish sends
    a summary here (``outcomes.wagtail_hooks.withdraw_with_a_reason``)."""
    summary = get_object_or_404(ForumSummaryPage, pk=summary_id)
    if not summary.permissions_for_user(request.user).can_unpublish():
        raise PermissionDenied
    if not must_be_withdrawn(summary):
        messages.error(request, _("This summary is not published."))
        return redirect("wagtailadmin_pages:edit", summary.pk)
    form = WithdrawSummaryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        withdraw(summary, request.user, form.cleaned_data["reason"], get_language())
        messages.success(
            request,
            _(
                "The summary is withdrawn. Its forum's page and its own address say "
                "when and why."
            ),
        )
        return redirect("wagtailadmin_explore", summary.get_parent().pk)
    return TemplateResponse(
        request,
        "outcomes/admin/withdraw.html",
        {
            "summary": summary,
            "form": form,
            "page_title": _("Withdraw: %(title)s") % {"title": summary.title},
            "header_icon": "doc-empty-inverse",
        },
        status=400 if form.is_bound else 200,
    )


# Distributing --------------------------------------------------------------------


def distribute(request, summary_id):
    _require(request, "outcomes.add_distribution")
    summary = get_object_or_404(ForumSummaryPage, pk=summary_id)
    if not summary.live:
        messages.error(request, _("Publish the summary before distributing it."))
        return redirect("wagtailadmin_pages:edit", summary.pk)
    active_total = DepartmentMember.objects.active().count()
    not_received = distribution_audience(summary).count()
    previous = list(summary.distributions.order_by("-created_at"))
    corrected_on = (
        corrected_between(summary, previous[0].created_at) if previous else None
    )
    form = DistributeForm(
        request.POST if request.method == "POST" else None,
        received=active_total - not_received,
        not_received=not_received,
        # Those sent it before read an earlier version: send it to them too.
        initial={"audience": "everyone"} if corrected_on else None,
    )
    if request.method == "POST" and form.is_valid():
        units = list(form.cleaned_data["units"])
        if not distribution_audience(summary, units, form.everyone).exists():
            messages.info(
                request, _("Every member you chose has already received this summary.")
            )
            return redirect("outcomes_admin:distribute", summary.pk)
        created = create_distribution(
            summary,
            user=request.user,
            units=units,
            everyone=form.everyone,
            deadline=form.cleaned_data["acknowledgement_deadline"],
        )
        count = created.deliveries.count()
        messages.success(
            request,
            ngettext(
                "The summary is being sent to %(count)s department member.",
                "The summary is being sent to %(count)s department members.",
                count,
            )
            % {"count": count},
        )
        return redirect("outcomes_admin:distribution_report", created.pk)
    units = DepartmentUnit.objects.annotate(
        active_members=Count("members", filter=Q(members__active=True))
    ).order_by("name")
    return TemplateResponse(
        request,
        "outcomes/admin/distribute.html",
        {
            "summary": summary,
            "form": form,
            "units": units,
            "active_total": active_total,
            "received": active_total - not_received,
            "previous": previous,
            "corrected_on": corrected_on,
            "page_title": _("Distribute: %(title)s") % {"title": summary.title},
            "header_icon": "mail",
        },
    )


def distribution_index(request):
    _require(request, "outcomes.view_distribution")
    distributions = (
        Distribution.objects.select_related("summary", "created_by")
        .annotate(
            total=Count("deliveries"),
            acknowledged=Count(
                "deliveries", filter=Q(deliveries__acknowledged_at__isnull=False)
            ),
            bounced=Count(
                "deliveries", filter=Q(deliveries__status=DeliveryStatus.BOUNCED)
            ),
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(distributions, 25).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "outcomes/admin/distribution_index.html",
        {
            "distributions": page,
            "page_title": _("Distributions"),
            "header_icon": "mail",
        },
    )


def _distribution(request, distribution_id):
    _require(request, "outcomes.view_distribution")
    return get_object_or_404(
        Distribution.objects.select_related("summary", "created_by"),
        pk=distribution_id,
    )


def distribution_report(request, distribution_id):
    distribution = _distribution(request, distribution_id)
    deliveries_url = reverse("forum_deliveries:index")
    return TemplateResponse(
        request,
        "outcomes/admin/distribution_report.html",
        {
            "distribution": distribution,
            "report": build_report(distribution),
            "deadline_passed": deadline_passed(distribution),
            "reminder_schedule": schedule_status(distribution),
            "unit_acknowledgements": unit_acknowledgements(distribution),
            "units": list(distribution.units.all()),
            "reminder_form": ReminderForm(),
            "can_send": request.user.has_perm("outcomes.add_distribution"),
            "deliveries_url": f"{deliveries_url}?distribution={distribution.pk}",
            "page_title": _("Distribution report: %(title)s")
            % {"title": distribution.summary.title},
            "header_icon": "mail",
        },
    )


def distribution_export(request, distribution_id, fmt):
    distribution = _distribution(request, distribution_id)
    rows = report_rows(build_report(distribution))
    filename = f"distribution-{distribution.pk}-by-unit"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer, _("By unit"))
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        CsvWriter(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_POST
def send_reminders(request, distribution_id):
    distribution = _distribution(request, distribution_id)
    _require(request, "outcomes.add_distribution")
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a number of days between 1 and 90."))
        return redirect("outcomes_admin:distribution_report", distribution.pk)
    days = form.cleaned_data["days"]
    count = reminder_candidates(distribution, days).count()
    if count:
        send_distribution_reminders.enqueue(distribution.pk, days)
        messages.success(
            request,
            ngettext(
                "Reminders are being sent to %(count)s member.",
                "Reminders are being sent to %(count)s members.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(
            request,
            ngettext(
                "Nobody to remind: everyone sent it %(days)s or more day ago has "
                "acknowledged or was already reminded.",
                "Nobody to remind: everyone sent it %(days)s or more days ago has "
                "acknowledged or was already reminded.",
                days,
            )
            % {"days": days},
        )
    return redirect("outcomes_admin:distribution_report", distribution.pk)


@require_POST
def retry_failed(request, distribution_id):
    distribution = _distribution(request, distribution_id)
    _require(request, "outcomes.add_distribution")
    count = retry_failed_deliveries(
        distribution, include_unconfirmed=request.POST.get("unconfirmed") == "1"
    )
    if count:
        send_distribution.enqueue(distribution.pk)
        messages.success(
            request,
            ngettext(
                "Sending again to %(count)s member.",
                "Sending again to %(count)s members.",
                count,
            )
            % {"count": count},
        )
    return redirect("outcomes_admin:distribution_report", distribution.pk)
