"""The public "You said, we did" board, its feed and open data, and the admin page
where organizers record an action item's status without sending the summary
back through review."""

import csv
import datetime
import io
import json

import feedparser
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset

from engage.models import SiteSettings
from engage.page_cache import HEADER
from outcomes.models import (
    ActionItem,
    ActionItemUpdate,
    ActionStatus,
    DepartmentUnit,
)
from pledges.models import CommitmentActionItem
from tests.factories.outcomes import make_summary, past_forum, record_item_update
from tests.factories.pledges import CommitmentPageFactory
from tests.helpers import login_redirect
from tests.outcomes.editing import ITEM, edit_url, summary_form_data

pytestmark = pytest.mark.django_db

BOARD = "/en/you-said-we-did/"


def update_url(item):
    return reverse("action_items:update", args=[item.pk])


def item_of(summary, description):
    return summary.action_items.get(description=description)


def post_update(client, item, status, note="", after=None, date=None):
    latest = item.updates.order_by("-created_at", "-pk").first()
    return client.post(
        update_url(item),
        {
            "status": status,
            "date": (date or timezone.localdate()).isoformat(),
            "note_en": note,
            "after": after if after is not None else (latest.pk if latest else 0),
        },
    )


@pytest.fixture
def board_summary(forum_index):
    forum = past_forum(forum_index, 3, title="Eastside forum")
    return make_summary(
        forum,
        items=[
            ("Fix the park lights", ActionStatus.OPEN),
            ("Translate the complaint form", ActionStatus.IN_PROGRESS),
        ],
    )


# Who sees what -------------------------------------------------------------------


def test_public_sees_only_items_of_published_summaries(client, forum_index):
    live = make_summary(
        past_forum(forum_index, 3, title="Eastside"), items=[("Live item", "open")]
    )
    make_summary(
        past_forum(forum_index, 5, title="Westside"),
        publish=False,
        items=[("Draft item", "open")],
    )
    hidden_forum = past_forum(forum_index, 7, title="Northside")
    make_summary(hidden_forum, items=[("Item of an unpublished forum", "open")])
    hidden_forum.unpublish()
    page = client.get(BOARD).text
    assert "Live item" in page
    assert "Draft item" not in page
    assert "Item of an unpublished forum" not in page
    assert "1 action item</p>" in page
    # A draft of the live summary that adds an item: not public until published.
    draft = type(live).objects.get(pk=live.pk)
    draft.action_items.add(
        ActionItem(
            description="Drafted item",
            responsible_person="x",
            due_date=datetime.date(2027, 1, 1),
        )
    )
    draft.save_revision()
    assert "Drafted item" not in client.get(BOARD).text
    live.unpublish()
    assert "Live item" not in client.get(BOARD).text


def test_board_is_in_the_footer_of_every_page(client, board_summary):
    assert f'href="{BOARD}"' in client.get(board_summary.url).text
    assert 'href="/es/you-said-we-did/"' in client.get("/es/you-said-we-did/").text


def test_each_item_shows_owner_due_date_forum_and_commitments(
    client, board_summary, pledge
):
    unit = DepartmentUnit.objects.create(name="Traffic Unit")
    item = item_of(board_summary, "Fix the park lights")
    item.responsible_unit = unit
    item.save()
    commitment = CommitmentPageFactory(parent=pledge, title="Safer parks")
    CommitmentActionItem.objects.create(page=commitment, action_item=item)
    page = client.get(BOARD).text
    card = page[page.index(f'id="item-{item.pk}"') :]
    card = card[: card.index("</li>\n        \n")] if "</li>\n" in card else card
    assert "Lt. Rivera, Traffic Unit" in card
    assert f'<a href="{board_summary.url}"' in card
    assert "Eastside forum</a>" in card
    assert f'<a href="{commitment.url}">Safer parks</a>' in card
    assert '<time datetime="2026-12-01">' in card


def test_untranslated_text_is_marked_english(client, board_summary):
    page = client.get("/es/you-said-we-did/").text
    assert '<span lang="en" dir="ltr">Fix the park lights</span>' in page


