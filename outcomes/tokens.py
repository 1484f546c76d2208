"""The signed link in a distributed summary that records a member's
acknowledgement. Its salt never changes: links already in inboxes keep working."""

from django.core import signing
from django.utils import timezone

from .models import Delivery

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


def acknowledge(delivery, now=None):
    """Record the first acknowledgement; later ones change nothing."""
    now = now or timezone.now()
    updated = Delivery.objects.filter(
        pk=delivery.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=now)
    delivery.refresh_from_db(fields=["acknowledged_at"])
    return bool(updated)
