from django import template
from django.utils import translation

from pledges.choices import stale_after_days
from pledges.forms import FollowForm

register = template.Library()


@register.filter
def as_fraction(percentage):
    """A 0-100 percentage as the 0-1 fraction ``format_percent`` expects."""
    return (percentage or 0) / 100


@register.simple_tag
def stale_days():
    return stale_after_days()


@register.simple_tag
def new_follow_form():
    """An empty follow form, offering the emails in the page's language."""
    return FollowForm(initial={"language": translation.get_language()})
