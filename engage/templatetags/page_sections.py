"""``{% page_footer_sections page %}``: sections that higher apps add at the foot
of a lower app's page (registered with the ``engage_page_footer_sections`` hook),
so that a page lists what builds on it without importing it."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from wagtail import hooks

register = template.Library()

HOOK = "engage_page_footer_sections"


@register.simple_tag(takes_context=True)
def page_footer_sections(context, page):
    """Each hook gets ``(request, page)`` and returns None or a dict with the
    ``template`` to render and its context."""
    request = context.get("request")
    sections = filter(None, (build(request, page) for build in hooks.get_hooks(HOOK)))
    # Each template escapes its own text, so its output is joined as it is.
    return format_html_join(
        "",
        "{}",
        ((render_to_string(s["template"], {"section": s}, request),) for s in sections),
    )
