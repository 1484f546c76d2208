from django import template

from pledges.models import stale_after_days

register = template.Library()


@register.filter
def as_fraction(percentage):
    """A 0-100 percentage as the 0-1 fraction ``format_percent`` expects."""
    return (percentage or 0) / 100


@register.simple_tag
def stale_days():
    return stale_after_days()
