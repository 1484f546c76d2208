"""What the public was shown of a forum summary, publication by publication.

A published summary is what the department was sent and what residents read.
Correcting it is allowed, quietly rewriting it is not: each publication that
changes its title, its attendance figures, the officers it names, the text of
its topics, concerns, responses and highlights, its photos (and their captions)
or its documents keeps a copy of them here, and the summary page lists every
change since the first publication, dated, with what it said before. Copies are
never edited. A first translation is not a change; markup alone (bold, a link)
is not either, since the copy keeps the text. A term a copy made before it was
recorded does not hold is not a change either.

Its action items keep their own record (``item_record``); the files of its
documents are kept as published (``cms.kept_files``).
"""

import html
import os
import re

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.blocks import StreamValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from engage.i18n import LANGUAGE_CODES

from .item_record import Change, PublishedTerms, changes_between

# Terms written in every language, and the others. The fields are copied as
# their text; what the page shows besides is read by ``_shown``.
TEXT_FIELDS = ("title", "topics", "concerns", "responses")
TRANSLATED = (*TEXT_FIELDS, "highlights", "captions")
FIGURES = ("residents_attended", "walk_ins", "officers_attended")
PLAIN_FIELDS = ("officers_present",)
PLAIN = (*PLAIN_FIELDS, "photos", "documents")
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
    "highlights": _("Highlights"),
    "captions": _("Photo captions"),
    "photos": _("Photos"),
    "documents": _("Documents"),
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


def stream_text(value):
    """A stream (the highlights) as the words a reader sees, a line per
    paragraph, with the titles of its images and documents."""
    lines = []

    def walk(part):
        if isinstance(part, RichText):
            lines.append(as_text(part.source))
        elif isinstance(part, str):
            lines.append(as_text(part))
        elif isinstance(part, StreamValue):
            for child in part:
                walk(child.value)
        elif isinstance(part, dict):
            for item in part.values():
                walk(item)
        elif isinstance(part, list | tuple | ListValue):
            for item in part:
                walk(item)
        elif getattr(part, "title", None):
            lines.append(str(part.title))

    walk(value)
    return "\n".join(line for line in lines if line)


def _shown(summary):
    """The photos the page shows (those agreed to) and its documents, each
    named by its image or file, as this publication holds them."""
    photos = [photo for photo in summary.photos.all() if photo.consent_given]
    documents = list(summary.documents.all())
    images = dict(
        get_image_model()
        .objects.filter(pk__in=[p.image_id for p in photos])
        .values_list("pk", "title")
    )
    files = {
        pk: f"{title} ({os.path.basename(name)})"
        for pk, title, name in get_document_model()
        .objects.filter(pk__in=[d.document_id for d in documents])
        .values_list("pk", "title", "file")
    }
    captions = {
        code: "\n".join(
            f"{images.get(photo.image_id, '')}: {caption}"
            for photo in photos
            if (caption := getattr(photo, build_localized_fieldname("caption", code)))
        )
        for code in LANGUAGE_CODES
    }
    return {
        "highlights": {
            code: stream_text(
                getattr(summary, build_localized_fieldname("highlights", code))
            )
            for code in LANGUAGE_CODES
        },
        "captions": captions,
        "photos": "\n".join(images.get(photo.image_id, "") for photo in photos),
        "documents": "\n".join(files.get(d.document_id, "") for d in documents),
    }


def terms_of(summary):
    terms = {
        term: {
            code: as_text(getattr(summary, build_localized_fieldname(term, code)))
            for code in LANGUAGE_CODES
        }
        for term in TEXT_FIELDS
    }
    terms.update({term: getattr(summary, term) for term in FIGURES})
    terms.update({term: as_text(getattr(summary, term)) for term in PLAIN_FIELDS})
    terms.update(_shown(summary))
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
