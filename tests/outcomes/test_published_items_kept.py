"""An action item agreed at a forum, once published and sent to the department,
stays on the record: it is declined in public with a reason, never removed.
Removing it would have deleted it and its dated history from "You said, we did"
without a trace."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset

from outcomes.models import ActionItem, ActionItemUpdate
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
