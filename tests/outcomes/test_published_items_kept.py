"""An action item agreed at a forum, once published and sent to the department,
stays on the record: it is declined in public with a reason, never removed, and
only an administrator deletes a summary once published. Either would have taken
the items and their dated history off "You said, we did" without a trace."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from outcomes.models import ActionItem, ActionItemUpdate, ForumSummaryPage
from tests.factories.outcomes import make_summary, record_item_update
from tests.outcomes.editing import ITEM, edit_url, summary_form_data

pytestmark = pytest.mark.django_db

BOARD = "/en/you-said-we-did/"
KEPT = (
    "“Fix the park lights” has been published and cannot be removed. Set its "
    "status to declined and say why instead."
)
PUBLISH = {"action-publish": "action-publish"}


def editor_post(client, summary, items, **action):
    """The summary's editor posting ``items`` (form rows), as last loaded."""
    revision = summary.get_latest_revision()
    data = summary_form_data(
        action_items=inline_formset(items, initial=summary.action_items.count()),
        loaded_revision_id=str(revision.pk),
        loaded_revision_created_at=revision.created_at.isoformat(),
        **action,
    )
    return client.post(edit_url(summary), data)


def stored(item):
    return {**ITEM, "description_en": item.description, "id": str(item.pk)}


@pytest.mark.parametrize("action", [PUBLISH, {}], ids=["publish", "draft"])
def test_a_published_item_cannot_be_removed(client, summary, lead, action):
    item = summary.action_items.get()
    record_item_update(item, "in_progress", "A contractor is booked.")
    client.force_login(lead)

    response = editor_post(
        client, summary, [{**stored(item), "DELETE": "on"}], **action
    )

    assert response.status_code == 200
    assert KEPT in response.content.decode()
    assert ActionItem.objects.filter(pk=item.pk).exists()
    assert ActionItemUpdate.objects.filter(action_item=item).count() == 1
    assert "Fix the park lights" in client.get(BOARD).content.decode()


def test_no_revision_that_leaves_it_out_is_published(summary):
    """A revert, a workflow's approval or a script publishes a revision without
    the form: the page refuses the save itself."""
    item = summary.action_items.get()
    draft = summary.get_latest_revision_as_object()
    draft.action_items = []
    revision = draft.save_revision(clean=False)

    with pytest.raises(ValidationError) as refused:
        revision.publish()

    assert refused.value.messages == [KEPT]
    assert ActionItem.objects.filter(pk=item.pk).exists()


def test_an_item_never_published_can_still_be_removed(client, summary, lead):
    """An item added to a draft of the summary was never public."""
    item = summary.action_items.get()
    client.force_login(lead)
    added = {**ITEM, "description_en": "Add a bench", "id": ""}
    editor_post(client, summary, [stored(item), added])
    summary.refresh_from_db()
    draft = summary.get_latest_revision_as_object()
    assert [row.description for row in draft.action_items.all()] == [
        "Fix the park lights",
        "Add a bench",
    ]

    response = editor_post(client, summary, [stored(item)], **PUBLISH)

    assert response.status_code == 302
    assert list(summary.action_items.values_list("description", flat=True)) == [
        "Fix the park lights"
    ]


def test_items_of_a_summary_never_published_can_be_removed(held_forum, client, lead):
    draft = make_summary(
        held_forum, publish=False, items=[("Fix the park lights", "open")]
    )
    item = draft.action_items.get()
    client.force_login(lead)

    response = editor_post(client, draft, [{**stored(item), "DELETE": "on"}])

    assert response.status_code == 302
    assert not ActionItem.objects.filter(pk=item.pk).exists()


DELETION_REFUSED = (
    "This summary has been published, and deleting it would remove its action "
    "items and their history from the public record. Unpublish it instead, or ask "
    "an administrator."
)


def delete(client, page, bulk=False):
    """Ask to delete ``page``; the messages the admin then shows."""
    if bulk:
        url = f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}"
    else:
        url = f"/admin/pages/{page.pk}/delete/"
    response = client.post(url, follow=True)
    assert response.redirect_chain[0][1] == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("bulk", [False, True], ids=["one", "bulk"])
def test_a_lead_organizer_cannot_delete_a_published_summary(
    client, summary, lead, bulk
):
    client.force_login(lead)

    assert delete(client, summary, bulk) == [DELETION_REFUSED]

    assert ForumSummaryPage.objects.filter(pk=summary.pk).exists()
    assert ActionItem.objects.filter(summary=summary).count() == 1


def test_a_summary_never_published_can_be_deleted(held_forum, client, lead):
    draft = make_summary(held_forum, publish=False, items=[("Add a bench", "open")])
    client.force_login(lead)
    delete(client, draft)
    assert not ForumSummaryPage.objects.filter(pk=draft.pk).exists()


LIVE_DELETION_REFUSED = (
    "This summary is published. Withdraw it first, saying why, so its forum's page "
    "tells the public; an administrator may then delete it."
)


@pytest.mark.parametrize("target", ["summary", "forum", "bulk"])
def test_not_even_an_administrator_deletes_a_summary_the_public_reads(
    client, summary, admin_user, target
):
    """Deleting it would take it down with no notice and no reason."""
    forum = summary.get_parent()
    client.force_login(admin_user)

    page = forum if target == "forum" else summary
    assert delete(client, page, bulk=target == "bulk") == [LIVE_DELETION_REFUSED]

    assert ForumSummaryPage.objects.filter(pk=summary.pk, live=True).exists()


def test_an_administrator_may_delete_a_withdrawn_summary(client, summary, admin_user):
    client.force_login(admin_user)
    withdrawn = client.post(
        reverse("outcomes_admin:withdraw_summary", args=[summary.pk]),
        {"reason": "A court ordered it removed."},
    )
    assert withdrawn.status_code == 302

    shown = delete(client, summary)

    assert LIVE_DELETION_REFUSED not in shown
    assert DELETION_REFUSED not in shown
    assert not ForumSummaryPage.objects.filter(pk=summary.pk).exists()
