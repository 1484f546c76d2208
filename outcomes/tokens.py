"""The signed link in a distributed summary that records a member's
acknowledgement. Its salt never changes: links already in inboxes keep working."""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import CommanderNotice, Delivery

ACK_SALT = "forums.distribution.ack"


def ack_token(delivery_id):
    return signing.dumps({"d": delivery_id}, salt=ACK_SALT, compress=True)


def delivery_from_ack_token(token):
    """The delivery a token was made for, or None if it was changed or is unknown."""
    try:
        data = signing.loads(token, salt=ACK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    return (
        Delivery.objects.select_related("distribution__summary")
        .filter(pk=data["d"])
        .first()
    )


# When a member's confirmation page was shown, carried by its form.
ACK_SHOWN_SALT = "outcomes.ack_page_shown"


def ack_page_shown():
    return signing.dumps(timezone.now().isoformat(), salt=ACK_SHOWN_SALT)


def ack_page_shown_at(value):
    """When the page whose form carried ``value`` was shown; None for a value
    that was changed or is missing."""
    try:
        return datetime.datetime.fromisoformat(
            signing.loads(value, salt=ACK_SHOWN_SALT)
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None


def acknowledge(delivery, revision_id=None, now=None):
    """Record the first acknowledgement, with the version of the summary read
    (``revision_id``, one of the summary's own revisions, else none); later
    ones change nothing.

    The member has read the summary, not one copy of it: every copy they were
    sent of it, through any distribution, counts as acknowledged.
    """
    now = now or timezone.now()
    summary = delivery.distribution.summary
    if not summary.revisions.filter(pk=revision_id).exists():
        revision_id = None
    Delivery.objects.of_summary(summary.pk).filter(
        member_id=delivery.member_id, acknowledged_at__isnull=True
    ).update(acknowledged_at=now, acknowledged_revision_id=revision_id)
    delivery.refresh_from_db(fields=["acknowledged_at"])
    return delivery.acknowledged_at == now


# A commander's link to their unit's acknowledgements. It holds only the
# notice's random key and the time it was signed, so it names no unit, member
# or address, and it stops working OUTCOMES_UNIT_LINK_MAX_AGE after that.
UNIT_LINK_SALT = "outcomes.unit_status"


def unit_link_token(notice):
    return signing.TimestampSigner(salt=UNIT_LINK_SALT).sign(notice.key)


def notice_from_unit_token(token):
    """The commander notice a link was made for, or None if it was changed or
    is unknown. Raises ``signing.SignatureExpired`` for a link past its age."""
    signer = signing.TimestampSigner(salt=UNIT_LINK_SALT)
    try:
        key = signer.unsign(token, max_age=settings.OUTCOMES_UNIT_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    return (
        CommanderNotice.objects.select_related(
            "distribution__summary", "unit", "commander"
        )
        .filter(key=key)
        .first()
    )
