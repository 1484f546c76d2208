import datetime

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engage.page_cache import cacheable

from . import ical, seat_offers, services
from .feeds import FeedReader
from .forms import ManageRSVPForm, RSVPForm
from .models import RSVP, ForumPage, ForumSeries
from .models.rsvps import MANAGE_SALT

# Links in emails keep working for about a year; a forum is long over by then.
MANAGE_LINK_MAX_AGE = settings.FORUMS_MANAGE_LINK_MAX_AGE
# A feed lists the forums of the past year and those to come, at most this many
# of each (the nearest to today): what a subscribed calendar shows, at the same
# cost however many forums a city has held or scheduled.
FEED_HISTORY_DAYS = 365
FEED_PAST_LIMIT = 50
FEED_UPCOMING_LIMIT = 50


# RSVP on the forum page -------------------------------------------------------------


def submit_rsvp(request, forum):
    """Handle the forum page's RSVP form; a POST to a forum page comes here
    through the ``on_serve_page`` hook in ``wagtail_hooks``."""
    if not forum.accepts_rsvps:
        messages.error(request, _("This forum is no longer taking RSVPs."))
        return redirect(forum.url)
    form = RSVPForm(request.POST, forum=forum)
    if form.is_valid():
        try:
            receipt = services.submit_rsvp(forum, form.cleaned_data, user=request.user)
        except services.RSVPClosed:
            messages.error(request, _("This forum is no longer taking RSVPs."))
            return redirect(forum.url)
        _tell_receipt(request, receipt)
        # Land on the confirmation at the top of the page, which takes focus.
        return redirect(f"{forum.url}#messages")
    context = forum.get_context(request, form=form)
    return TemplateResponse(request, forum.get_template(request), context)


def rsvp_form_context(forum, request, context):
    """The RSVP form a forum page shows, filled in with what we know; added to
    the page's context by the ``forums_forum_page_context`` hook. A resident whose
    account owns an RSVP here gets its manage link instead."""
    if context.get("rsvp_form") is not None or not forum.accepts_rsvps:
        return {}
    if context.get("my_rsvp") is not None:
        return {}
    initial = RSVPForm.initial_for(request)
    return {"rsvp_form": RSVPForm(forum=forum, initial=initial)}


def _no_room_message(available):
    if not available:
        return _(
            "No more seats are available. Keep your current RSVP, or choose a "
            "smaller number."
        )
    return ngettext(
        "Only %(count)s seat is available for your party. Choose a smaller number, "
        "or keep your current RSVP.",
        "Only %(count)s seats are available for your party. Choose a smaller "
        "number, or keep your current RSVP.",
        available,
    ) % {"count": available}


def _tell_receipt(request, receipt):
    """The same words whether the address was new or already registered."""
    if receipt.awaiting_confirmation:
        messages.info(
            request,
            _(
                "Almost done: we have emailed a link to %(email)s. Open it to "
                "confirm your RSVP. No seat is held for you until you do."
            )
            % {"email": receipt.email},
        )
        return
    if not receipt.is_waitlisted:
        messages.success(
            request,
            _("You are registered. We have emailed a confirmation to %(email)s.")
            % {"email": receipt.email},
        )
        return
    messages.warning(
        request,
        _(
            "This forum is full, so you are on the waitlist (number %(position)s "
            "in line). You do not have a seat yet. We will email %(email)s if one "
            "opens."
        )
        % {"position": receipt.waitlist_position, "email": receipt.email},
    )


# Managing an RSVP with the signed link ------------------------------------------------


def _invalid(request, reason, status):
    return TemplateResponse(
        request, "forums/rsvp_invalid.html", {"reason": reason}, status=status
    )


def _load_rsvp(request, token):
    """The RSVP a signed token names, or an explanatory error response."""
    try:
        data = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return None, _invalid(request, "expired", 410)
    except signing.BadSignature:
        return None, _invalid(request, "tampered", 400)
    rsvp_id = data.get("rsvp") if isinstance(data, dict) else None
    if not isinstance(rsvp_id, int):
        return None, _invalid(request, "tampered", 400)
    rsvp = (
        RSVP.objects.select_related("forum", "forum__venue", "forum__series")
        .filter(pk=rsvp_id)
        .first()
    )
    if rsvp is None:
        return None, _invalid(request, "missing", 404)
    if rsvp.is_erased:
        return None, _invalid(request, "erased", 410)
    return rsvp, None


def manage_rsvp(request, token):
    rsvp, error = _load_rsvp(request, token)
    if error:
        return error
    forum = rsvp.forum
    form = None
    if forum.accepts_rsvps:
        form = ManageRSVPForm.for_rsvp(
            rsvp, request.POST if request.method == "POST" else None
        )
        if request.method == "POST" and form.is_valid():
            saved = _save_from_link(request, rsvp, form)
            if saved:
                return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("This RSVP can no longer be changed."))
        return redirect(request.path)
    position = rsvp.waitlist_position() if rsvp.is_waitlisted else None
    return TemplateResponse(
        request,
        "forums/rsvp_manage.html",
        {
            "rsvp": rsvp,
            "forum": forum,
            "form": form,
            "token": token,
            "waitlist_position": position,
            "show_online_link": bool(
                rsvp.is_confirmed
                and forum.online_url
                and forum.is_online
                and not forum.is_past
            ),
        },
    )


