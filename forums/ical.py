"""Calendar files and feeds (RFC 5545) built with ``icalendar``.

Summaries and descriptions come out in the active language, so a feed fetched
under ``/es/`` is in Spanish; times are in the site's time zone with a VTIMEZONE.
"""

import datetime
import functools
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from engage.links import absolute_url
from engage.timezones import site_timezone

from .models import ForumCalendarEntry, ForumStatus, RSVPStatus

PRODID = "-//Engage//Forums//EN"
ICAL_STATUS = {
    ForumStatus.SCHEDULED: "CONFIRMED",
    ForumStatus.POSTPONED: "TENTATIVE",
    ForumStatus.CANCELLED: "CANCELLED",
}


def entries_for(forums):
    """Pair each forum with its calendar entry, creating any that are missing."""
    pairs = []
    for forum in forums:
        try:
            entry = forum.calendar_entry
        except ForumCalendarEntry.DoesNotExist:
            entry = ForumCalendarEntry.for_forum(forum)
        pairs.append((forum, entry))
    return pairs


def _description(forum, url, rsvp=None):
    parts = []
    if rsvp is not None and rsvp.status == RSVPStatus.WAITLISTED:
        parts.append(
            _(
                "You are on the waitlist: you do not have a seat yet. We will "
                "email you if one opens."
            )
        )
    if forum.status == ForumStatus.CANCELLED:
        parts.append(_("This forum has been cancelled."))
    elif forum.status == ForumStatus.POSTPONED:
        parts.append(_("This forum has been postponed; a new date will follow."))
    if forum.intro:
        parts.append(forum.intro)
    if forum.has_venue and forum.venue.accessibility_notes:
        parts.append(
            _("Access: %(notes)s") % {"notes": forum.venue.accessibility_notes}
        )
    if url:
        parts.append(url)
    if _shows_join_link(forum, rsvp):
        parts.append(f"{_('Online link')}: {forum.online_url}")
    return "\n\n".join(parts)


def _shows_join_link(forum, rsvp):
    """Only a confirmed registrant's own file carries the join link; public feeds
    and waitlisted residents never see it."""
    return bool(
        rsvp is not None
        and rsvp.status == RSVPStatus.CONFIRMED
        and forum.is_online
        and forum.online_url
    )


def build_event(forum, entry, tz, *, rsvp=None, method="PUBLISH"):
    url = absolute_url(forum)
    event = Event()
    event.add("uid", entry.ical_uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("last-modified", entry.modified_at.astimezone(datetime.UTC))
    # A resident's own cancellations and re-registrations raise their copy's
    # SEQUENCE, so each update supersedes the file they received before it.
    personal_sequence = rsvp.calendar_sequence if rsvp is not None else 0
    event.add("sequence", entry.sequence + personal_sequence)
    event.add("dtstart", forum.start.astimezone(tz))
    event.add("dtend", forum.end.astimezone(tz))
    event.add("summary", forum.display_title)
    event.add("description", _description(forum, url, rsvp))
    if forum.location_text:
        event.add("location", forum.location_text)
    if url:
        event.add("url", url)
    status = "CANCELLED" if method == "CANCEL" else ICAL_STATUS[forum.status]
    if status == "CONFIRMED" and rsvp is not None and not rsvp.is_confirmed:
        status = "TENTATIVE"  # waitlisted: the forum is on, their seat is not
    event.add("status", status)
    if _shows_join_link(forum, rsvp):
        event.add("conference", forum.online_url, parameters={"VALUE": "URI"})
    if rsvp is not None:
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        organizer = vCalAddress(f"mailto:{address}")
        organizer.params["cn"] = vText(name or address)
        event.add("organizer", organizer)
        attendee = vCalAddress(f"mailto:{rsvp.email}")
        attendee.params["cn"] = vText(rsvp.name)
        attendee.params["partstat"] = vText(
            "ACCEPTED" if rsvp.status == RSVPStatus.CONFIRMED else "TENTATIVE"
        )
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    return event


def build_calendar(forums, *, name=None, rsvp=None, method="PUBLISH"):
    """Bytes of a VCALENDAR with one VEVENT per forum."""
    tz = site_timezone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        calendar.add("x-wr-timezone", tz.key)
        calendar.add(
            "refresh-interval",
            datetime.timedelta(hours=6),
            parameters={"VALUE": "DURATION"},
        )
        calendar.add("x-published-ttl", "PT6H")
    for forum, entry in entries_for(forums):
        calendar.add_component(build_event(forum, entry, tz, rsvp=rsvp, method=method))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def rsvp_calendar(rsvp, method="REQUEST"):
    """The file attached to a resident's email: their forum, addressed to them."""
    return build_calendar([rsvp.forum], rsvp=rsvp, method=method)


# Public feeds -----------------------------------------------------------------------
# A feed is fetched by every subscriber's calendar every few hours and lists many
# forums; building each event as icalendar objects cost it more than everything
# else on the request. Feeds carry no personal data and no parameters, so their
# lines are written directly: the same properties and values as ``build_event``
# with no RSVP (a test parses both and compares them).


def _text(value):
    """A TEXT value (RFC 5545, 3.3.11): backslashes, semicolons, commas and line
    breaks escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """The line split into pieces of at most 75 octets, never inside a
    character, each continuation starting with a space (RFC 5545, 3.1)."""
    if line.isascii():
        if len(line) <= 75:
            return line
        rest = [line[start : start + 74] for start in range(75, len(line), 74)]
        return "\r\n ".join([line[:75], *rest])
    if len(line.encode()) <= 75:
        return line
    pieces, piece, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            pieces.append("".join(piece))
            piece, size = [" "], 1
        piece.append(char)
        size += width
    pieces.append("".join(piece))
    return "\r\n".join(pieces)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@functools.cache
def _vtimezone(key):
    """The VTIMEZONE block of a time zone; the same for every request."""
    return Timezone.from_tzid(key).to_ical().decode()


def _feed_event(forum, entry, tz, stamp, request):
    url = absolute_url(forum, request)
    local = f"TZID={tz.key}:"
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(forum.display_title)}",
        f"DTSTART;{local}{forum.start.astimezone(tz).strftime('%Y%m%dT%H%M%S')}",
        f"DTEND;{local}{forum.end.astimezone(tz).strftime('%Y%m%dT%H%M%S')}",
        f"DTSTAMP:{stamp}",
        f"UID:{_text(entry.ical_uid)}",
        f"SEQUENCE:{entry.sequence}",
        f"DESCRIPTION:{_text(_description(forum, url))}",
        f"LAST-MODIFIED:{_utc(entry.modified_at)}",
    ]
    if forum.location_text:
        lines.append(f"LOCATION:{_text(forum.location_text)}")
    lines.append(f"STATUS:{ICAL_STATUS[forum.status]}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def _lines(lines):
    return "".join(_fold(line) + "\r\n" for line in lines)


def build_feed(forums, name, request=None):
    """Bytes of a subscribable VCALENDAR of ``forums``, named ``name``."""
    tz = site_timezone()
    stamp = _utc(timezone.now())
    events = []
    for forum, entry in entries_for(forums):
        events.extend(_feed_event(forum, entry, tz, stamp, request))
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{_text(name)}",
        f"X-WR-CALNAME:{_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        f"X-WR-TIMEZONE:{tz.key}",
    ]
    zone = _vtimezone(tz.key) if events else ""
    return (_lines(head) + zone + _lines([*events, "END:VCALENDAR"])).encode()
