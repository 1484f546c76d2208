"""Organizer screens in the Wagtail admin: a forum's RSVP overview, door check-in,
the printable sign-in sheet, and generating a series' dates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import attendance, generation
from .forms import ArrivedForm, GenerateForumsForm, WalkInForm
from .models import RSVP, ForumPage, ForumSeries, RSVPStatus, WalkIn

CHECK_IN_LIMIT = 100


def _editable_forum(request, forum_id):
    forum = get_object_or_404(
        ForumPage.objects.select_related("venue", "series"), pk=forum_id
    )
    if not forum.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    # Every screen here shows registrants' names and needs.
    if not forum.rsvps_visible_to(request.user):
        raise PermissionDenied
    return forum


def forum_overview(request, forum_id):
    forum = _editable_forum(request, forum_id)
    rsvp_index = reverse("forum_rsvps:index")
    return TemplateResponse(
        request,
        "forums/admin/overview.html",
        {
            "forum": forum,
            "page_title": _("RSVPs: %(title)s") % {"title": forum.display_title},
            "header_icon": "group",
            "attendance": forum.attendance(),
            "rollup": attendance.accommodations_rollup(forum),
            "waitlist_rollup": attendance.accommodations_rollup(
                forum, status=RSVPStatus.WAITLISTED
            ),
            "needs": forum.rsvps.active()
            .filter(~Q(access_needs="") | ~Q(other_needs=""))
            .order_by("queued_at"),
            "rsvp_list_url": f"{rsvp_index}?forum={forum.pk}",
            "confirmed_url": f"{rsvp_index}?forum={forum.pk}&status=confirmed",
            "waitlist_url": f"{rsvp_index}?forum={forum.pk}&status=waitlisted",
            "registrant_messages": forum.registrant_messages.select_related("sent_by"),
        },
    )


def check_in(request, forum_id):
    """The door: find a party by name, or by the code on their phone (typed, or
    scanned with the camera where the browser can), and check them in."""
    forum = _editable_forum(request, forum_id)
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    code = request.GET.get("code", "").replace("\x00", "")[:40].strip()
    rsvps = forum.rsvps.active().order_by("name", "pk")
    if code:
        rsvps = rsvps.with_check_in_code(code)
    elif query:
        rsvps = rsvps.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return TemplateResponse(
        request,
        "forums/admin/check_in.html",
        {
            "forum": forum,
            "page_title": _("Check-in: %(title)s") % {"title": forum.display_title},
            "header_icon": "tick",
            "query": query,
            "code": code,
            "rsvps": rsvps[:CHECK_IN_LIMIT],
            "attendance": forum.attendance(),
            "walk_in_form": WalkInForm(),
            "walk_ins": forum.walk_ins.all(),
        },
    )


def _back_to_check_in(forum, request):
    url = reverse("forums_admin:check_in", args=[forum.pk])
    query = request.POST.get("q", "").replace("\x00", "")[:100]
    return redirect(f"{url}?q={query}" if query else url)


@require_POST
def mark_attended(request, forum_id, rsvp_id):
    forum = _editable_forum(request, forum_id)
    rsvp = get_object_or_404(RSVP, pk=rsvp_id, forum=forum)
    attended = request.POST.get("attended") == "1"
    # "2 of 3 arrived": a number, when given, checks in that many of the party.
    arrived = ArrivedForm(request.POST)
    people = arrived.cleaned_data["people"] if arrived.is_valid() else None
    rsvp = attendance.set_attended(rsvp, attended, people=people)
    if rsvp.attended_at:
        messages.success(
            request,
            _("Checked in: %(name)s, %(arrived)s of %(count)s.")
            % {"name": rsvp, "arrived": rsvp.arrived_count, "count": rsvp.party_size},
        )
    return _back_to_check_in(forum, request)


@require_POST
def add_walk_in(request, forum_id):
    forum = _editable_forum(request, forum_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        attendance.add_walk_in(
            forum, form.cleaned_data["count"], form.cleaned_data["name"]
        )
        messages.success(request, _("Walk-in added."))
    else:
        messages.error(request, _("Enter a number of people between 1 and 500."))
    return _back_to_check_in(forum, request)


@require_POST
def correct_walk_in(request, forum_id, walk_in_id):
    forum = _editable_forum(request, forum_id)
    walk_in = get_object_or_404(WalkIn, pk=walk_in_id, forum=forum)
    if request.POST.get("remove") == "1":
        walk_in.delete()
        messages.success(request, _("Walk-in removed."))
        return _back_to_check_in(forum, request)
    form = WalkInForm(request.POST)
    if form.is_valid():
        attendance.correct_walk_in(
            walk_in, form.cleaned_data["count"], form.cleaned_data["name"]
        )
        messages.success(request, _("Walk-in corrected."))
    else:
        messages.error(request, _("Enter a number of people between 1 and 500."))
    return _back_to_check_in(forum, request)


def sign_in_sheet(request, forum_id):
    forum = _editable_forum(request, forum_id)
    return TemplateResponse(
        request,
        "forums/admin/sign_in_sheet.html",
        {
            "forum": forum,
            "rsvps": forum.rsvps.confirmed().order_by("name", "pk"),
            "blank_rows": range(15),
        },
    )


def generate_dates(request, series_id):
    series = get_object_or_404(ForumSeries, pk=series_id)
    if not request.user.has_perm("forums.change_forumseries"):
        raise PermissionDenied
    index_page = series.index_page
    if not index_page.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    form = GenerateForumsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = generation.generate_forums(series, form.cleaned_data["count"])
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s forum page created for %(series)s.",
                    "%(count)s forum pages created for %(series)s.",
                    len(created),
                )
                % {"count": len(created), "series": series.title},
            )
        else:
            messages.info(request, _("Every date already has a forum page."))
        return redirect("wagtailadmin_explore", index_page.pk)
    return TemplateResponse(
        request,
        "forums/admin/generate.html",
        {
            "series": series,
            "form": form,
            "page_title": _("Generate dates: %(series)s") % {"series": series.title},
            "header_icon": "date",
            "upcoming": generation.preview_dates(series),
        },
    )