def _save_from_link(request, rsvp, form):
    """The manage form posted: changes to a registered RSVP; the owner's
    confirmation of a pending one, or signing up again on a cancelled one.
    False when the form is to be shown again with its error."""
    try:
        if rsvp.is_registered:
            services.update_rsvp(rsvp, form.cleaned_data)
            messages.success(request, _("Your RSVP is updated."))
        else:
            outcome = services.confirm_rsvp(rsvp, form.cleaned_data)
            _tell_confirmed(request, outcome.rsvp)
    except services.NoRoom as no_room:
        form.add_error("party_size", _no_room_message(no_room.available))
        return False
    except services.RSVPClosed:
        messages.error(request, _("This RSVP can no longer be changed."))
    return True


def _tell_confirmed(request, rsvp):
    if rsvp.is_confirmed:
        messages.success(
            request,
            _("Your RSVP is confirmed: you have a seat. We have emailed the details."),
        )
        return
    messages.warning(
        request,
        _(
            "This forum is full, so you are on the waitlist (number %(position)s "
            "in line). You do not have a seat yet. We will email you if one opens."
        )
        % {"position": rsvp.waitlist_position()},
    )


@require_POST
def accept_offer(request, token):
    """The "Accept the seat" button of an offer made near the date. Only the
    signed link reaches it; pressing it twice is harmless."""
    rsvp, error = _load_rsvp(request, token)
    if error:
        return error
    try:
        outcome = seat_offers.accept_offer(rsvp)
    except seat_offers.OfferGone:
        messages.error(
            request,
            _(
                "This seat offer has ended, so the seat went to the next person on "
                "the waitlist. You can sign up again below: you would join the end "
                "of the waitlist."
            ),
        )
    else:
        if outcome == seat_offers.ALREADY_CONFIRMED:
            messages.info(request, _("You already have this seat."))
        else:
            messages.success(
                request,
                _(
                    "The seat is yours: your RSVP is confirmed. We have emailed the "
                    "details."
                ),
            )
    return redirect("forums:rsvp_manage", token=token)


@require_POST
def cancel_rsvp(request, token):
    rsvp, error = _load_rsvp(request, token)
    if error:
        return error
    if rsvp.is_pending:
        services.withdraw_request(rsvp)
        messages.success(
            request,
            _("The request is deleted, with everything typed in it. No RSVP is held."),
        )
        return redirect(rsvp.forum.url)
    if rsvp.is_cancelled:
        messages.info(request, _("This RSVP was already cancelled."))
    elif rsvp.is_offered:
        services.cancel_rsvp(rsvp)
        messages.success(
            request,
            _(
                "You declined the seat and your RSVP is cancelled. Thank you for "
                "letting us know: the seat goes to the next person."
            ),
        )
    else:
        services.cancel_rsvp(rsvp)
        messages.success(
            request, _("Your RSVP is cancelled. Thank you for letting us know.")
        )
    return redirect("forums:rsvp_manage", token=token)


# Calendars ----------------------------------------------------------------------------


def _calendar_response(data, filename, download=False):
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _feed_forums(request, **filters):
    """The forums of a feed, earliest first, as rows of what an event shows."""
    now = timezone.now()
    since = now - datetime.timedelta(days=FEED_HISTORY_DAYS)
    reader = FeedReader(request)
    forums = reader.select(ForumPage.objects.live().filter(**filters))
    past = forums.filter(end__gte=since, end__lt=now).order_by("-start", "-pk")
    upcoming = forums.filter(end__gte=now).order_by("start", "pk")
    return [
        *reversed(reader.rows(past[:FEED_PAST_LIMIT])),
        *reader.rows(upcoming[:FEED_UPCOMING_LIMIT]),
    ]


@cacheable
def forum_calendar(request, forum_id):
    forum = (
        ForumPage.objects.live()
        .select_related("venue", "calendar_entry")
        .filter(pk=forum_id)
        .first()
    )
    if forum is None:
        raise Http404
    data = ical.build_calendar([forum])
    return _calendar_response(data, f"{forum.slug}.ics", download=True)


@cacheable
def series_calendar(request, slug):
    series = get_object_or_404(ForumSeries, slug=slug)
    data = ical.build_feed(
        _feed_forums(request, series=series), name=series.title, request=request
    )
    return _calendar_response(data, f"{series.slug}.ics")


@cacheable
def all_calendar(request):
    data = ical.build_feed(
        _feed_forums(request), name=_("Community forums"), request=request
    )
    return _calendar_response(data, "forums.ics")
