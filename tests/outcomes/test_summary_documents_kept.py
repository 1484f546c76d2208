"""A document attached to a published summary goes on offering what the
department and residents were given, and its photos go on showing what
residents were shown: nobody, an administrator included, gives either another
file or deletes it through the documents or images admin."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from outcomes.models import SummaryDocument, SummaryPhoto
from tests.factories.outcomes import make_summary, past_forum

pytestmark = pytest.mark.django_db

Document = get_document_model()
KEPT = (
    "This document is shown on a published forum summary, so it cannot be "
    "replaced or deleted: the summary goes on offering what the department and "
    "residents were given. Upload the new file as a document of its own."
)
MINUTES = b"%PDF-1.4 the minutes as published"


def summary_with_minutes(forum_index, publish=True):
    minutes = Document.objects.create(
        title="Minutes", file=SimpleUploadedFile("minutes.pdf", MINUTES)
    )
    summary = make_summary(
        past_forum(forum_index, 3), publish=False, items=[("Fix the lights", "open")]
    )
    summary.documents = [SummaryDocument(document=minutes)]
    revision = summary.save_revision()
    if publish:
        revision.publish()
    else:
        summary.save()
    return minutes


def replace_file(client, document):
    return client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 another story"),
            "collection": document.collection_id,
            "tags": "",
        },
    )


def content(document):
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return handle.read()


def test_nobody_replaces_its_file(admin_client, forum_index):
    minutes = summary_with_minutes(forum_index)

    response = replace_file(admin_client, minutes)

    assert response.status_code == 200
    assert KEPT in response.content.decode()
    assert content(minutes) == MINUTES


def test_nobody_deletes_it(admin_client, forum_index):
    minutes = summary_with_minutes(forum_index)

    response = admin_client.post(f"/admin/documents/delete/{minutes.pk}/")

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[-1] == f"This was not done: {KEPT}"
    assert content(minutes) == MINUTES


def test_a_draft_summarys_document_can_still_be_replaced(admin_client, forum_index):
    minutes = summary_with_minutes(forum_index, publish=False)

    response = replace_file(admin_client, minutes)

    assert response.status_code == 302
    assert content(minutes) == b"%PDF-1.4 another story"


IMAGE_KEPT = (
    "This image is shown on a published forum summary, so it cannot be replaced "
    "or deleted: the summary goes on showing what residents were shown. Upload "
    "the new picture as an image of its own."
)


def summary_with_photo(forum_index):
    picture = get_image_model().objects.create(
        title="Forum night", file=get_test_image_file()
    )
    summary = make_summary(past_forum(forum_index, 3), publish=False)
    summary.photos = [
        SummaryPhoto(image=picture, alt_text="Residents", consent_given=True)
    ]
    summary.save_revision().publish()
    return picture


def test_nobody_replaces_a_published_photo(admin_client, forum_index):
    picture = summary_with_photo(forum_index)
    stored_as = picture.file.name

    response = admin_client.post(
        f"/admin/images/{picture.pk}/",
        {
            "title": picture.title,
            "file": SimpleUploadedFile(
                "other.png", get_test_image_file(colour="red").file.getvalue()
            ),
            "collection": picture.collection_id,
            "tags": "",
        },
    )

    assert response.status_code == 200
    assert IMAGE_KEPT in response.content.decode()
    picture.refresh_from_db()
    assert picture.file.name == stored_as


def test_nobody_deletes_a_published_photo(admin_client, forum_index):
    picture = summary_with_photo(forum_index)

    response = admin_client.post(f"/admin/images/{picture.pk}/delete/")

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[-1] == f"This was not done: {IMAGE_KEPT}"
    assert get_image_model().objects.filter(pk=picture.pk).exists()


def test_an_image_in_the_highlights_is_kept_too(admin_client, forum_index):
    picture = get_image_model().objects.create(
        title="Forum night", file=get_test_image_file()
    )
    summary = make_summary(past_forum(forum_index, 3), publish=False)
    summary.highlights_en = [
        {
            "type": "image",
            "value": {
                "image": {"image": picture.pk, "alt_text": "A", "decorative": False},
                "caption": "",
            },
        }
    ]
    summary.save_revision().publish()

    response = admin_client.post(f"/admin/images/{picture.pk}/delete/")

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[-1] == f"This was not done: {IMAGE_KEPT}"
    assert get_image_model().objects.filter(pk=picture.pk).exists()
