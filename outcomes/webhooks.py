"""Delivery tracking: anymail turns each provider's webhook into one signal.

The webhook URL (``/anymail/<esp>/tracking/``) and its shared secret
(``ANYMAIL["WEBHOOK_SECRET"]``, basic auth) are anymail's; forged or
unauthenticated posts are rejected by anymail before this receiver runs, and
with no secret configured every post is refused (``engage.webhooks``).
"""

from anymail.signals import tracking
from django.dispatch import receiver
from django.utils import timezone

from .models import Delivery, DeliveryStatus, DepartmentMember
from .models.deliveries import METADATA_KEY, STATUS_RANK

EVENT_STATUS = {
    "queued": DeliveryStatus.SENT,
    "sent": DeliveryStatus.SENT,
    "deferred": DeliveryStatus.DEFERRED,
    "delivered": DeliveryStatus.DELIVERED,
    "opened": DeliveryStatus.OPENED,
    "clicked": DeliveryStatus.OPENED,
    "bounced": DeliveryStatus.BOUNCED,
    "rejected": DeliveryStatus.BOUNCED,
    "complained": DeliveryStatus.COMPLAINED,
}
# anymail's reasons that mean the address itself will not work again.
PERMANENT_REASONS = {"bounced", "invalid"}


def is_hard_bounce(event):
    """anymail folds soft bounces into "bounced" for some providers; undo that."""
    if event.event_type not in ("bounced", "rejected"):
        return False
    if event.reject_reason not in PERMANENT_REASONS:
        return False
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return raw.get("Type") != "SoftBounce" and raw.get("severity") != "temporary"


def find_delivery(event):
    """By the provider's message id; by our metadata when the id is not known yet.

    The metadata holds the delivery's random reference, never its id, so an
    event cannot name a delivery it did not get from us.
    """
    deliveries = Delivery.objects.none()
    if event.message_id:
        deliveries = Delivery.objects.filter(esp_message_id=str(event.message_id))
        if event.recipient and deliveries.count() > 1:
            deliveries = deliveries.filter(email__iexact=event.recipient)
    delivery = deliveries.order_by("pk").first()
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    reference = metadata.get(METADATA_KEY)
    if delivery is None and isinstance(reference, str) and reference:
        delivery = Delivery.objects.filter(reference=reference).first()
    return delivery


def apply_event(event):
    """Move the delivery's status up (never down) and flag hard-bounced addresses."""
    status = EVENT_STATUS.get(event.event_type)
    if status is None:
        return None
    delivery = find_delivery(event)
    if delivery is None:
        return None
    now = timezone.now()
    lower = [name for name, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    changes = {"status": status, "status_changed_at": now}
    if status != DeliveryStatus.DEFERRED:
        changes["last_error"] = ""
    if status == DeliveryStatus.BOUNCED:
        changes["last_error"] = (event.description or event.reject_reason or "")[:1000]
    if delivery.sent_at is None:
        changes["sent_at"] = event.timestamp or now
    if not delivery.esp_message_id and event.message_id:
        # A copy whose sending was interrupted before we stored the id.
        changes["esp_message_id"] = str(event.message_id)[:200]
    Delivery.objects.filter(pk=delivery.pk, status__in=lower).update(**changes)
    if is_hard_bounce(event):
        DepartmentMember.objects.filter(pk=delivery.member_id).update(
            address_needs_attention=True
        )
    delivery.refresh_from_db()
    return delivery


@receiver(tracking)
def track_delivery(sender, event, esp_name, **kwargs):
    apply_event(event)
