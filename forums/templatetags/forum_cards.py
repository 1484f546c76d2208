"""Forum cards (the forum index, the home page's next forums), written here
rather than through a template: a card drawn by an included template cost 0.11
ms, and the index draws a dozen; written here, a card costs about 0.06 ms, most
of it Babel writing its date and times.

Every value is escaped here: text and names by ``conditional_escape``, a count
inside a translated sentence the way ``{% blocktranslate %}`` escapes it. The
sentences are the msgids the card's template used, as literal ``gettext``
calls for the catalogs.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from engage.i18n import fallback_attributes, marked_text
from engage.templatetags.engage_tags import (
    format_time,
    format_weekday_date,
    native_language_name,
)

from ..models.choices import ForumStatus

register = template.Library()

# Words of an introduction a card shows, as ``truncatewords:40`` did.
INTRO_WORDS = 40


@register.simple_tag
def forum_status(forum):
    """ "Cancelled" or "Postponed" as a tag, for a forum that is either: on its
    card and on the page where a resident manages an RSVP."""
    if forum.status == ForumStatus.CANCELLED:
        # Safe: the label is escaped.
        return mark_safe(  # noqa: S308  # nosec B308 B703
            '<p class="tag forum-status forum-status--cancelled">'
            f"{conditional_escape(gettext('Cancelled'))}</p>"
        )
    if forum.status == ForumStatus.POSTPONED:
        # Safe: the label is escaped.
        return mark_safe(  # noqa: S308  # nosec B308 B703
            '<p class="tag forum-status forum-status--postponed">'
            f"{conditional_escape(gettext('Postponed'))}</p>"
        )
    return ""


def _place(forum):
    parts = []
    if forum.has_venue:
        parts.append(marked_text(forum.venue, "name"))
    if forum.is_online:
        parts.append(conditional_escape(forum.get_format_display()))
    return " · ".join(parts)


def _intro(forum):
    intro = forum.intro
    if not intro:
        return ""
    text = conditional_escape(Truncator(intro).words(INTRO_WORDS, truncate=" …"))
    return f"<p{fallback_attributes(forum, 'intro')}>{text}</p>"


def _tags(forum):
    areas = "".join(
        f'<li class="tag"{fallback_attributes(area, "name")}>'
        f"{conditional_escape(area.name)}</li>"
        for area in forum.areas
    )
    languages = "".join(
        f'<li class="tag" lang="{conditional_escape(code)}">'
        f"{conditional_escape(native_language_name(code))}</li>"
        for code in forum.interpretation_languages or ()
    )
    label = conditional_escape(gettext("Areas and languages"))
    return f'<ul class="forum-card__tags" aria-label="{label}">{areas}{languages}</ul>'


def _seats(forum, past):
    if past or forum.is_cancelled:
        return ""
    left = forum.seats_left
    if left is None:
        return ""
    if left == 0:
        text = conditional_escape(gettext("Full: RSVPs join the waitlist"))
    else:
        text = ngettext("%(count)s seat left", "%(count)s seats left", left) % {
            "count": conditional_escape(localize(left))
        }
    return f'<p class="forum-card__seats">{text}</p>'


def forum_card(forum, past=False):
    """One forum's card: its name, status, date, place, introduction, areas,
    languages and, unless ``past``, the seats left."""
    cancelled = " forum-card--cancelled" if forum.is_cancelled else ""
    summary = (
        '<p class="forum-card__summary"><span class="tag tag--summary">'
        f"{conditional_escape(gettext('Summary published'))}</span></p>"
        if forum.has_summary
        else ""
    )
    start, end = forum.start, forum.end
    when = (
        f'<time datetime="{conditional_escape(start.isoformat())}">'
        f"{conditional_escape(format_weekday_date(start))}, "
        f"{conditional_escape(format_time(start))}–"
        f"{conditional_escape(format_time(end))}</time>"
    )
    return (
        f'<article class="card forum-card{cancelled}">'
        f'<h3><a href="{conditional_escape(forum.url)}">'
        f"{conditional_escape(forum.marked_title)}</a></h3>"
        f"{forum_status(forum)}{summary}"
        f'<p class="forum-card__when">{when}</p>'
        f'<p class="forum-card__where">{_place(forum)}</p>'
        f"{_intro(forum)}{_tags(forum)}{_seats(forum, past)}"
        "</article>"
    )


@register.simple_tag
def forum_cards(forums, past=False):
    """Each of ``forums`` (``ForumCard``s) as a card in a list item; ``past``
    leaves out the seats left."""
    # Safe: every value in a card is escaped as it is written (see above).
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f"<li>{forum_card(forum, past)}</li>" for forum in forums)
    )
