"""Acknowledgement deadlines: the scheduled reminders each member was sent, and
the notice each unit's commander gets once the deadline has passed."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderStep(models.TextChoices):
    AFTER_SENDING = "after_sending", _("Some days after sending")
    BEFORE_DEADLINE = "before_deadline", _("Before the deadline")


class ScheduledReminder(models.Model):
    """One step of the reminder schedule, claimed for one delivery.

    The row is written before the email is handed to the provider, and its
    unique key is what stops a second run (or a run after a crash) sending that
    step again; a reminder the provider refused is deleted, so it can be retried.
    """

    delivery = models.ForeignKey(
        "outcomes.Delivery",
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="scheduled_reminders",
    )
    step = models.CharField(_("step"), max_length=20, choices=ReminderStep.choices)
    claim = models.UUIDField(editable=False)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("scheduled reminder")
        verbose_name_plural = _("scheduled reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "step"], name="outcomes_one_reminder_per_step"
            )
        ]

    def __str__(self):
        return f"{self.delivery_id}: {self.step}"


def new_unit_link_key():
    """What a commander's signed link carries: random, so it names nobody."""
    return secrets.token_urlsafe(18)


class CommanderNotice(models.Model):
    """The one email a unit's commander gets after a distribution's deadline.

    Written in the transaction that queues the email, so each unit's commander
    is told once. ``key`` is what the signed link to the unit's status holds.
    """

    distribution = models.ForeignKey(
        "outcomes.Distribution",
        verbose_name=_("distribution"),
        on_delete=models.CASCADE,
        related_name="commander_notices",
    )
    unit = models.ForeignKey(
        "outcomes.DepartmentUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    commander = models.ForeignKey(
        "outcomes.DepartmentMember",
        verbose_name=_("commander"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key = models.CharField(
        max_length=24, unique=True, editable=False, default=new_unit_link_key
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("commander notice")
        verbose_name_plural = _("commander notices")
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "unit"], name="outcomes_one_notice_per_unit"
            )
        ]

    def __str__(self):
        return f"{self.distribution_id}: {self.unit_id}"
