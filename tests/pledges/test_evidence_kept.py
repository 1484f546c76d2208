"""A document that backs a published progress update goes on showing what it
showed: nobody, not the office that uploaded it nor an administrator, can give
it another file or delete it through the documents admin. Either used to
rewrite an update that can no longer be changed."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from pledges.models import UpdateEvidence
from tests.factories.pledges import add_update_url, office_member, update_form
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

Document = get_document_model()
KEPT = (
    "This document is evidence for a published progress update, so it cannot be "
    "replaced or deleted: the update goes on showing what it showed when it was "
    "published. Upload the new file as a document of its own."
)
REPORT = b"%PDF-1.4 the report as published"


@pytest.fixture
def office(client, pledge):
    return sign_in(client, office_member(pledge))


@pytest.fixture
def report(office, pledge):
    """A report the office uploaded to its own collection, which it may edit."""
    upload = SimpleUploadedFile("report.pdf", REPORT)
    collection = pledge.mayors_office.collection
    office.post(
        "/admin/documents/multiple/add/",
        {"files[]": upload, "collection": collection.pk},
    )
    return Document.objects.get()


def post_update(office, commitment, today, action="action-publish", **evidence):
    fields = {"evidence-0-url": "", "evidence-0-document": ""}
    fields |= {f"evidence-0-{name}": value for name, value in evidence.items()}
    response = office.post(
        add_update_url(commitment), update_form(today, action=action, **fields)
    )
    assert response.status_code == 302


def replace_file(client, document):
    return client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 a different story"),
            "collection": document.collection_id,
            "tags": "",
        },
    )


def content(document):
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_office_cannot_replace_a_published_reports_file(
    office, commitment, today, report
):
    post_update(office, commitment, today, document=str(report.pk))

    response = replace_file(office, report)

    assert response.status_code == 200
    assert KEPT in response.content.decode()
    assert content(report) == REPORT


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "bulk"])
def test_nobody_deletes_a_published_report(
    office, client, commitment, today, report, admin_user, bulk
):
    post_update(office, commitment, today, document=str(report.pk))
    sign_in(client, admin_user)
    if bulk:
        url = f"/admin/bulk/wagtaildocs/document/delete/?id={report.pk}"
    else:
        url = f"/admin/documents/delete/{report.pk}/"

    response = client.post(url)

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown[-1] == f"This was not done: {KEPT}"
    assert content(report) == REPORT
    assert UpdateEvidence.objects.get().document == report


def test_a_saved_copy_of_a_published_link_is_kept_too(
    office, commitment, today, report
):
    post_update(
        office, commitment, today, url="https://example.org/x", saved_copy=report.pk
    )
    response = office.post(f"/admin/documents/delete/{report.pk}/")
    assert response.status_code == 302
    assert content(report) == REPORT


def test_the_report_of_a_draft_can_still_be_replaced(office, commitment, today, report):
    post_update(office, commitment, today, action="action-save", document=report.pk)

    response = replace_file(office, report)

    assert response.status_code == 302
    assert content(report) == b"%PDF-1.4 a different story"
