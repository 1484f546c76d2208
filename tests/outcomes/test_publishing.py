"""'Approve and Publish' from the page editor, an autosave racing it, and the
residents' notices that follow publication."""

from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset

from forums.models import RSVP
from outcomes.models import ForumSummaryPage
from outcomes.notifications import notify_residents
from tests.factories.forums import RSVPFactory
from tests.factories.outcomes import make_summary
from tests.outcomes.editing import ITEM, add_url, edit_url, summary_form_data

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def in_review(client, held_forum, organizer):
    """A summary the organizer submitted for review, with a resident to tell."""
    RSVPFactory(forum=held_forum, language="es", email="ana@example.org")
    client.force_login(organizer)
    response = client.post(
        add_url(held_forum), summary_form_data(**{"action-submit": "Submit"})
    )
    assert response.status_code == 302
    mail.outbox.clear()
    return ForumSummaryPage.objects.get(forum=held_forum)


def editor_data(summary, **overrides):
    """What the lead's open editor posts: the stored item with its id."""
    item = summary.action_items.get()
    revision = summary.get_latest_revision()
    return summary_form_data(
        action_items=inline_formset([{**ITEM, "id": str(item.pk)}], initial=1),
        loaded_revision_id=str(revision.pk),
        loaded_revision_created_at=revision.created_at.isoformat(),
        **overrides,
    )


def approve_in_editor(client, summary):
    return client.post(
        edit_url(summary),
        editor_data(
            summary,
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        ),
    )


def resident_notices():
    return [m for m in mail.outbox if m.to == ["ana@example.org"]]


def test_approve_in_editor_while_an_autosave_from_the_older_copy_is_in_flight(
    in_review, lead, django_capture_on_commit_callbacks
):
    """The autosave request reads the summary before the approval commits and
    writes after it, as two requests of one editor do on the live site."""
    summary = in_review
    autosave, approver = Client(), Client()
    autosave.force_login(lead)
    approver.force_login(lead)
    approvals = []

    def approve_meanwhile(request, page):
        if request.user is not None and not approvals:
            approvals.append(None)  # the approval's own request passes through
            approvals[0] = approve_in_editor(approver, summary)

    with (
        django_capture_on_commit_callbacks(execute=True),
        hooks.register_temporarily("before_edit_page", approve_meanwhile),
    ):
        response = autosave.post(
            edit_url(summary), editor_data(summary), HTTP_ACCEPT="application/json"
        )
    assert approvals[0].status_code == 302
    assert response.status_code == 200
    summary = ForumSummaryPage.objects.get(pk=summary.pk)
    assert summary.live
    assert summary.live_revision is not None
    assert summary.current_workflow_state is None
    assert summary.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert [i.description for i in summary.action_items.all()] == [
        ITEM["description_en"]
    ]
    (notice,) = resident_notices()
    assert f"http://testserver{summary.url.replace('/en/', '/es/')}" in notice.body
    assert Client().get(summary.url.replace("/en/", "/es/")).status_code == 200


def test_then_a_late_autosave_of_the_older_copy_is_refused(
    client, in_review, lead, django_capture_on_commit_callbacks
):
    summary = in_review
    client.force_login(lead)
    stale = editor_data(summary)
    with django_capture_on_commit_callbacks(execute=True):
        assert approve_in_editor(client, summary).status_code == 302
        response = client.post(edit_url(summary), stale, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    summary = ForumSummaryPage.objects.get(pk=summary.pk)
    assert summary.live and not summary.has_unpublished_changes
    assert len(resident_notices()) == 1


def test_approving_from_the_dashboard_still_publishes_and_notifies(
    client, in_review, lead, django_capture_on_commit_callbacks
):
    summary = in_review
    task_state = summary.current_workflow_state.current_task_state
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[summary.pk, "approve", task_state.pk],
            )
        )
    assert response.status_code == 302
    assert ForumSummaryPage.objects.get(pk=summary.pk).live
    assert len(resident_notices()) == 1


def test_notices_wait_for_the_publication_to_commit(
    held_forum, django_capture_on_commit_callbacks
):
    RSVPFactory(forum=held_forum, email="ana@example.org")
    with django_capture_on_commit_callbacks() as callbacks:
        summary = make_summary(held_forum)
        assert resident_notices() == []
    # Unpublished again before the queued notice ran: nobody is told.
    summary.unpublish()
    for callback in callbacks:
        callback()
    assert resident_notices() == []
    assert RSVP.objects.get().summary_emailed_at is None


def test_each_notice_is_queued_with_the_mark_that_it_was_sent(
    settings, held_forum, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    first = RSVPFactory(forum=held_forum, email="ana@example.org")
    second = RSVPFactory(forum=held_forum, email="bo@example.org")
    summary = make_summary(held_forum)
    with mock.patch(
        "outcomes.notifications.send_email", side_effect=[None, RuntimeError("down")]
    ):
        with pytest.raises(RuntimeError):
            notify_residents(summary)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.summary_emailed_at is not None
    assert second.summary_emailed_at is None  # not queued, so not marked
    assert notify_residents(summary) == 1
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="send_serialized_email")
    assert queued.args_kwargs["args"][0]["to"] == ["bo@example.org"]
    assert mail.outbox == []  # the worker sends it, after the commit
