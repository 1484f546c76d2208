"""A summary's highlights, photos and documents are on its record like its
text: a publication that rewrites the highlights, removes a document or swaps
a photo is listed on the page with what it showed before."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from outcomes.corrections import correction_times
from outcomes.models import PublishedSummaryTerms, SummaryDocument, SummaryPhoto

pytestmark = pytest.mark.django_db

HIGHLIGHTS = [{"type": "paragraph", "value": "<p>Forty residents came.</p>"}]


def publish(summary, **changes):
    draft = summary.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()


def page_text(client, summary):
    return " ".join(client.get(summary.url).content.decode().split())


def image(title):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def photo(picture, caption=""):
    return SummaryPhoto(
        image=picture,
        alt_text="Residents at a table",
        caption=caption,
        consent_given=True,
    )


def minutes():
    return get_document_model().objects.create(
        title="Minutes", file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    )


def test_rewritten_highlights_are_listed(client, summary):
    publish(summary, highlights_en=HIGHLIGHTS)
    publish(
        summary,
        highlights_en=[{"type": "paragraph", "value": "<p>Twelve residents came.</p>"}],
    )

    page = page_text(client, summary)

    assert "Highlights, in English, edited." in page
    assert (
        'Before:</dt><dd dir="ltr" lang="en">Forty residents came.</dd> '
        '<dt>After:</dt><dd dir="ltr" lang="en">Twelve residents came.</dd>'
    ) in page


def test_a_removed_document_is_listed(client, summary):
    document = minutes()
    publish(summary, documents=[SummaryDocument(document=document)])
    publish(summary, documents=[])

    page = page_text(client, summary)

    assert "Documents edited." in page
    stored_as = document.file.name.rsplit("/", 1)[-1]  # minutes.pdf, or a copy's name
    assert (
        f"Before:</dt><dd>Minutes ({stored_as})</dd> <dt>After:</dt><dd></dd>"
    ) in page


def test_a_swapped_photo_and_a_rewritten_caption_are_listed(client, summary):
    publish(summary, photos=[photo(image("Forum night"), "The library hall")])
    publish(summary, photos=[photo(image("Another night"), "The school gym")])

    page = page_text(client, summary)

    assert "Photos edited." in page
    assert (
        "Before:</dt><dd>Forum night</dd> <dt>After:</dt><dd>Another night</dd>" in page
    )
    assert "Photo captions, in English, edited." in page
    assert (
        'Before:</dt><dd dir="ltr" lang="en">Forum night: The library hall</dd>'
    ) in page


def test_copies_made_before_these_were_recorded_show_no_change(client, summary):
    """A copy recorded before highlights, photos and documents were is not
    read as having had none of them."""
    first = summary.published_terms.get()
    older = {
        term: value
        for term, value in first.terms.items()
        if term not in ("highlights", "captions", "photos", "documents")
    }
    PublishedSummaryTerms.objects.filter(pk=first.pk).update(terms=older)

    publish(
        summary,
        highlights_en=HIGHLIGHTS,
        documents=[SummaryDocument(document=minutes())],
    )

    assert summary.published_terms.count() == 2
    assert "Changes since it was first published" not in page_text(client, summary)
    assert correction_times(summary) == []
