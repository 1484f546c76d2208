"""The public history of an action item: each change of status, dated and noted.

Organizers record these outside the summary's review workflow; the summary's
own text is never sent back through review for a status change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .summaries import ActionItem, ActionStatus


class ActionItemUpdateQuerySet(models.QuerySet):
    def public(self):
        """Updates of items on a published summary of a published forum."""
        return self.filter(
            action_item__summary__live=True, action_item__summary__forum__live=True
        )


class ActionItemUpdate(models.Model):
    """One change of an action item's status, with the note shown to the public."""

    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    status = models.CharField(
        _("new status"), max_length=12, choices=ActionStatus.choices
    )
    previous_status = models.CharField(
        _("previous status"), max_length=12, choices=ActionStatus.choices
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    date = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ActionItemUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item update")
        verbose_name_plural = _("action item updates")
        ordering = ["-date", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"
