import datetime

import pytest
from django.contrib import messages
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage

from engage.templatetags.engage_tags import format_date
from pledges.choices import Status
from pledges.models import PledgeFollower, PledgeShareImage, ProgressUpdatePage
from pledges.services.access import APPROVAL_WORKFLOW_NAME
from tests.factories.pledges import (
    add_update_url,
    group_member,
    office_member,
    update_form,
)

pytestmark = pytest.mark.django_db


def follower_emails():
    return [m for m in mail.outbox if m.to == ["fan@example.org"]]


def require_approval(pledge, required=True):
    pledge.require_update_approval = required
    pledge.save_revision().publish()


def office_may_publish(pledge):
    return GroupPagePermission.objects.filter(
        group=pledge.mayors_office.group,
        page=pledge,
        permission__codename="publish_page",
    ).exists()


def test_turning_approval_on_and_off(pledge, commitment):
    assert office_may_publish(pledge)
    require_approval(pledge)
    assert not office_may_publish(pledge)
    assert WorkflowPage.objects.get(page=pledge).workflow.name == APPROVAL_WORKFLOW_NAME
    assert commitment.get_workflow().name == APPROVAL_WORKFLOW_NAME
    require_approval(pledge, False)
    assert office_may_publish(pledge)
    assert not WorkflowPage.objects.filter(page=pledge).exists()


def test_updates_wait_for_a_moderator_when_approval_is_on(
    client, pledge, commitment, today
):
    require_approval(pledge)
    PledgeFollower.objects.create(
        pledge=pledge, email="fan@example.org", confirmed_at="2026-01-01T00:00Z"
    )
    mail.outbox.clear()
    client.force_login(office_member(pledge))
    # Publishing directly is refused; submitting puts it in moderation.
    client.post(add_update_url(commitment), update_form(today))
    draft = ProgressUpdatePage.objects.get()
    assert not draft.live
    draft.delete()
    client.post(add_update_url(commitment), update_form(today, action="action-submit"))
    update = ProgressUpdatePage.objects.get()
    assert not update.live
    state = update.current_workflow_state
    assert state is not None and state.workflow.name == APPROVAL_WORKFLOW_NAME
    assert not follower_emails()
    assert commitment.updates.filter(live=True).count() == 0

    client.force_login(group_member("Moderators"))
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{update.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[update.pk])
    update.refresh_from_db()
    assert update.live
    assert len(follower_emails()) == 1
    assert PledgeShareImage.objects.filter(pledge=pledge).exists()


def test_mayors_office_publishes_directly_without_approval(
    client, pledge, commitment, today
):
    client.force_login(office_member(pledge))
    client.post(add_update_url(commitment), update_form(today))
    assert ProgressUpdatePage.objects.get().live


def test_approving_an_overtaken_update_explains_and_publishes_nothing(
    client, pledge, commitment, today, update
):
    """A moderator approves, from the dashboard, an update that a later one has
    overtaken since it was submitted: a message, never a server error."""
    require_approval(pledge)
    client.force_login(office_member(pledge))
    earlier = today - datetime.timedelta(days=3)
    client.post(
        add_update_url(commitment), update_form(earlier, action="action-submit")
    )
    draft = ProgressUpdatePage.objects.get(live=False)
    task_state = draft.current_workflow_state.current_task_state
    update(Status.IN_PROGRESS, 60)  # published meanwhile, dated today

    client.force_login(group_member("Moderators"))
    response = client.post(
        f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/",
        {"comment": ""},
        follow=True,
    )

    assert response.redirect_chain == [
        (reverse("wagtailadmin_pages:edit", args=[draft.pk]), 302)
    ]
    latest = format_date(today, "medium")
    errors = [m for m in response.context["messages"] if m.level == messages.ERROR]
    assert [str(m) for m in errors] == [
        "This was not done: An update cannot be dated before the "
        f"latest published update ({latest}). Date it on or after that day and tick "
        '"reported late" if it happened earlier.'
    ]
    draft.refresh_from_db()
    assert not draft.live
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
