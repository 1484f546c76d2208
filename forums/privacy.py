"""What forums keep about residents: the privacy page text, export and erasure."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import RSVP, ForumSettings
from .notifications import UNCONFIRMED_DAYS


def _rsvps(user, emails):
    """What the account owns: RSVPs made with its verified ``emails``, never one
    that only names the account (see ``RSVPQuerySet.belonging_to``)."""
    return RSVP.objects.made_with(emails)


def privacy_section(request):
    days = ForumSettings.for_request(request).rsvp_retention_days
    return {
        "heading": _("Forum RSVPs"),
        "collected": _(
            "Your name, email address and, if you give it, your phone number; your "
            "language, how many people are coming, and any interpretation, "
            "childcare or access needs you tell us about."
        )
        + " "
        + _(
            "For a forum held both in the room and online, whether you come to the "
            "room or join online; if a seat is offered to you from the waitlist "
            "close to the date, until when it is held for you."
        )
        + " "
        + _(
            "If you are signed in and your account's verified email address is the "
            "one you give, the RSVP is linked to your account. If you come without "
            "an RSVP, staff may write down your name with the number of walk-ins."
        ),
        "purpose": _(
            "To hold your seat or place you on the waitlist, send your "
            "confirmation and reminders, tell you about changes, book interpreters "
            "and childcare, and send you the forum's summary."
        ),
        "kept": ngettext(
            "Your name, email address, phone number and notes are erased "
            "%(days)s day after the forum. We keep only counts, such as how many "
            "people came and how many needed an interpreter.",
            "Your name, email address, phone number and notes are erased "
            "%(days)s days after the forum. We keep only counts, such as how many "
            "people came and how many needed an interpreter.",
            days,
        )
        % {"days": days}
        + " "
        + _("Names written down for walk-ins are erased at the same time.")
        + " "
        + ngettext(
            "A request sent with the form but never confirmed from the emailed "
            "link is deleted after %(count)s day, or when the forum ends.",
            "A request sent with the form but never confirmed from the emailed "
            "link is deleted after %(count)s days, or when the forum ends.",
            UNCONFIRMED_DAYS,
        )
        % {"count": UNCONFIRMED_DAYS},
        "visible": _(
            "The forum page shows how many seats are left. Sending the RSVP form "
            "never changes that number: a seat is held only once the owner of the "
            "address confirms through the link we email to it. So nobody can tell "
            "from the page, or from the answer to the form, whether an address "
            "has signed up: the answer is the same for every address, and the "
            "link to see or change an RSVP is only ever emailed to its address. "
            "If you get an email about an RSVP you did not ask for, ignore it, or "
            "delete the request with its link."
        ),
        "fields": [
            "forums.RSVP.user",
            "forums.RSVP.name",
            "forums.RSVP.email",
            "forums.RSVP.phone",
            "forums.RSVP.access_needs",
            "forums.RSVP.other_needs",
            "forums.WalkIn.name",
        ],
    }


def personal_data(user, emails):
    rows = []
    for rsvp in _rsvps(user, emails).select_related("forum").order_by("pk"):
        rows.append(
            {
                "forum": rsvp.forum.title,
                "forum_start": rsvp.forum.start,
                "status": rsvp.status,
                "name": rsvp.name,
                "email": rsvp.email,
                "phone": rsvp.phone,
                "language": rsvp.language,
                "party_size": rsvp.party_size,
                "attendance": rsvp.attendance,
                "seat_offer_ends": rsvp.offer_expires_at,
                "interpretation_language": rsvp.interpretation_language,
                "asl": rsvp.asl,
                "childcare_children": rsvp.childcare_children,
                "access_needs": rsvp.access_needs,
                "other_needs": rsvp.other_needs,
                "signed_up": rsvp.created_at,
                "checked_in": rsvp.attended_at,
                "summary_emails": rsvp.summary_emails,
            }
        )
    return {"forum_rsvps": rows}


def erase_personal_data(user, emails):
    """Erase as the retention purge does: status, party size and check-in stay,
    so seat counts and attendance do not change."""
    now = timezone.now()
    for rsvp in _rsvps(user, emails).select_for_update():
        rsvp.erase_personal_data(now)
        rsvp.summary_emails = False
        rsvp.save()
