"""``{% commitment_entry %}``: one commitment as a pledge page lists it, with its
status, progress, facts, flags and links. Written here rather than by a template
loop: a pledge page repeats it for every commitment, and the template engine's
cost per tag and variable came to a fifth of the page's time."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from engage.i18n import blocktranslated, fallback_attributes
from engage.templatetags.engage_tags import format_date, format_number
from pledges.choices import report_style

from .pledge_tags import as_fraction, name_id, progress_bar, status_badge

register = template.Library()


def _term(term, definition, attributes=""):
    """A fact: ``term`` (translated) and its ``definition``."""
    return (
        f"<dt>{conditional_escape(term)}</dt>"
        f"<dd{attributes}>{conditional_escape(definition)}</dd>"
    )


def _flags(commitment):
    """Whether the commitment has gone quiet or is past its target date."""
    if not (commitment.stale or commitment.overdue):
        return ""
    flags = []
    if commitment.stale:
        days = commitment.quiet_days
        if commitment.has_update:
            quiet = ngettext(
                "No update in %(days)s day", "No update in %(days)s days", days
            )
        else:
            quiet = ngettext(
                "No update in the %(days)s day since signing",
                "No update in the %(days)s days since signing",
                days,
            )
        flags.append(
            '<li class="pledge-flag pledge-flag--stale"><span aria-hidden="true">⏱'
            f"</span>\n{blocktranslated(quiet, days=days)}\n</li>"
        )
    if commitment.overdue:
        if commitment.overdue_against_original:
            date = format_date(commitment.original_target_date, "medium")
            message = gettext(
                "Overdue against the original date, %(date)s; the target date was moved"
            )
        else:
            date = format_date(commitment.target_date, "medium")
            message = gettext("Overdue: the target date was %(date)s")
        flags.append(
            '<li class="pledge-flag pledge-flag--overdue"><span aria-hidden="true">⚠'
            f"</span>\n{blocktranslated(message, date=date)}\n</li>"
        )
    return '<ul class="pledge-flags">\n' + "\n".join(flags) + "\n</ul>"


def _links(commitment):
    """Links to the forum action items and survey questions it is linked to."""
    url = conditional_escape(commitment.url)
    items, questions = commitment.action_item_count, commitment.question_count
    sentences = []
    if items:
        sentence = ngettext(
            "%(counter)s related forum action item",
            "%(counter)s related forum action items",
            items,
        )
        sentences.append(blocktranslated(sentence, counter=items))
    if questions:
        sentence = ngettext(
            "%(counter)s related survey question",
            "%(counter)s related survey questions",
            questions,
        )
        sentences.append(blocktranslated(sentence, counter=questions))
    if not sentences:
        return ""
    links = "\n".join(
        f'<li><a href="{url}#commitment-related-heading">{sentence}</a></li>'
        for sentence in sentences
    )
    return f'<ul class="pledge-commitment__links">\n{links}\n</ul>'


@register.simple_tag
def commitment_entry(commitment):
    """One ``CommitmentRow`` of a pledge page's list, summarized (its ``stale``,
    ``overdue`` and ``quiet_days`` set by ``pledges.models.progress``)."""
    title = conditional_escape(commitment.title)
    updated = commitment.latest_update_date
    facts = []
    if commitment.responsible_office:
        attributes = fallback_attributes(commitment, "responsible_office")
        office = commitment.responsible_office
        facts.append(_term(gettext("Responsible"), office, attributes))
    if commitment.target_date:
        target = format_date(commitment.target_date, "medium")
        facts.append(_term(gettext("Target date"), target))
    facts.append(_term(gettext("Weight"), format_number(commitment.weight)))
    if updated:
        latest = format_date(updated, "medium")
    else:
        # The template's msgid, whose percent sign {% translate %} doubled.
        latest = gettext("None yet: counts as 0%%").replace("%%", "%")
    facts.append(_term(gettext("Latest update"), latest))
    # Safe: every value is escaped as it is written, the translations are as
    # {% translate %} and {% blocktranslate %} write them, and the badge and the
    # bar are drawn by their own tags.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        '<li class="card pledge-commitment">\n'
        f'<h3><a id="{name_id(commitment)}" href="{conditional_escape(commitment.url)}"'
        f"{fallback_attributes(commitment, 'title')}>{title}</a></h3>\n"
        f'<p class="tag">{conditional_escape(commitment.get_principle_display())}</p>\n'
        f"<p>{status_badge(report_style(commitment))}</p>\n"
        f"{progress_bar(as_fraction(commitment.percentage), named_by=commitment)}\n"
        f'<dl class="facts">\n{"".join(facts)}\n</dl>\n'
        f"{_flags(commitment)}\n{_links(commitment)}\n</li>"
    )
