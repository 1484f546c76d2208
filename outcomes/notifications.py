"""Telling residents who RSVPed that their forum's summary is out, once each.

Each resident's email is queued in the same transaction that records them as
emailed (with the database task backend, the task row is that transaction's
outbox): if queuing fails they stay unmarked and the next run sends it; once
queued, the send task retries provider failures itself.
"""

from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django_tasks import task

from engage.links import absolute_reverse, absolute_url
from engage.mail import send_email
from forums.models import RSVP, RSVPStatus

from .models import ForumSummaryPage

UNSUBSCRIBE_SALT = "forums.summary.unsubscribe"


def unsubscribe_token(rsvp):
    return signing.dumps({"rsvp": rsvp.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def rsvp_from_unsubscribe_token(token):
    """The RSVP a token was made for, or None when it is forged or gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("rsvp"), int):
        return None
    return RSVP.objects.filter(pk=data["rsvp"], erased_at__isnull=True).first()


def unsubscribe(rsvp):
    """Stop summary emails to this address, for every forum it signed up to."""
    if not rsvp.email:
        return 0
    return RSVP.objects.filter(email=rsvp.email).update(summary_emails=False)


def summary_recipients(summary):
    """RSVPs of the summary's forum who came or meant to, and have not opted out."""
    opted_out = RSVP.objects.filter(email=OuterRef("email"), summary_emails=False)
    return (
        RSVP.objects.filter(forum_id=summary.forum_id, erased_at__isnull=True)
        .filter(Q(status=RSVPStatus.CONFIRMED) | Q(attended_at__isnull=False))
        .exclude(email="")
        .filter(summary_emails=True, summary_emailed_at__isnull=True)
        .exclude(Exists(opted_out))
        .order_by("pk")
    )


def notify_residents(summary, now=None):
    """Email each recipient once, only while the summary is live."""
    summary = ForumSummaryPage.objects.select_related("forum").get(pk=summary.pk)
    if summary.forum is None or not summary.live:
        return 0
    now = now or timezone.now()
    sent = 0
    for rsvp in summary_recipients(summary):
        with transaction.atomic():
            claimed = RSVP.objects.filter(
                pk=rsvp.pk, summary_emailed_at__isnull=True
            ).update(summary_emailed_at=now)
            if claimed:
                _queue_notice(summary, rsvp)
                sent += 1
    return sent


def _queue_notice(summary, rsvp):
    with translation.override(rsvp.language):
        summary_url = absolute_url(summary)
        unsubscribe_url = absolute_reverse(
            "outcomes:summary_unsubscribe", args=[unsubscribe_token(rsvp)]
        )
    send_email(
        "outcomes/email/summary_published",
        {
            "summary": summary,
            "forum": summary.forum,
            "rsvp": rsvp,
            "summary_url": summary_url,
            "unsubscribe_url": unsubscribe_url,
        },
        rsvp.email,
        language=rsvp.language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@task()
def notify_summary_residents(summary_id):
    """Enqueued when a summary is published; ``notify_residents`` in the background."""
    summary = ForumSummaryPage.objects.filter(pk=summary_id).first()
    return notify_residents(summary) if summary else 0
