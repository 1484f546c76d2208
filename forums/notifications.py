"""Emails to residents about their RSVP, each in the resident's own language.

Callers send these inside the transaction that makes the change they tell of, so
the email is queued if and only if the change commits (see ``engage.mail``).
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from engage.links import absolute_reverse, absolute_url
from engage.mail import send_email

from . import ical

ICS_FILENAME = "forum.ics"
QR_FILENAME = "check-in-code.png"
# Days a request from the public form waits for its owner's confirmation.
UNCONFIRMED_DAYS = 7


def manage_url(rsvp):
    """The resident's "change or cancel" link, in their language."""
    with translation.override(rsvp.language):
        return absolute_reverse("forums:rsvp_manage", args=[rsvp.manage_token()])


def forum_url(forum, language):
    with translation.override(language):
        return absolute_url(forum)


def _send(template, rsvp, *, method=None, check_in=False, **extra):
    """Queue one email to the RSVP's address; None for an RSVP without one (taken
    by phone, or erased). ``check_in``: the email carries the resident's check-in
    code and, attached, its QR image."""
    if not rsvp.email:
        return None
    forum = rsvp.forum
    attachments = []
    if method:
        with translation.override(rsvp.language):
            data = ical.rsvp_calendar(rsvp, method=method)
        attachments.append((ICS_FILENAME, data, f"text/calendar; method={method}"))
    if check_in:
        attachments.append((QR_FILENAME, rsvp.check_in_qr_png(), "image/png"))
    context = {
        "forum": forum,
        "rsvp": rsvp,
        "forum_url": forum_url(forum, rsvp.language),
        "manage_url": manage_url(rsvp),
        "show_online_link": bool(
            forum.online_url and rsvp.is_confirmed and forum.is_online
        ),
        "check_in": check_in,
        **extra,
    }
    return send_email(
        f"forums/email/{template}",
        context,
        rsvp.email,
        language=rsvp.language,
        attachments=attachments,
    )


def rsvp_confirmed(rsvp, updated=False):
    return _send(
        "rsvp_confirmation", rsvp, method="REQUEST", check_in=True, updated=updated
    )


def rsvp_waitlisted(rsvp, updated=False):
    return _send("rsvp_waitlisted", rsvp, method="REQUEST", updated=updated)


def rsvp_confirm_request(rsvp):
    """The public form was sent with this address: the link that confirms it.
    No calendar file: nothing is held until the owner confirms."""
    return _send("rsvp_confirm_request", rsvp, days=UNCONFIRMED_DAYS)


def rsvp_already_registered(rsvp):
    """Someone signed this address up again: nothing changed, here is the link."""
    return _send("rsvp_already_registered", rsvp, method="REQUEST")


def rsvp_promoted(rsvp):
    return _send("rsvp_promoted", rsvp, method="REQUEST", check_in=True)


def rsvp_cancelled(rsvp):
    return _send("rsvp_cancelled", rsvp, method="CANCEL")


def rsvp_offered(rsvp):
    """A seat is held for them until ``offer_expires_at``; no calendar file or
    check-in code until they accept it."""
    return _send("rsvp_offered", rsvp)


def rsvp_offer_expired(rsvp):
    """The offer ran out: the RSVP is cancelled and the seat passed on."""
    return _send("rsvp_offer_expired", rsvp, method="CANCEL")


# What a resident is told changed, by the forum fields behind each item.
CHANGE_DESCRIPTIONS = [
    ({"start", "end"}, _("the time")),
    ({"venue_id", "format"}, _("the place")),
    ({"online_url"}, _("the online link")),
    ({"status"}, _("its status")),
]


def forum_changed(rsvp, changes):
    changes = set(changes)
    changed_parts = [text for fields, text in CHANGE_DESCRIPTIONS if fields & changes]
    return _send("forum_changed", rsvp, method="REQUEST", changed_parts=changed_parts)


def forum_cancelled(rsvp):
    return _send("forum_cancelled", rsvp, method="CANCEL")


def registrant_message(rsvp, message):
    """An organizer's message, in the resident's language when it was written in
    it, otherwise in English with a note that says so."""
    subject, body, written_in = message.in_language(rsvp.language)
    return _send(
        "registrant_message",
        rsvp,
        subject=subject,
        body=body,
        written_in=written_in,
        fell_back=written_in != rsvp.language,
    )


def reminder(rsvp):
    return _send("forum_reminder", rsvp, method="REQUEST", check_in=rsvp.is_confirmed)
