"""Outcomes' choices: the statuses an action item moves through."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


# Statuses of an item still to be done.
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
