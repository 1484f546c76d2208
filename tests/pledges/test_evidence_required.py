"""A change of status or percentage is never stored or published without a
document or a link as evidence, whichever way the update is posted: the admin
form (publish, save draft, submit for approval), code through ``post_update``
(published or not), or a revision published by anything else."""

import pytest
from django.core.exceptions import ValidationError

from pledges.models import ProgressUpdatePage, Status
from pledges.services.posting import Evidence, post_update
from tests.factories.pledges import add_update_url, office_member, update_form

from .admin_forms import field_errors

pytestmark = pytest.mark.django_db

REFUSED = (
    "A change of status or percentage needs evidence: add at least one document "
    "or link below."
)


def no_evidence(today, **fields):
    return update_form(today, **{"evidence-TOTAL_FORMS": "0", **fields})


@pytest.mark.parametrize("action", ["action-publish", "action-submit", "draft"])
def test_the_admin_form_refuses_it_however_it_is_saved(
    client, pledge, commitment, today, action
):
    client.force_login(office_member(pledge))
    response = client.post(
        add_update_url(commitment), no_evidence(today, action=action)
    )
    assert response.status_code == 200
    assert field_errors(response, "status") == [REFUSED]
    assert not ProgressUpdatePage.objects.exists()


def test_the_admin_form_refuses_evidence_rows_all_marked_for_deletion(
    client, pledge, commitment, today
):
    client.force_login(office_member(pledge))
    response = client.post(
        add_update_url(commitment), update_form(today, **{"evidence-0-DELETE": "on"})
    )
    assert response.status_code == 200
    assert field_errors(response, "status") == [REFUSED]
    assert not ProgressUpdatePage.objects.exists()


@pytest.mark.parametrize("publish", [True, False])
def test_post_update_refuses_it_and_stores_nothing(pledge, commitment, publish):
    with pytest.raises(ValidationError) as refused:
        post_update(
            commitment,
            user=office_member(pledge),
            status=Status.IN_PROGRESS,
            percentage=40,
            explanation="Work began.",
            publish=publish,
        )
    assert refused.value.message_dict == {"status": [REFUSED]}
    assert not ProgressUpdatePage.objects.exists()


def test_post_update_takes_a_document_or_a_link(pledge, commitment):
    posted = post_update(
        commitment,
        user=office_member(pledge),
        status=Status.IN_PROGRESS,
        percentage=40,
        explanation="Work began.",
        evidence=[Evidence("Minutes", url="https://example.org/minutes")],
    )
    assert posted.live
    assert [e.url for e in posted.evidence.all()] == ["https://example.org/minutes"]


def test_a_report_of_no_change_needs_none(pledge, commitment, update):
    update(Status.IN_PROGRESS, 40, days_ago=2)
    posted = post_update(
        commitment,
        user=office_member(pledge),
        status=Status.IN_PROGRESS,
        percentage=40,
        explanation="Nothing moved this month.",
    )
    assert posted.live
    assert not posted.evidence.exists()


def test_a_revision_published_by_any_other_path_is_refused(commitment, update):
    """A draft stored without the form (a script, or a report of no change
    overtaken by a later update) cannot go public once it changes progress."""
    update(Status.IN_PROGRESS, 40, days_ago=2)
    draft = post_update(
        commitment,
        user=None,
        status=Status.IN_PROGRESS,
        percentage=40,
        explanation="Nothing moved.",
        publish=False,
    )
    update(Status.IN_PROGRESS, 60, days_ago=1)
    with pytest.raises(ValidationError) as refused:
        draft.get_latest_revision().publish()
    assert refused.value.message_dict == {"status": [REFUSED]}
    draft.refresh_from_db()
    assert not draft.live
    assert ProgressUpdatePage.objects.live().count() == 2
