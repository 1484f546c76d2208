"""What organizers do for registrants: add an RSVP for a resident who phones in,
cancel it, send a confirmation again (the same seat and waitlist rules as the
public form apply, through ``services``), and write to all of them."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import registrant_messages, services
from .admin_views import _editable_forum
from .forms import RegistrantMessageForm, StaffRSVPForm
from .models import RSVP


def _may_change_rsvps(request, forum_id):
    """The forum, if the user may edit it, see its registrants and change RSVPs."""
    if not request.user.has_perm("forums.change_rsvp"):
        raise PermissionDenied
    return _editable_forum(request, forum_id)


def _rsvp_for_staff(request, rsvp_id):
    rsvp = get_object_or_404(RSVP, pk=rsvp_id)
    rsvp.forum = _may_change_rsvps(request, rsvp.forum_id)
    return rsvp


def add_rsvp(request, forum_id):
    forum = _may_change_rsvps(request, forum_id)
    form = StaffRSVPForm(request.POST or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        try:
            rsvp = services.add_rsvp_on_behalf(forum, form.cleaned_data)
        except services.RSVPClosed:
            messages.error(request, _("This forum is no longer taking RSVPs."))
            return redirect("forums_admin:overview", forum.pk)
        except services.AlreadyRegistered:
            form.add_error(
                "email", _("This address already has an RSVP for this forum.")
            )
        else:
            if rsvp.is_confirmed:
                text = _("RSVP added for %(name)s: confirmed.")
            else:
                text = _("RSVP added for %(name)s: on the waitlist.")
            messages.success(request, text % {"name": rsvp.name})
            return redirect("forums_admin:overview", forum.pk)
    return TemplateResponse(
        request,
        "forums/admin/add_rsvp.html",
        {
            "forum": forum,
            "form": form,
            "page_title": _("Add an RSVP on behalf of a resident"),
            "header_icon": "group",
        },
    )


def _confirm(request, rsvp, title, question, button):
    return TemplateResponse(
        request,
        "forums/admin/rsvp_action.html",
        {
            "rsvp": rsvp,
            "forum": rsvp.forum,
            "page_title": title % {"name": rsvp.name},
            "header_icon": "group",
            "question": question,
            "button": button,
        },
    )


def cancel_rsvp(request, rsvp_id):
    """Ask, then cancel: the seat goes to the waitlist as on a self-cancel, and
    the resident is told."""
    rsvp = _rsvp_for_staff(request, rsvp_id)
    if request.method != "POST":
        return _confirm(
            request,
            rsvp,
            _("Cancel on behalf of %(name)s"),
            _("The seats go to the waitlist and the resident is emailed."),
            _("Cancel this RSVP"),
        )
    if rsvp.is_cancelled:
        messages.info(request, _("This RSVP was already cancelled."))
    else:
        services.cancel_rsvp(rsvp)
        messages.success(
            request, _("RSVP of %(name)s cancelled.") % {"name": rsvp.name}
        )
    return redirect("forums_admin:overview", rsvp.forum_id)


def resend_confirmation(request, rsvp_id):
    rsvp = _rsvp_for_staff(request, rsvp_id)
    if request.method != "POST":
        return _confirm(
            request,
            rsvp,
            _("Resend confirmation to %(name)s"),
            _("The resident gets their confirmation and link to change or cancel."),
            _("Resend confirmation"),
        )
    if services.resend_confirmation(rsvp):
        messages.success(
            request,
            _("Confirmation sent again to %(name)s.") % {"name": rsvp.name},
        )
    else:
        messages.error(
            request,
            _("Nothing to send: this RSVP is cancelled or has no email address."),
        )
    return redirect("forums_admin:overview", rsvp.forum_id)


def message_registrants(request, forum_id):
    """Write once to a forum's registrants; each reads it in their language."""
    forum = _may_change_rsvps(request, forum_id)
    form = RegistrantMessageForm(
        request.POST or None, initial={"request_key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        message = registrant_messages.send_registrant_message(forum, form, request.user)
        if message is None:
            messages.info(request, _("This message was already sent."))
        else:
            messages.success(
                request,
                ngettext(
                    "Message sent to %(count)s registrant.",
                    "Message sent to %(count)s registrants.",
                    message.recipients,
                )
                % {"count": message.recipients},
            )
        return redirect("forums_admin:overview", forum.pk)
    counts = forum.attendance()
    return TemplateResponse(
        request,
        "forums/admin/message_registrants.html",
        {
            "forum": forum,
            "form": form,
            "page_title": _("Write to registrants"),
            "header_icon": "mail",
            "attendance": counts,
        },
    )
