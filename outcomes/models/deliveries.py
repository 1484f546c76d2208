"""Sending a published summary to the department roster, one delivery per member."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DistributionStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    COMPLETED = "completed", _("Completed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DEFERRED = "deferred", _("Delayed by the receiving server")
    DELIVERED = "delivered", _("Delivered")
    OPENED = "opened", _("Opened")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")
    FAILED = "failed", _("Failed")


# Tracking events arrive out of order; a status only moves up this scale, so a
# late "delivered" never hides an "opened" and a bounce is never overwritten.
STATUS_RANK = {
    DeliveryStatus.PENDING: 0,
    DeliveryStatus.SENDING: 1,
    DeliveryStatus.FAILED: 2,
    DeliveryStatus.SENT: 3,
    DeliveryStatus.DEFERRED: 4,
    DeliveryStatus.DELIVERED: 5,
    DeliveryStatus.OPENED: 6,
    DeliveryStatus.BOUNCED: 7,
    DeliveryStatus.COMPLAINED: 8,
}

REACHED = (DeliveryStatus.DELIVERED, DeliveryStatus.OPENED, DeliveryStatus.COMPLAINED)
UNREACHABLE = (DeliveryStatus.BOUNCED, DeliveryStatus.FAILED)


class Distribution(models.Model):
    """One sending of a summary to all active members, or to chosen units."""

    summary = models.ForeignKey(
        "outcomes.ForumSummaryPage",
        verbose_name=_("summary"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    units = models.ManyToManyField(
        "outcomes.DepartmentUnit",
        verbose_name=_("units"),
        blank=True,
        related_name="+",
        help_text=_("Empty means every active member."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DistributionStatus.choices,
        default=DistributionStatus.SENDING,
    )
    # The last day members have to acknowledge, in the site's time zone; empty
    # for distributions made before deadlines existed (no reminders, no notices).
    acknowledgement_deadline = models.DateField(
        _("acknowledge by"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self):
        return f"{self.summary.title} ({self.created_at:%Y-%m-%d})"


# The key of a delivery's reference in the metadata sent with each copy.
METADATA_KEY = "delivery_ref"


def new_delivery_reference():
    """What the provider's events quote back: random, so none can be guessed."""
    return secrets.token_urlsafe(18)


class DeliveryQuerySet(models.QuerySet):
    def of_summary(self, summary):
        return self.filter(distribution__summary=summary)

    def received(self):
        """Copies sent or on their way; a failed or bounced one reached nobody."""
        return self.exclude(status__in=UNREACHABLE)


class Delivery(models.Model):
    """One member's copy: its unique row is what stops a second copy being sent."""

    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("distribution"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    member = models.ForeignKey(
        "outcomes.DepartmentMember",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reference = models.CharField(
        max_length=24, unique=True, editable=False, default=new_delivery_reference
    )
    esp_message_id = models.CharField(
        _("provider message id"), max_length=200, blank=True, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    retry_after = models.DateTimeField(_("retry after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # The published version of the summary on the page where the member pressed
    # "I have read this summary": a later edit does not count as read.
    acknowledged_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version acknowledged"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["distribution", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "member"], name="forums_one_delivery_per_member"
            )
        ]
        indexes = [
            models.Index(
                fields=["distribution", "status", "retry_after"],
                name="forums_delivery_queue",
            )
        ]

    def __str__(self):
        return f"{self.email}: {self.get_status_display()}"

    @property
    def version_acknowledged(self):
        """When the version of the summary the member read was saved."""
        revision = self.acknowledged_revision
        return revision.created_at if revision is not None else None
