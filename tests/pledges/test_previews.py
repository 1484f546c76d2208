"""A mayor's office previews before it publishes: a progress update cannot be
changed once published, so its preview shows the commitment's page as it will
read; a commitment previews with its links as edited. Previewing saves
nothing and changes nothing the public sees."""

import json
import re

import pytest

from pledges.models import CommitmentActionItem, CommitmentPage, ProgressUpdatePage
from tests.factories.forums import make_forum
from tests.factories.forums import make_index as make_forum_index
from tests.factories.outcomes import make_summary
from tests.factories.pledges import add_update_url, commitment_form, update_form
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def previewed(client, url, data):
    """The preview of the form ``data`` posted to the admin's preview ``url``."""
    posted = client.post(url, data)
    assert posted.status_code == 200
    assert json.loads(posted.content) == {"is_valid": True, "is_available": True}
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def history(html):
    """The dates and explanations of the history of updates, newest first."""
    section = html[html.index('id="commitment-history-heading"') :]
    return re.findall(
        r'<div class="pledge-timeline__explanation"[^>]*><p>(.*?)</p>', section
    )


@pytest.fixture
def office(client, admin_user):
    return sign_in(client, admin_user)


def test_a_new_update_previews_on_its_commitments_page(
    office, commitment, update, today
):
    update(percentage=20, days_ago=3, explanation="Drafting began.")
    before = ProgressUpdatePage.objects.count()
    url = add_update_url(commitment) + "preview/"

    html = previewed(office, url, update_form(today, percentage="40"))

    assert "<h1>Independent review board</h1>" in html
    assert history(html) == ["The ordinance had its first reading.", "Drafting began."]
    assert "Council minutes" in html
    where = html[html.index('class="section pledge-current"') :]
    where = where[: where.index("</section>")]
    assert "40%" in where
    assert "20%" not in where
    # What it replaces, as publishing would freeze it.
    entry = html[html.index("History of updates") : html.index("Drafting began.")]
    assert re.search(r"20%</bdi>.*changed to.*40%</bdi>", entry, re.S)
    assert ProgressUpdatePage.objects.count() == before
    public = office.get(commitment.url).content.decode()
    assert "The ordinance had its first reading." not in public


def test_a_draft_update_previews_as_edited(office, commitment, today):
    form = update_form(today, action="action-save")
    office.post(add_update_url(commitment), form)
    draft = ProgressUpdatePage.objects.get(live=False)
    url = f"/admin/pages/{draft.pk}/edit/preview/"
    edited = dict(form, explanation_en="The ordinance passed its second reading.")
    edited.pop("action-save")

    html = previewed(office, url, edited)

    assert history(html) == ["The ordinance passed its second reading."]
    draft.refresh_from_db()
    assert draft.explanation == "The ordinance had its first reading."


@pytest.fixture
def action_items(home):
    """Two items of a published summary, and one of a summary withdrawn since
    it was linked."""
    forum = make_forum(make_forum_index(home), title="Eastside forum")
    summary = make_summary(
        forum,
        items=[
            ("Translate the complaint form", "in_progress"),
            ("Publish stop data monthly", "open"),
        ],
    )
    withdrawn = make_summary(
        make_forum(forum.get_parent(), title="Westside forum"),
        slug="withdrawn-summary",
        items=[("No longer public", "open")],
    )
    return [*summary.action_items.order_by("sort_order"), withdrawn.action_items.get()]


def test_a_commitment_previews_its_links_as_edited(office, commitment, action_items):
    translate, publish, withdrawn = action_items
    saved = [
        CommitmentActionItem.objects.create(page=commitment, action_item=item)
        for item in (translate, withdrawn)
    ]
    withdrawn.summary.unpublish()
    url = f"/admin/pages/{commitment.pk}/edit/preview/"
    form = commitment_form(commitment, [publish], saved_items=saved)
    form["related_action_items-0-DELETE"] = "on"

    html = previewed(office, url, form)

    assert "Publish stop data monthly" in html
    assert "Translate the complaint form" not in html
    assert "No longer public" not in html
    stored = CommitmentPage.objects.get(pk=commitment.pk).public_links()
    assert [item.pk for item in stored.action_items] == [translate.pk]


def test_a_new_commitment_previews_with_its_links(office, pledge, action_items):
    translate, publish, _withdrawn = action_items
    new = CommitmentPage(
        title="Civilian oversight", slug="civilian-oversight", principle="other"
    )
    url = f"/admin/pages/add/pledges/commitmentpage/{pledge.pk}/preview/"

    html = previewed(office, url, commitment_form(new, [publish, translate]))

    assert "<h1>Civilian oversight</h1>" in html
    assert html.index("Publish stop data monthly") < html.index(
        "Translate the complaint form"
    )
    assert "No update has been published on this commitment yet." in html
    assert not CommitmentPage.objects.filter(slug="civilian-oversight").exists()
