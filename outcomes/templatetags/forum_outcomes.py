"""Plain-text rendering of rich text, for the text part of summary emails."""

import html
import re

from django import template
from wagtail.rich_text import expand_db_html

register = template.Library()

BLOCK_END = re.compile(r"</(p|h[1-6]|ul|ol|div)>|<br\s*/?>", re.IGNORECASE)
LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


@register.filter
def rich_text_as_plain(value):
    """Paragraphs and list items on their own lines, tags removed, entities decoded."""
    if not value:
        return ""
    text = BLOCK_END.sub("\n", expand_db_html(str(value)))
    text = LIST_ITEM.sub("\n- ", text)
    text = html.unescape(TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
