"""Public links in emails: a member's acknowledgement, a resident's unsubscribe
and a commander's unit status. All are signed tokens; a changed token gets a
clear error page."""

from django.core import signing
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt

from engage import audit

from . import commanders, notifications, tokens
from .corrections import correction_times, latest_between


def _invalid(request, template):
    return TemplateResponse(request, template, {}, status=400)


@csrf_exempt  # the signed token is the credential, and cookies may be blocked
def acknowledge(request, token):
    """GET (or HEAD) records nothing; only a press of the page's button does.

    Departmental mail systems often open every link in a message to scan it,
    and a script that submitted the form on opening would count a page a
    scanner rendered, so the member says "I have read this summary" themselves.
    The form carries the version of the summary the page showed, which is
    recorded with the acknowledgement, and when it showed it: a summary
    corrected since is not confirmed by a press made before reading it.
    """
    delivery = tokens.delivery_from_ack_token(token)
    if delivery is None:
        return _invalid(request, "outcomes/summary/ack_invalid.html")
    summary = delivery.distribution.summary
    sent_at = delivery.distribution.created_at
    corrections = correction_times(summary) if summary.live else []
    just_now = corrected_while_open = False
    if request.method == "POST" and delivery.acknowledged_at is None:
        # The page asked to read what the summary said when it was shown (or,
        # for a page older than that question, when the email was sent).
        shown_at = tokens.ack_page_shown_at(request.POST.get("shown", "")) or sent_at
        corrected_while_open = latest_between(corrections, shown_at) is not None
        if not corrected_while_open:
            version = request.POST.get("version", "")
            just_now = tokens.acknowledge(
                delivery, revision_id=int(version) if version.isdigit() else None
            )
    return TemplateResponse(
        request,
        "outcomes/summary/ack.html",
        {
            "delivery": delivery,
            "summary": summary,
            "summary_url": summary.url if summary.live else None,
            "just_now": just_now,
            # The email held what the summary said when it was sent.
            "corrected_at": latest_between(corrections, sent_at),
            "corrected_while_open": corrected_while_open,
            "shown": tokens.ack_page_shown(),
        },
    )


@csrf_exempt  # the signed token is the credential; mail clients post one-click
def unsubscribe(request, token):
    rsvp = notifications.rsvp_from_unsubscribe_token(token)
    if rsvp is None:
        return _invalid(request, "outcomes/summary/unsubscribe_invalid.html")
    done = False
    if request.method == "POST":
        notifications.unsubscribe(rsvp)
        done = True
    return TemplateResponse(
        request,
        "outcomes/summary/unsubscribe.html",
        {"rsvp": rsvp, "done": done},
    )


def unit_status(request, token):
    """A commander's view of their unit's acknowledgements, by the signed link in
    the deadline notice: the notice names the unit, so no other unit can show.

    An expired link gets 410, a changed or unknown one 403. Member names are
    personal data: each view is recorded in the audit log.
    """
    try:
        notice = tokens.notice_from_unit_token(token)
    except signing.SignatureExpired:
        return TemplateResponse(
            request, "outcomes/summary/unit_invalid.html", {"expired": True}, status=410
        )
    if notice is None:
        return TemplateResponse(
            request,
            "outcomes/summary/unit_invalid.html",
            {"expired": False},
            status=403,
        )
    audit.record_link_view(
        request,
        "outcomes:unit_status",
        who=notice.commander.name if notice.commander else notice.unit.name,
        object_id=notice.pk,
    )
    status = commanders.unit_status(notice.distribution, notice.unit)
    response = TemplateResponse(
        request,
        "outcomes/summary/unit_status.html",
        {
            "unit": notice.unit,
            "distribution": notice.distribution,
            "summary": notice.distribution.summary,
            "status": status,
            "member_count": sum(len(group) for group in status.values()),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