def test_a_forum_named_in_english_in_the_filter_is_marked(client, board_summary):
    """An option holds text alone, so the option itself says its language; a
    forum with a Spanish title is not marked."""
    forum = board_summary.get_parent().specific
    other = past_forum(forum.get_parent(), 5, title="Westside forum")
    other.title_es = "Foro del oeste"
    other.save_revision().publish()
    make_summary(other, items=[("Add benches", ActionStatus.OPEN)])

    page = client.get("/es/you-said-we-did/").text

    assert f'<option value="{forum.pk}" lang="en" dir="ltr">Eastside forum' in page
    assert f'<option value="{other.pk}">Foro del oeste' in page


# Filters --------------------------------------------------------------------------


def test_filters_by_status_unit_and_forum(client, forum_index, board_summary):
    unit = DepartmentUnit.objects.create(name="Traffic Unit")
    lights = item_of(board_summary, "Fix the park lights")
    lights.responsible_unit = unit
    lights.save()
    other = make_summary(
        past_forum(forum_index, 10, title="Westside forum"),
        items=[("Meet the youth council", ActionStatus.DONE)],
    )
    assert "Meet the youth council" in client.get(BOARD).text

    def shown(query):
        response = client.get(BOARD + query)
        assert response.status_code == 200
        return {
            text
            for text in (
                "Fix the park lights",
                "Translate the complaint form",
                "Meet the youth council",
            )
            if text in response.text
        }

    assert shown("?status=done") == {"Meet the youth council"}
    assert shown("?status=in_progress") == {"Translate the complaint form"}
    assert shown(f"?unit={unit.pk}") == {"Fix the park lights"}
    assert shown(f"?forum={other.forum_id}") == {"Meet the youth council"}
    assert shown(f"?forum={board_summary.forum_id}&status=open") == {
        "Fix the park lights"
    }
    assert shown("?status=&unit=&forum=") == {
        "Fix the park lights",
        "Translate the complaint form",
        "Meet the youth council",
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?status=closed", "That is not a status. Choose one from the list."),
        ("?unit=abc", "That unit owns no action item on the board."),
        ("?unit=999999", "That unit owns no action item on the board."),
        ("?forum=999999", "That forum has no published summary."),
        ("?forum=%00", "There is a problem"),
    ],
)
def test_invalid_filters_get_a_clear_message(client, board_summary, query, message):
    response = client.get(BOARD + query)
    assert response.status_code == 400
    assert message in response.text
    assert "Fix the park lights" not in response.text
    assert 'class="error-summary"' in response.text


def test_a_forum_whose_summary_is_a_draft_is_not_a_filter(client, forum_index):
    draft = make_summary(
        past_forum(forum_index, 3), publish=False, items=[("x", "open")]
    )
    response = client.get(f"{BOARD}?forum={draft.forum_id}")
    assert response.status_code == 400


def test_pages_keep_the_filters(client, forum_index):
    make_summary(
        past_forum(forum_index, 3),
        items=[(f"Item {n}", ActionStatus.OPEN) for n in range(30)],
    )
    first = client.get(f"{BOARD}?status=open")
    assert first.text.count('class="card action-board__item"') == 25
    assert 'href="?status=open&amp;page=2"' in first.text
    second = client.get(f"{BOARD}?status=open&page=2")
    assert second.text.count('class="card action-board__item"') == 5
    assert client.get(f"{BOARD}?page=abc").status_code == 200


# Overdue and history --------------------------------------------------------------


@freeze_time("2026-12-02 07:30:00+00:00")
def test_overdue_is_counted_in_the_site_time_zone(client, board_summary):
    """At 07:30 UTC it is still 1 December in the site's zone (UTC-8): an item
    due on 1 December is not yet overdue; an hour later it is."""
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.timezone = "America/Los_Angeles"
    site_settings.save()
    item = item_of(board_summary, "Fix the park lights")
    item.due_date = datetime.date(2026, 12, 1)
    item.save()
    other = item_of(board_summary, "Translate the complaint form")
    other.due_date = datetime.date(2026, 11, 30)
    other.save()
    page = client.get(BOARD).text
    card = page[page.index(f'id="item-{item.pk}"') :]
    assert page.count('class="action-overdue"') == 1
    assert "action-overdue" not in card[: card.index("</dl>")]
    with freeze_time("2026-12-02 08:30:00+00:00"):
        assert client.get(BOARD).text.count('class="action-overdue"') == 2


