"""An action item agreed in public is changed in public. An organizer who
rewords a published item, moves its due date or hands it to someone else leaves
a dated trace, with the old and the new, on the summary page and on "You said,
we did"; the item's original due date stays in view. Drafts are not public and
leave no trace until published."""

import datetime
import importlib

import feedparser
import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from outcomes.models import ActionItem, ActionItemUpdate, PublishedItemTerms
from outcomes.models.item_record import with_changes
from tests.factories.outcomes import make_summary, past_forum
from tests.outcomes.editing import ITEM, edit_url, summary_form_data

pytestmark = pytest.mark.django_db

BOARD = "/en/you-said-we-did/"
PUBLISH = {"action-publish": "action-publish"}


def editor_post(client, summary, item, **changes):
    """The summary's editor posting its one item with ``changes``."""
    summary.refresh_from_db()
    revision = summary.get_latest_revision()
    row = {
        **ITEM,
        "id": str(item.pk),
        "description_en": item.description,
        "due_date": item.due_date.isoformat(),
        "responsible_person": item.responsible_person,
        "status": item.status,
    }
    action = changes.pop("action", PUBLISH)
    row.update(changes)
    data = summary_form_data(
        action_items=inline_formset([row], initial=1),
        loaded_revision_id=str(revision.pk),
        loaded_revision_created_at=revision.created_at.isoformat(),
        **action,
    )
    response = client.post(edit_url(summary), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def public_pages(client, summary):
    """The summary page, the board and the forum's page."""
    summary.refresh_from_db()
    urls = [summary.url, BOARD, summary.get_parent().url]
    return [client.get(url).content.decode() for url in urls]


def test_rewording_a_published_item_shows_its_old_and_new_wording(
    client, summary, lead
):
    item = summary.action_items.get()
    client.force_login(lead)

    editor_post(client, summary, item, description_en="Ask the city about lights")

    client.logout()
    for html in public_pages(client, summary):
        assert "1 change since it was agreed" in html
        assert "wording in English changed." in html
        assert (
            'Before:</dt><dd dir="ltr" lang="en">Fix the park lights</dd>'
            in " ".join(html.split())
        )
        assert (
            'After:</dt><dd dir="ltr" lang="en">Ask the city about lights</dd>'
            in " ".join(html.split())
        )


def test_moving_the_due_date_keeps_the_original_in_view(client, summary, lead):
    item = summary.action_items.get()
    client.force_login(lead)

    editor_post(client, summary, item, due_date="2027-03-01")

    client.logout()
    for html in public_pages(client, summary):
        assert "originally due Dec 1, 2026" in html
        assert "due date moved from Dec 1, 2026 to Mar 1, 2027." in html


def test_handing_an_item_to_someone_else_is_shown(client, summary, lead):
    item = summary.action_items.get()
    client.force_login(lead)

    editor_post(client, summary, item, responsible_person="Sgt. Okafor")

    client.logout()
    for html in public_pages(client, summary):
        assert "responsibility moved from Lt. Rivera to Sgt. Okafor." in html


def test_a_draft_leaves_no_trace_until_it_is_published(client, summary, lead):
    item = summary.action_items.get()
    client.force_login(lead)

    editor_post(client, summary, item, description_en="Quietly softer", action={})

    assert PublishedItemTerms.objects.filter(action_item=item).count() == 1
    client.logout()
    for html in public_pages(client, summary):
        assert "Fix the park lights" in html
        assert "Quietly softer" not in html
        assert "since it was agreed" not in html


def test_changes_made_while_taken_down_show_when_it_returns(client, summary, lead):
    """Unpublishing, rewording twice and publishing again: the public sees what
    it read before and what it reads now; the wording in between was never
    public and is not shown."""
    item = summary.action_items.get()
    summary.unpublish()
    client.force_login(lead)
    editor_post(client, summary, item, description_en="Between", action={})
    item.refresh_from_db()
    editor_post(client, summary, item, description_en="Check the lights")

    client.logout()
    for html in public_pages(client, summary):
        text = " ".join(html.split())
        assert "1 change since it was agreed" in text
        assert 'Before:</dt><dd dir="ltr" lang="en">Fix the park lights</dd>' in text
        assert 'After:</dt><dd dir="ltr" lang="en">Check the lights</dd>' in text
        assert "Between" not in text


def test_the_first_publication_is_the_item_as_agreed(client, forum_index):
    """Wording changed in drafts before the summary was ever public is not a
    change: the first publication is the record's start."""
    summary = make_summary(
        past_forum(forum_index, 3), publish=False, items=[("First try", "open")]
    )
    draft = summary.get_latest_revision_as_object()
    items = list(draft.action_items.all())
    items[0].description = "As agreed"
    draft.action_items = items
    draft.save_revision().publish()

    item = ActionItem.objects.get(summary=summary)
    assert item.description == "As agreed"
    copies = PublishedItemTerms.objects.filter(action_item=item)
    assert [copy.terms["description"]["en"] for copy in copies] == ["As agreed"]
    for html in public_pages(client, summary):
        assert "since it was agreed" not in html
        assert "First try" not in html


def test_a_first_translation_is_not_a_change_but_rewording_one_is(
    client, summary, lead
):
    item = summary.action_items.get()
    client.force_login(lead)

    editor_post(client, summary, item, description_es="Arreglar las luces")
    item.refresh_from_db()
    assert "since it was agreed" not in public_pages(client, summary)[0]

    editor_post(
        client,
        summary,
        item,
        description_es="Estudiar las luces",
    )

    client.logout()
    html = " ".join(client.get("/es" + summary.url[3:]).content.decode().split())
    assert "1 cambio desde que se acordó" in html
    assert 'Antes:</dt><dd dir="ltr" lang="es">Arreglar las luces</dd>' in html


def test_a_publication_by_script_or_revert_is_recorded_too(summary):
    """A revert, a workflow approval or a script publishes a revision without
    the form."""
    draft = summary.get_latest_revision_as_object()
    items = list(draft.action_items.all())
    items[0].due_date = datetime.date(2027, 6, 30)
    draft.action_items = items
    draft.save_revision().publish()

    item = ActionItem.objects.get(summary=summary)
    change = [c.new for c in with_changes([item])[0].changes]
    assert change == ["2027-06-30"]


def test_a_status_change_is_in_the_history_once_not_as_a_change(client, summary, lead):
    item = summary.action_items.get()
    client.force_login(lead)

    editor_post(client, summary, item, status="in_progress")

    assert ActionItemUpdate.objects.filter(action_item=item).count() == 1
    assert PublishedItemTerms.objects.filter(action_item=item).count() == 1
    assert "since it was agreed" not in public_pages(client, summary)[0]


def test_a_recorded_copy_is_never_changed(summary):
    copy = PublishedItemTerms.objects.get()
    copy.terms = {**copy.terms, "due_date": "2030-01-01"}

    with pytest.raises(ValueError, match="never changed"):
        copy.save()


def test_items_published_before_the_record_began_get_their_first_copy(summary):
    PublishedItemTerms.objects.all().delete()
    migration = importlib.import_module("outcomes.migrations.0008_published_item_terms")

    migration.keep_published_terms(apps, None)

    copy = PublishedItemTerms.objects.get()
    assert copy.terms == {
        "description": {
            "en": "Fix the park lights",
            "es": "",
            "zh-hans": "",
            "vi": "",
            "ar": "",
            "ko": "",
        },
        "due_date": "2026-12-01",
        "responsible": "Lt. Rivera",
    }


def test_the_open_data_keeps_the_due_date_first_agreed(client, summary, lead):
    item = summary.action_items.get()
    client.force_login(lead)
    editor_post(client, summary, item, due_date="2027-03-01")
    client.logout()

    records = client.get(reverse("pledges:board_data", args=["items", "json"])).json()
    csv = client.get(reverse("pledges:board_data", args=["items", "csv"]))

    record = records["action_items"][0]
    assert (record["due_date"], record["original_due_date"]) == (
        "2027-03-01",
        "2026-12-01",
    )
    header, row = csv.content.decode().splitlines()[:2]
    columns = dict(zip(header.split(","), row.split(","), strict=False))
    assert (columns["due_date"], columns["original_due_date"]) == (
        "2027-03-01",
        "2026-12-01",
    )


def test_the_board_feed_tells_followers_of_each_change(client, summary, lead):
    """Whoever follows the board's feed hears of a moved date or a rewording
    as of a change of status, newest first; the item as first agreed, and a
    draft, are not changes."""
    item = summary.action_items.get()
    client.force_login(lead)
    editor_post(client, summary, item, description_en="Check the lights", action={})
    editor_post(client, summary, item, status="in_progress")
    item.refresh_from_db()
    editor_post(
        client, summary, item, due_date="2027-03-01", description_en="Check lights"
    )
    client.logout()

    feed = feedparser.parse(client.get(reverse("pledges:board_feed")).content)

    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == [
        "Check lights: its terms changed",
        "Check lights: In progress",
    ]
    assert feed.entries[0].summary == (
        "due date moved from Dec 1, 2026 to Mar 1, 2027.<br />"
        "wording in English changed.<br />"
        "Before: Fix the park lights<br />"
        "After: Check lights"
    )
    latest = PublishedItemTerms.objects.latest("pk")
    assert feed.entries[0].id.endswith(f"#terms-{latest.pk}")
