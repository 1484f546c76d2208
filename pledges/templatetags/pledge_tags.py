from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from engage.links import absolute_reverse, absolute_url
from pledges.chart import progress_chart
from pledges.choices import StatusStyle, stale_after_days, status_style
from pledges.forms import FollowForm

register = template.Library()

# A commitment nobody has reported on is not "Not started": nobody has said.
NO_REPORT = StatusStyle(
    code="no_report",
    label=_("No report yet"),
    colour="#ffffff",
    icon="–",
    description=_("The mayor's office has not published any update on it yet."),
)


@register.filter
def as_fraction(percentage):
    """A 0-100 percentage as the 0-1 fraction ``format_percent`` expects."""
    return (percentage or 0) / 100


@register.filter
def report_style(commitment):
    """The badge of a commitment's latest report, or "No report yet"."""
    return status_style(commitment.status) if commitment.has_update else NO_REPORT


@register.simple_tag
def no_report_style():
    return NO_REPORT


@register.simple_tag
def commitment_chart(timeline, pledge):
    """The progress chart of a commitment's timeline (newest first), from the
    pledge's signing date to today."""
    updates = [entry.update for entry in reversed(timeline)]
    return progress_chart(updates, since=pledge.date_signed)


@register.simple_tag
def share_url_of(page):
    """The address to share, in the page's language, on the public site."""
    return absolute_url(page)


@register.simple_tag
def commitment_share_image_url(commitment):
    """The absolute address of the commitment's picture in the current language."""
    return absolute_reverse("pledges:commitment_share_image", args=[commitment.pk])


@register.simple_tag
def stale_days():
    return stale_after_days()


@register.simple_tag
def new_follow_form():
    """An empty follow form, offering the emails in the page's language."""
    return FollowForm(initial={"language": translation.get_language()})