def test_a_closed_item_is_never_overdue(client, board_summary):
    item = item_of(board_summary, "Fix the park lights")
    item.due_date = timezone.localdate() - datetime.timedelta(days=10)
    item.save()
    later = item_of(board_summary, "Translate the complaint form")
    later.due_date = timezone.localdate()
    later.save()
    assert client.get(BOARD).text.count('class="action-overdue"') == 1
    record_item_update(item, ActionStatus.DONE, "Lights replaced")
    assert client.get(BOARD).text.count('class="action-overdue"') == 0


def test_history_is_shown_newest_first_with_notes(client, board_summary):
    item = item_of(board_summary, "Fix the park lights")
    today = timezone.localdate()
    record_item_update(
        item, ActionStatus.IN_PROGRESS, "Parts ordered", today - datetime.timedelta(3)
    )
    record_item_update(item, ActionStatus.DONE, "Lights replaced", today)
    page = client.get(BOARD).text
    assert page.index("Lights replaced") < page.index("Parts ordered")
    assert "In progress to Done" in page
    assert "Open to In progress" in page
    assert "closed on" in page


# Recording an update in the admin ------------------------------------------------


def test_organizer_closes_an_item_with_a_note(client, organizer, board_summary):
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    assert client.get(update_url(item)).status_code == 200
    response = post_update(client, item, ActionStatus.DONE, "New lamps installed")
    assert response.status_code == 302 and response.url == update_url(item)
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert item.closed_on == timezone.localdate()
    assert item.closing_note == "New lamps installed"
    (update,) = item.updates.all()
    assert (update.previous_status, update.status) == ("open", "done")
    assert update.recorded_by == organizer
    board_summary.refresh_from_db()
    assert not board_summary.has_unpublished_changes


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.DECLINED])
def test_closing_requires_a_note(client, organizer, board_summary, status):
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    response = post_update(client, item, status, "   ")
    assert response.status_code == 400
    assert "Closing an item needs a note" in response.text
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN and item.closed_on is None
    assert not ActionItemUpdate.objects.exists()


def test_declining_records_the_reason(client, organizer, board_summary):
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    post_update(client, item, ActionStatus.DECLINED, "The park is closing")
    item.refresh_from_db()
    assert item.declined_reason == "The park is closing"
    item.full_clean()  # a later edit of the summary passes its own checks


def test_a_double_press_records_one_update(client, organizer, board_summary):
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    first = post_update(client, item, ActionStatus.IN_PROGRESS, "Started", after=0)
    second = post_update(client, item, ActionStatus.IN_PROGRESS, "Started", after=0)
    assert first.status_code == 302
    assert second.status_code == 400
    assert "Someone recorded an update of this item" in second.text
    assert item.updates.count() == 1


def test_unchanged_status_needs_a_note_and_dates_are_checked(
    client, organizer, board_summary
):
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    assert post_update(client, item, ActionStatus.OPEN).status_code == 400
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_update(client, item, ActionStatus.IN_PROGRESS, "x", date=tomorrow)
    assert response.status_code == 400
    assert "cannot be dated in the future" in response.text
    assert not ActionItemUpdate.objects.exists()


def test_strangers_cannot_update(client, django_user_model, board_summary):
    item = item_of(board_summary, "Fix the park lights")
    response = post_update(client, item, ActionStatus.DONE, "Done")
    assert response.status_code == 302
    assert response.url == login_redirect(update_url(item))
    staff = django_user_model.objects.create_user("staff", "s@example.org", "pw")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    # Wagtail turns the refusal into a redirect to the dashboard, with a message.
    home = reverse("wagtailadmin_home")
    refused = client.get(update_url(item))
    assert refused.status_code == 302 and refused.url == home
    refused = post_update(client, item, ActionStatus.DONE, "Done")
    assert refused.status_code == 302 and refused.url == home
    listing = client.get(reverse("action_items:index"))
    assert listing.status_code == 200
    assert "Fix the park lights" not in listing.text
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN
    assert not ActionItemUpdate.objects.exists()


def test_organizer_lists_items_and_finds_the_link(client, organizer, board_summary):
    client.force_login(organizer)
    listing = client.get(reverse("action_items:index") + "?status=open")
    item = item_of(board_summary, "Fix the park lights")
    assert f'href="{update_url(item)}"' in listing.text
    assert "Translate the complaint form" not in listing.text
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[board_summary.pk]))
    assert f"/admin/action-items/?summary={board_summary.pk}" in edit.text


