from html import escape

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from engage.links import absolute_reverse, absolute_url
from engage.templatetags.engage_tags import format_percent
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
def status_badge(style):
    """A status shown by colour, icon and words together, never by colour alone.
    Drawn here rather than by an included template: a pledge's pages repeat it
    for every commitment, and an include cost more than the badge."""
    if style.code == NO_REPORT.code:
        return format_html(
            '<span class="pledge-status pledge-status--none">'
            '<span class="pledge-status__icon" aria-hidden="true">{}</span> {}</span>',
            style.icon,
            style.label,
        )
    return format_html(
        '<span class="pledge-status" style="--pledge-status: {}">'
        '<span class="pledge-status__icon" aria-hidden="true">{}</span> {}</span>',
        style.colour,
        style.icon,
        style.label,
    )


@register.filter
def name_id(item):
    """The id of the element that names ``item`` (a pledge or a commitment), for
    the bars it labels: a name in an ``aria-label`` could not say it is in
    English when it is not translated, its element can."""
    return f"name-{item.pk}"


@register.simple_tag
def progress_bar(fraction, label="", named_by=None):
    """A bar from 0 to 1 with its percentage beside it, named for screen readers
    by ``label`` (in the page's language) or by the element that names
    ``named_by`` (see ``name_id``). Written without ``format_html``, whose
    escaping machinery cost more than the bar: the pledge index draws ten."""
    percent = escape(format_percent(fraction))
    if named_by is None:
        name = f'aria-label="{escape(str(label))}"'
    else:
        name = f'aria-labelledby="{name_id(named_by)}"'
    value = round(float(fraction) * 100)
    # Safe: every value is escaped above.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        '<div class="pledge-progress">\n'
        f'  <progress max="100" value="{value}" {name}>{percent}</progress>\n'
        f'  <span class="pledge-progress__value">{percent}</span>\n'
        "</div>"
    )


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
