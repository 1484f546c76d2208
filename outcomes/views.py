"""Public links in summary emails: a member's acknowledgement and a resident's
unsubscribe. Both are signed tokens; a changed token gets a clear 400 page."""

from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt

from . import notifications, tokens


def _invalid(request, template):
    return TemplateResponse(request, template, {}, status=400)


@csrf_exempt  # the signed token is the credential, and cookies may be blocked
def acknowledge(request, token):
    """GET (or HEAD) records nothing; POST records the acknowledgement.

    Departmental mail systems often open every link in a message to scan it,
    so recording on GET would acknowledge summaries nobody read. The page's
    form is submitted by a small static script as soon as a browser shows it
    (one click for the reader), with its button as the fallback.
    """
    delivery = tokens.delivery_from_ack_token(token)
    if delivery is None:
        return _invalid(request, "outcomes/summary/ack_invalid.html")
    just_now = False
    if request.method == "POST":
        just_now = tokens.acknowledge(delivery)
    summary = delivery.distribution.summary
    return TemplateResponse(
        request,
        "outcomes/summary/ack.html",
        {
            "delivery": delivery,
            "summary": summary,
            "summary_url": summary.url if summary.live else None,
            "just_now": just_now,
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
