from django import template
from django.utils import translation

from engage.links import absolute_reverse, absolute_url
from pledges.chart import progress_chart
from pledges.choices import NO_REPORT, report_style, stale_after_days
from pledges.forms import FollowForm

register = template.Library()
# The badge of a commitment's latest report, or "No report yet".
register.filter("report_style", report_style)


@register.filter
def as_fraction(percentage):
    """A 0-100 percentage as the 0-1 fraction ``format_percent`` expects."""
    return (percentage or 0) / 100


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
