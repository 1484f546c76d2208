"""The pledge index's cards and grid, drawn in Python rather than by template
tags. A page holds ten cities and some seventy commitments, and the template
engine's cost per tag and variable made a city's card and row cost more to draw
(0.44 ms) than its data did to read: drawn here, about 0.04 ms.

Everything shown is escaped here, as the template would: names, titles and
addresses by ``html.escape`` (Django's ``escape`` without its wrappers), values
in translated messages as ``{% blocktranslate %}`` does (the translation itself
is trusted, the values in it are not)."""

from html import escape

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from engage.i18n import (
    babel_locale,
    fallback_attributes,
    normalize_language,
    translated_value,
)
from engage.templatetags.engage_tags import format_date, format_percent
from pledges.choices import report_style, stale_after_days

from .pledge_tags import name_id, progress_bar, status_badge

register = template.Library()


def _message(text, **values):
    """``text`` (already translated) with its values escaped, as
    ``{% blocktranslate %}`` writes it: the values are escaped, the translation
    is trusted."""
    return text % {name: escape(str(value)) for name, value in values.items()}


def _parts(context):
    """What every card and cell of one page repeats, in the reader's language,
    made once per page."""
    parts = context.render_context.get("pledge_index_parts")
    if parts is None:
        language = normalize_language(get_language())
        parts = context.render_context["pledge_index_parts"] = {
            "language": language,
            "locale": babel_locale(language),
            # Whether a text can be shown in English for want of a translation.
            "marks": language != settings.LANGUAGE_CODE,
            "overall": conditional_escape(gettext("Overall progress")),
            "no updates": conditional_escape(gettext("No updates yet")),
            "stale days": stale_after_days(),
            "empty": format_html(
                '<span aria-hidden="true">–</span>'
                '<span class="visually-hidden">{}</span>',
                gettext("No commitment"),
            ),
            "overdue": format_html(
                '<span class="pledge-flag pledge-flag--overdue">'
                '<span aria-hidden="true">⚠</span> {}</span>',
                gettext("Overdue"),
            ),
            "stale": format_html(
                '<span class="pledge-flag pledge-flag--stale">'
                '<span aria-hidden="true">⏱</span> {}</span>',
                gettext("No recent update"),
            ),
            "signed": gettext("Signed by Mayor %(mayor)s on %(date)s"),
            "latest": gettext("Latest update: %(date)s"),
            "badges": {},
            "percents": {},
            "plurals": {},
            "links": {},
        }
    return parts


# The card's counted sentences, each a function of its number.
COUNTED = {
    "without update": lambda n: ngettext(
        "%(counter)s commitment has no update yet and counts as 0%%.",
        "%(counter)s commitments have no update yet and count as 0%%.",
        n,
    ),
    "overdue": lambda n: ngettext(
        "%(counter)s commitment overdue", "%(counter)s commitments overdue", n
    ),
    "stale": lambda n: ngettext(
        "%(counter)s commitment with no update in over %(days)s days",
        "%(counter)s commitments with no update in over %(days)s days",
        n,
    ),
}


def _counted(parts, sentence, count):
    """One of ``COUNTED`` for ``count``, written once per page for each number:
    cards repeat the same few counts."""
    key = (sentence, count)
    if key not in parts["plurals"]:
        text = COUNTED[sentence](count)
        parts["plurals"][key] = _message(text, counter=count, days=parts["stale days"])
    return parts["plurals"][key]


@register.simple_tag
def cities_shown(cities):
    """ "22 cities; showing 11 to 20." for a page of the index, as
    ``{% blocktranslate count %}`` would write it."""
    count = cities.paginator.count
    text = ngettext(
        "%(counter)s city; showing %(first)s to %(last)s.",
        "%(counter)s cities; showing %(first)s to %(last)s.",
        count,
    )
    shown = _message(
        text, counter=count, first=cities.start_index(), last=cities.end_index()
    )
    # Safe: see _message.
    return mark_safe(shown)  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def city_cards(context, summaries):
    """A card per city, as the items of a list."""
    parts = _parts(context)
    cards = (
        f'<li class="card pledge-card">\n{_card(summary, parts)}\n</li>'
        for summary in summaries
    )
    # Safe: _card escapes every value it writes.
    return mark_safe("\n".join(cards))  # noqa: S308  # nosec B308 B703


