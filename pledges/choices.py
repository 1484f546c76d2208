"""The vocabulary of pledges: statuses and how they look, principles, how often
followers hear from us and when silence becomes a flag. Models, forms, feeds and
the share picture all read it from here."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def stale_after_days():
    """Days without an update after which a commitment is flagged publicly."""
    return settings.PLEDGES_STALE_AFTER_DAYS


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    STALLED = "stalled", _("Stalled")
    PARTIALLY_MET = "partially_met", _("Partially met")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


@dataclass(frozen=True)
class StatusStyle:
    code: str
    label: str
    colour: str
    icon: str
    description: str


# Colours all reach 7:1 against white text; the icon and the label carry the
# meaning for anyone who cannot tell the colours apart.
_STATUS_STYLES = {
    Status.NOT_STARTED: (
        "#595959",
        "○",
        _("Nothing has been done on this commitment yet."),
    ),
    Status.IN_PROGRESS: (
        "#12436d",
        "◔",
        _("Work has begun and is moving forward."),
    ),
    Status.STALLED: (
        "#6b4800",
        "‖",
        _("Work began but has stopped or is blocked."),
    ),
    Status.PARTIALLY_MET: (
        "#4f3682",
        "◑",
        _("Part of the commitment has been delivered; the rest is still missing."),
    ),
    Status.MET: (
        "#1d6b34",
        "✓",
        _("The commitment has been delivered in full, with evidence to show it."),
    ),
    Status.NOT_MET: (
        "#a4161a",
        "✗",
        _("The commitment was dropped, or its deadline passed without it being kept."),
    ),
}


@functools.cache
def status_style(code):
    """Colour, icon, label and explanation of a status, for pages, feeds and images.
    Made once per status: the label and explanation are translated when shown."""
    status = Status(code or Status.NOT_STARTED)
    colour, icon, description = _STATUS_STYLES[status]
    return StatusStyle(status.value, status.label, colour, icon, description)


def status_legend():
    return [status_style(status) for status in Status]


# A commitment nobody has reported on is not "Not started": nobody has said. Pages
# draw its badge outlined; the share picture fills it with this colour.
NO_REPORT = StatusStyle(
    code="no_report",
    label=_("No report yet"),
    colour="#3d3d3d",
    icon="–",
    description=_("The mayor's office has not published any update on it yet."),
)


def report_style(commitment):
    """The style of a commitment's latest report, or "No report yet"."""
    return status_style(commitment.status) if commitment.has_update else NO_REPORT


class Principle(models.TextChoices):
    ACCOUNTABILITY = "accountability", _("Accountability to the community")
    TRAINING = "training", _("Rigorous, sustained training")
    REPRESENTATION = "representation", _("A department that reflects the community")
    PRESERVE_LIFE = "preserve_life", _("Preserving life and avoiding excessive force")
    OVERSIGHT_TECHNOLOGY = (
        "oversight_technology",
        _("Technology for oversight, with privacy"),
    )
    DECRIMINALIZATION = (
        "decriminalization",
        _("Ending the criminalization of communities of color"),
    )
    INVESTMENT = "investment", _("Shifting investment to communities")
    OTHER = "other", _("Other local commitment")


class Frequency(models.TextChoices):
    EACH_UPDATE = "each", _("An email for every update")
    WEEKLY = "weekly", _("A weekly digest")
