"""What the public was shown of a forum summary, publication by publication.

A published summary is what the department was sent and what residents read.
Correcting it is allowed, quietly rewriting it is not: each publication that
changes its title, its attendance figures, the officers it names or the text of
its topics, concerns and responses keeps a copy of them here, and the summary
page lists every change since the first publication, dated, with what it said
before. Copies are never edited. A first translation is not a change; markup
alone (bold, a link) is not either, since the copy keeps the text.

Its action items keep their own record (``item_record``); its highlights,
photos and documents are not recorded.
"""

import html
import re

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES

from .item_record import Change, PublishedTerms, changes_between

# Terms written in every language, and the others.
TRANSLATED = ("title", "topics", "concerns", "responses")
FIGURES = ("residents_attended", "walk_ins", "officers_attended")
PLAIN = ("officers_present",)
# How the summary page names each term in its list of changes.
PARTS = {
    "title": _("The title"),
    "topics": _("Topics discussed"),
    "concerns": _("Concerns raised by residents"),
    "responses": _("The department's responses"),
    "residents_attended": _("Residents who RSVPed and came"),
    "walk_ins": _("Walk-ins"),
    "officers_attended": _("Department members present"),
    "officers_present": _("Officers present"),
}
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


class PublishedSummaryTerms(PublishedTerms):
    """A summary's terms as one of its publications showed them: {term:
    {language: text}} for ``TRANSLATED``, {term: value} for the rest."""

    summary = models.ForeignKey(
        "outcomes.ForumSummaryPage",
        verbose_name=_("forum summary"),
        on_delete=models.CASCADE,
        related_name="published_terms",
    )

    class Meta(PublishedTerms.Meta):
        verbose_name = _("published terms of a forum summary")
        verbose_name_plural = _("published terms of forum summaries")

    def __str__(self):
        return f"{self.summary_id} on {self.published_on}"


class SummaryChange(Change):
    @property
    def part(self):
        return PARTS[self.term]

    @property
    def is_figure(self):
        return self.term in FIGURES


def as_text(value):
    """Rich text as the words a reader sees, a line per paragraph or item."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", str(value or ""))))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def terms_of(summary):
    terms = {
        term: {
            code: as_text(getattr(summary, build_localized_fieldname(term, code)))
            for code in LANGUAGE_CODES
        }
        for term in TRANSLATED
    }
    terms.update({term: getattr(summary, term) for term in FIGURES})
    terms.update({term: as_text(getattr(summary, term)) for term in PLAIN})
    return terms


def record_summary_terms(summary):
    """Keep a copy of ``summary``'s terms if they differ from the copy last
    published (or there is none yet). Called as the summary is saved live."""
    latest = summary.published_terms.order_by("-recorded_at", "-pk").first()
    terms = terms_of(summary)
    if latest is None or latest.terms != terms:
        PublishedSummaryTerms.objects.create(summary=summary, terms=terms)


def summary_changes_between(copies):
    """``changes_between`` consecutive ``copies`` of a summary's terms."""
    return changes_between(
        copies, translated=TRANSLATED, plain=FIGURES + PLAIN, change=SummaryChange
    )


def summary_changes(summary):
    """Every change between consecutive copies of ``summary``'s terms, newest
    first; none for a summary not yet saved (a preview of a new one)."""
    if summary.pk is None:
        return []
    return summary_changes_between(list(summary.published_terms.all()))