def _card(summary, parts):
    """A city's card: who signed and when, overall progress, latest update and
    the counts of overdue and stale commitments."""
    pledge = summary.pledge
    signed = _message(
        parts["signed"],
        mayor=pledge.mayor_name,
        date=format_date(pledge.date_signed, "medium", parts["locale"]),
    )
    if summary.latest_update:
        latest = _message(
            parts["latest"],
            date=format_date(summary.latest_update, "medium", parts["locale"]),
        )
    else:
        latest = parts["no updates"]
    lines = [
        "<h3>" + _city_link(summary, parts, f' id="{name_id(pledge)}"') + "</h3>",
        f"<p>{signed}</p>",
        f'<p class="pledge-card__overall">{parts["overall"]}</p>',
        progress_bar(summary.overall or 0, named_by=pledge),
        f"<p>{latest}</p>",
    ]
    if summary.without_update:
        without = _counted(parts, "without update", summary.without_update)
        lines.append(f'<p class="help">{without}</p>')
    overdue = _counted(parts, "overdue", summary.overdue_count)
    stale = _counted(parts, "stale", summary.stale_count)
    overdue_flag = " pledge-flag--overdue" if summary.overdue_count else ""
    stale_flag = " pledge-flag--stale" if summary.stale_count else ""
    lines += [
        '<ul class="pledge-card__counts">',
        f'  <li class="pledge-card__count{overdue_flag}">'
        f'<span aria-hidden="true">⚠</span> {overdue}</li>',
        f'  <li class="pledge-card__count{stale_flag}">'
        f'<span aria-hidden="true">⏱</span> {stale}</li>',
        "</ul>",
    ]
    return "\n".join(lines)


@register.simple_tag(takes_context=True)
def city_rows(context, rows):
    """The grid's body: a row per city."""
    parts = _parts(context)
    html = (f"<tr>{_row(row, parts)}</tr>" for row in rows)
    # Safe: _row and _cell escape every value they write.
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703


def _row(row, parts):
    """A row of the grid: the city, then a cell per principle with its
    commitments or a dash."""
    cells = "".join(
        f"<td>{_cell(commitments, parts)}</td>" for commitments in row["cells"]
    )
    return f'<th scope="row">{_city_link(row["summary"], parts)}</th>{cells}'


def _city_link(summary, parts, attributes=""):
    """The city's name linking to its pledge, marked English when shown so. The
    card and the grid's row both link it: what follows the tag's name is written
    once per city."""
    pledge = summary.pledge
    rest = parts["links"].get(pledge.path)
    if rest is None:
        mark = fallback_attributes(pledge, "city", parts["language"])
        rest = parts["links"][pledge.path] = (
            f' href="{escape(summary.url)}"{mark}>{escape(pledge.city)}</a>'
        )
    return f"<a{attributes}{rest}"


def _cell(commitments, parts):
    """A commitment per line: its title, its latest status, percentage and flags."""
    if not commitments:
        return parts["empty"]
    badges, percents = parts["badges"], parts["percents"]
    language, marks = parts["language"], parts["marks"]
    items = []
    for commitment in commitments:
        # Rows carry their latest report as read (see ``CommitmentRow``).
        report = commitment.latest_status
        if report not in badges:
            badges[report] = status_badge(report_style(commitment))
        percentage = commitment.latest_percentage or 0
        if percentage not in percents:
            percents[percentage] = escape(format_percent(percentage / 100))
        title = translated_value(commitment.__dict__, "title", language)
        mark = fallback_attributes(commitment, "title", language) if marks else ""
        items.append(
            f'<div class="pledge-grid__item"><a href="{escape(commitment.url)}"'
            f"{mark}>{escape(title)}</a>"
            f" {badges[report]} "
            f'<span class="pledge-grid__percent">{percents[percentage]}</span>'
            f" {parts['overdue'] if commitment.overdue else ''}"
            f" {parts['stale'] if commitment.stale else ''}</div>"
        )
    return "".join(items)