def test_the_update_survives_publishing_the_summary_again(
    client, organizer, board_summary
):
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    post_update(client, item, ActionStatus.DONE, "New lamps installed")
    board_summary.refresh_from_db()
    board_summary.get_latest_revision().publish()
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert item.closing_note == "New lamps installed"
    assert item.closed_on == timezone.localdate()


def test_the_update_survives_publishing_a_draft_written_before_it(
    client, organizer, board_summary
):
    """An editor saves a draft (other text changed), the item is closed, then the
    draft is approved and published: the status stays closed."""
    board_summary.topics = "<p>New wording.</p>"
    board_summary.save_revision(user=organizer)
    item = item_of(board_summary, "Fix the park lights")
    client.force_login(organizer)
    post_update(client, item, ActionStatus.DONE, "New lamps installed")
    page = type(board_summary).objects.get(pk=board_summary.pk)
    page.get_latest_revision().publish()
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    page.refresh_from_db()
    assert page.topics == "<p>New wording.</p>"


def test_an_update_empties_the_cached_board(client, organizer, board_summary):
    first = client.get(BOARD)
    assert first[HEADER] == "miss"
    assert client.get(BOARD)[HEADER] == "hit"
    summary_page = client.get(board_summary.url)
    assert summary_page.status_code == 200
    record_item_update(
        item_of(board_summary, "Fix the park lights"), ActionStatus.DONE, "Done it"
    )
    after = client.get(BOARD)
    assert after[HEADER] == "miss"
    assert "Done it" in after.text
    assert client.get(board_summary.url)[HEADER] == "miss"


# Feed and open data ---------------------------------------------------------------


