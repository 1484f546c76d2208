"""Updates have honest dates, evidence and corrections, posted the way a mayor's
office does: the admin's add form, as a non-superuser office account."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from engage.templatetags.engage_tags import format_date
from pledges.models import (
    AppendOnlyError,
    PledgeFollower,
    ProgressUpdatePage,
    Status,
)
from tests.factories.pledges import add_update_url, office_member, update_form

from .admin_forms import field_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, pledge):
    client.force_login(office_member(pledge))
    return client


def days(n):
    return datetime.timedelta(days=n)


def no_evidence(today, **fields):
    return update_form(today, **{"evidence-TOTAL_FORMS": "0", **fields})


def test_an_update_before_the_signing_is_refused(office, pledge, commitment, today):
    response = office.post(
        add_update_url(commitment),
        update_form(
            today,
            update_date=(pledge.date_signed - days(1)).isoformat(),
            status="met",
            percentage="100",
        ),
    )
    assert response.status_code == 200
    assert field_errors(response, "update_date") == [
        "An update cannot be dated before the pledge was signed "
        f"({format_date(pledge.date_signed, 'medium')})."
    ]
    assert not ProgressUpdatePage.objects.exists()


def test_an_update_in_the_future_is_refused(office, commitment, today):
    response = office.post(
        add_update_url(commitment),
        update_form(today, update_date=(today + days(1)).isoformat()),
    )
    assert field_errors(response, "update_date") == [
        "An update cannot be dated in the future."
    ]
    assert not ProgressUpdatePage.objects.exists()


def test_a_late_report_never_rewrites_published_history(
    office, commitment, update, today
):
    first = update(Status.IN_PROGRESS, 30, days_ago=10)
    second = update(Status.IN_PROGRESS, 60, days_ago=2)
    response = office.post(
        add_update_url(commitment),
        update_form(
            today,
            update_date=(today - days(5)).isoformat(),
            status="met",
            percentage="100",
            reported_late="on",
        ),
    )
    assert field_errors(response, "update_date") == [
        "An update cannot be dated before the latest published update "
        f"({format_date(today - days(2), 'medium')}). Date it on or after that "
        'day and tick "reported late" if it happened earlier.'
    ]
    assert ProgressUpdatePage.objects.count() == 2

    response = office.post(
        add_update_url(commitment),
        update_form(
            today,
            update_date=(today - days(1)).isoformat(),
            status="partially_met",
            percentage="70",
            reported_late="on",
        ),
    )
    assert response.status_code == 302
    late = ProgressUpdatePage.objects.get(reported_late=True)
    assert late.live
    stored = {
        u.pk: (u.previous_status, u.previous_percentage)
        for u in ProgressUpdatePage.objects.all()
    }
    assert stored == {
        first.pk: ("", None),
        second.pk: (Status.IN_PROGRESS, 30),
        late.pk: (Status.IN_PROGRESS, 60),
    }
    html = office.get(commitment.url).content.decode()
    assert f"Reported late: published on {format_date(today, 'medium')}." in html
    assert html.count("Reported late") == 1


def test_old_and_new_are_frozen_at_publication(commitment, update):
    update(Status.IN_PROGRESS, 30, days_ago=4)
    second = update(Status.PARTIALLY_MET, 60, days_ago=1)
    second = ProgressUpdatePage.objects.get(pk=second.pk)
    second.previous_percentage = 10
    with pytest.raises(AppendOnlyError):
        second.save()
    entry = commitment.timeline()[0]
    assert (entry.previous_status, entry.previous_percentage) == (
        Status.IN_PROGRESS,
        30,
    )


def test_a_change_of_progress_needs_evidence(office, commitment, today):
    response = office.post(add_update_url(commitment), no_evidence(today))
    assert response.status_code == 200
    assert field_errors(response, "status") == [
        "A change of status or percentage needs evidence: add at least one "
        "document or link below."
    ]
    assert not ProgressUpdatePage.objects.exists()


def test_a_report_of_no_change_needs_no_evidence(office, commitment, update, today):
    update(Status.IN_PROGRESS, 40, days_ago=3)
    response = office.post(add_update_url(commitment), no_evidence(today))
    assert response.status_code == 302
    assert ProgressUpdatePage.objects.filter(live=True).count() == 2


def test_links_keep_their_date_and_a_saved_copy(office, pledge, commitment, today):
    copy = get_document_model().objects.create(
        title="Minutes as printed",
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        collection=pledge.mayors_office.collection,
    )
    response = office.post(
        add_update_url(commitment),
        update_form(today, **{"evidence-0-saved_copy": str(copy.pk)}),
    )
    assert response.status_code == 302
    evidence = ProgressUpdatePage.objects.get().evidence.get()
    assert (evidence.added_on, evidence.saved_copy) == (today, copy)
    html = office.get(commitment.url).content.decode()
    assert '<a href="https://example.org/minutes">Council minutes</a>' in html
    assert f"Link added on {format_date(today, 'medium')}" in html
    assert f'<a href="{copy.url}">Saved copy of the linked page</a>' in html


def test_a_saved_copy_needs_a_link(office, pledge, commitment, today):
    copy = get_document_model().objects.create(
        title="Copy",
        file=SimpleUploadedFile("copy.pdf", b"%PDF-1.4"),
        collection=pledge.mayors_office.collection,
    )
    document = get_document_model().objects.create(
        title="Report",
        file=SimpleUploadedFile("report.pdf", b"%PDF-1.4"),
        collection=pledge.mayors_office.collection,
    )
    response = office.post(
        add_update_url(commitment),
        update_form(
            today,
            **{
                "evidence-0-url": "",
                "evidence-0-document": str(document.pk),
                "evidence-0-saved_copy": str(copy.pk),
            },
        ),
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["evidence"]
    assert formset.forms[0].errors["saved_copy"] == ["A saved copy goes with a link."]
    assert not ProgressUpdatePage.objects.exists()


def test_a_saved_copy_is_a_pdf_or_an_image(office, pledge, commitment, today):
    copy = get_document_model().objects.create(
        title="Copy",
        file=SimpleUploadedFile("copy.txt", b"minutes"),
        collection=pledge.mayors_office.collection,
    )
    response = office.post(
        add_update_url(commitment),
        update_form(today, **{"evidence-0-saved_copy": str(copy.pk)}),
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["evidence"]
    assert formset.forms[0].errors["saved_copy"] == [
        "A saved copy is a PDF or an image of the page."
    ]
    assert not ProgressUpdatePage.objects.exists()


def test_a_correction_is_chosen_on_the_add_form(office, commitment, update, today):
    wrong = update(Status.MET, 100, days_ago=3, explanation="All done.")
    response = office.post(
        add_update_url(commitment),
        update_form(
            today,
            status="in_progress",
            percentage="70",
            corrects=str(wrong.pk),
            explanation_en="Correction: the training is not finished.",
        ),
    )
    assert response.status_code == 302
    correction = ProgressUpdatePage.objects.get(corrects=wrong)
    assert correction.live
    html = office.get(commitment.url).content.decode()
    assert (
        f"A later update of {format_date(today, 'medium')} corrects this one." in html
    )
    assert f'<a href="#update-{correction.pk}">See the correction</a>' in html
    assert (
        "What changed: the corrected update said Met, 100%; this correction says "
        "In progress, 70%." in html
    )


def test_followers_hear_where_the_commitment_stands(
    office, pledge, commitment, update, today
):
    update(Status.IN_PROGRESS, 40, days_ago=5)
    PledgeFollower.objects.create(
        pledge=pledge, email="fan@example.org", confirmed_at="2026-01-01T00:00Z"
    )
    mail.outbox.clear()
    response = office.post(
        add_update_url(commitment),
        update_form(today, status="partially_met", percentage="60"),
    )
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == ["fan@example.org"]]
    assert message.subject == (
        "Riverton: Independent review board is now Partially met"
    )
    assert "Status: In progress → Partially met" in message.body
    assert "Progress: 40% → 60%" in message.body