def test_atom_feed_lists_updates_newest_first(client, board_summary, forum_index):
    item = item_of(board_summary, "Fix the park lights")
    today = timezone.localdate()
    record_item_update(item, ActionStatus.IN_PROGRESS, "Parts ordered", today)
    record_item_update(item, ActionStatus.DONE, "Lights replaced", today)
    draft = make_summary(
        past_forum(forum_index, 9), publish=False, items=[("d", "open")]
    )
    record_item_update(draft.action_items.get(), ActionStatus.DONE, "Hidden note")
    response = client.get(reverse("pledges:board_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0  # well-formed XML
    assert feed.version == "atom10"
    assert [entry.summary for entry in feed.entries] == [
        "Lights replaced",
        "Parts ordered",
    ]
    assert feed.entries[0].title == "Fix the park lights: Done"
    assert feed.entries[0].link.endswith(
        f"/en/you-said-we-did/?forum={board_summary.forum_id}#item-{item.pk}"
    )
    assert feed.entries[0].link.startswith("http")


def test_json_open_data_has_items_with_history(client, board_summary, pledge):
    item = item_of(board_summary, "Fix the park lights")
    commitment = CommitmentPageFactory(parent=pledge, title="Safer parks")
    CommitmentActionItem.objects.create(page=commitment, action_item=item)
    record_item_update(item, ActionStatus.DONE, "Lights replaced")
    response = client.get(reverse("pledges:board_data", args=["items", "json"]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert set(data) == {"licence", "action_items"}
    record = next(r for r in data["action_items"] if r["item_id"] == item.pk)
    assert record["description"] == "Fix the park lights"
    assert record["status"] == "done" and record["overdue"] is False
    assert record["closed_on"] == timezone.localdate().isoformat()
    assert record["closing_note"] == "Lights replaced"
    assert record["forum_id"] == board_summary.forum_id
    assert record["commitment_ids"] == [commitment.pk]
    assert record["number_of_updates"] == 1
    (history,) = record["history"]
    assert (history["old_status"], history["new_status"], history["note"]) == (
        "open",
        "done",
        "Lights replaced",
    )
    assert "recorded_by" not in history
    history_file = client.get(reverse("pledges:board_data", args=["history", "json"]))
    assert [r["note"] for r in json.loads(history_file.content)["history"]] == [
        "Lights replaced"
    ]


def test_csv_open_data_is_formula_safe(client, forum_index):
    summary = make_summary(
        past_forum(forum_index, 3),
        items=[('=HYPERLINK("http://evil.example","x")', ActionStatus.OPEN)],
    )
    record_item_update(summary.action_items.get(), ActionStatus.DONE, "@SUM(1+1)")
    items = client.get(reverse("pledges:board_data", args=["items", "csv"]))
    assert items["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(items.content.decode("utf-8-sig"))))
    assert rows[0]["description"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["closing_note"] == "'@SUM(1+1)"
    assert rows[0]["overdue"] == "false"
    licence = settings.PLEDGES_OPEN_DATA_LICENCE
    assert rows[0]["licence"] == f"{licence['name']} {licence['url']}"
    assert "history" not in rows[0]  # the JSON's nested history is not a column
    history = client.get(reverse("pledges:board_data", args=["history", "csv"]))
    (row,) = csv.DictReader(io.StringIO(history.content.decode("utf-8-sig")))
    assert row["note"] == "'@SUM(1+1)"


def test_unknown_data_files_are_not_found(client, board_summary):
    for name, fmt in (("items", "xml"), ("people", "json")):
        url = reverse("pledges:board_data", args=[name, fmt])
        assert client.get(url).status_code == 404
    docs = client.get(reverse("pledges:board_docs"))
    assert docs.status_code == 200
    for field in ("item_id", "closing_note", "update_id", "commitment_ids"):
        assert f"<code>{field}</code>" in docs.text
    assert "Every file states this licence" in docs.text
    url = reverse("pledges:board_data", args=["items", "csv"])
    assert client.post(url).status_code == 405


def test_an_editor_form_opened_before_the_update_does_not_undo_it(
    client, organizer, board_summary
):
    """The editor's form still says "open"; saving it after the item was closed,
    then publishing, keeps the item closed. A status the editor really chose
    (neither the old nor the new one) is kept."""
    items = list(board_summary.action_items.order_by("sort_order"))
    revision = board_summary.get_latest_revision()
    client.force_login(organizer)
    post_update(client, items[0], ActionStatus.DONE, "New lamps installed")
    forms = [
        {**ITEM, "id": str(items[0].pk), "status": "open"},
        {**ITEM, "id": str(items[1].pk), "status": "done"},
    ]
    response = client.post(
        edit_url(board_summary),
        summary_form_data(
            action_items=inline_formset(forms, initial=2),
            loaded_revision_id=str(revision.pk),
            loaded_revision_created_at=revision.created_at.isoformat(),
        ),
    )
    assert response.status_code == 302
    page = type(board_summary).objects.get(pk=board_summary.pk)
    page.get_latest_revision().publish()
    items[0].refresh_from_db()
    items[1].refresh_from_db()
    assert items[0].status == ActionStatus.DONE
    assert items[0].closing_note == "New lamps installed"
    assert items[1].status == ActionStatus.DONE


@pytest.mark.parametrize(
    "query",
    [
        "?unit=99999999999999999999",
        "?forum=-1",
        "?forum=1.5",
        "?unit=1&unit=2",
        "?status=%E2%80%AE",
        "?page=-1",
        "?page=99999999999999999999",
        "?forum=" + "9" * 200,
    ],
)
def test_odd_filters_never_fail(client, board_summary, query):
    response = client.get(BOARD + query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="error-summary"' in response.text


def test_the_board_only_answers_reads(client, board_summary):
    assert client.post(BOARD).status_code == 405
    assert client.head(BOARD).status_code == 200


def test_a_status_changed_in_the_editor_joins_the_history_once_published(
    client, organizer, board_summary
):
    """Only the publish changes the public status, so only it adds to the history;
    an update from the item's own page is recorded once, not again on publish."""
    items = list(board_summary.action_items.order_by("sort_order"))
    client.force_login(organizer)
    post_update(client, items[0], ActionStatus.DONE, "New lamps installed")
    revision = board_summary.get_latest_revision()
    forms = [
        {**ITEM, "id": str(items[0].pk), "status": "done"},
        {**ITEM, "id": str(items[1].pk), "status": "done"},
    ]
    response = client.post(
        edit_url(board_summary),
        summary_form_data(
            action_items=inline_formset(forms, initial=2),
            loaded_revision_id=str(revision.pk),
            loaded_revision_created_at=revision.created_at.isoformat(),
        ),
    )
    assert response.status_code == 302
    assert list(items[1].updates.all()) == []
    page = type(board_summary).objects.get(pk=board_summary.pk)
    page.get_latest_revision().publish()
    assert [(u.previous_status, u.status, u.date) for u in items[1].updates.all()] == [
        (ActionStatus.IN_PROGRESS, ActionStatus.DONE, timezone.localdate())
    ]
    assert [(u.previous_status, u.status) for u in items[0].updates.all()] == [
        (ActionStatus.OPEN, ActionStatus.DONE)
    ]
