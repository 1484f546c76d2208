"""A commitment lists the forum action items and survey questions that bear on it,
beside its progress."""

import pytest
from django.contrib.auth import get_user_model

from pledges.models import (
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
)
from tests.factories.forums import make_forum
from tests.factories.forums import make_index as make_forum_index
from tests.factories.outcomes import make_summary
from tests.factories.pledges import commitment_form
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(home):
    return make_forum(make_forum_index(home), title="Eastside forum")


@pytest.fixture
def action_items(forum):
    summary = make_summary(
        forum,
        items=[
            ("Translate the complaint form", "in_progress"),
            ("Publish use-of-force data monthly", "done"),
        ],
    )
    return list(summary.action_items.order_by("sort_order"))


@pytest.fixture
def surveys(home):
    index = make_survey_index(home)
    public = make_survey(
        index,
        title="Trust check-in",
        results_public=True,
        questions=[{"kind": "scale", "key": "trust", "text": "I trust the police."}],
    )
    private = make_survey(
        index,
        title="Forum feedback",
        results_public=False,
        questions=[{"kind": "yes_no", "key": "heard", "text": "Did you feel heard?"}],
    )
    return public, private


def link(commitment, action_items=(), questions=()):
    for order, item in enumerate(action_items):
        CommitmentActionItem.objects.create(
            page=commitment, action_item=item, sort_order=order
        )
    for order, question in enumerate(questions):
        CommitmentSurveyQuestion.objects.create(
            page=commitment, question=question, sort_order=order
        )


def commitment_editor(client, commitment):
    """The commitment's edit page, as an administrator sees it."""
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(admin)
    return client.get(f"/admin/pages/{commitment.pk}/edit/").content.decode()


def test_commitment_page_shows_linked_items_and_questions(
    client, commitment, update, forum, action_items, surveys
):
    public, private = surveys
    update()
    link(
        commitment,
        action_items,
        [public.questions.get(), private.questions.get()],
    )
    html = client.get(commitment.url).content.decode()
    assert "Related forum actions and survey questions" in html
    assert html.index("Where it stands") < html.index("Translate the complaint form")
    assert "Publish use-of-force data monthly" in html
    assert f'<a href="{forum.url}">Eastside forum</a>' in html
    assert "In progress" in html and "Done" in html
    assert "Dec 1, 2026" in html  # the first item's due date
    assert f'<a href="{public.url}">Trust check-in</a>' in html
    assert f'<a href="{private.url}">Forum feedback</a>' in html
    assert f'href="{public.url}results/"' in html
    assert f'href="{private.url}results/"' not in html
    assert html.count("See the published results") == 1


def test_unpublished_summaries_and_surveys_are_not_shown(
    client, commitment, forum, surveys, home
):
    public, _private = surveys
    draft_forum = make_forum(forum.get_parent(), title="Westside forum")
    draft = make_summary(draft_forum, publish=False, items=[("Hidden plan", "open")])
    link(commitment, list(draft.action_items.all()), [public.questions.get()])
    public.unpublish()
    links = commitment.public_links()
    assert not links
    html = client.get(commitment.url).content.decode()
    assert "Hidden plan" not in html
    assert "Related forum actions and survey questions" not in html


def test_a_page_without_links_has_no_section(client, commitment):
    html = client.get(commitment.url).content.decode()
    assert "Related forum actions and survey questions" not in html


def test_links_follow_the_editor_order_and_are_listed_once(
    commitment, action_items, surveys
):
    first, second = action_items
    link(commitment, [second, first, second])
    links = commitment.public_links()
    assert [item.pk for item in links.action_items] == [second.pk, first.pk]


def test_deleting_an_action_item_removes_the_link(commitment, action_items):
    link(commitment, action_items)
    action_items[0].delete()
    assert CommitmentActionItem.objects.filter(page=commitment).count() == 1


def test_organizer_links_items_in_the_admin(
    client, pledge, commitment, action_items, surveys
):
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(admin)
    edit_url = f"/admin/pages/{commitment.pk}/edit/"
    html = client.get(edit_url).content.decode()
    assert "Eastside forum: Translate the complaint form (In progress, due" in html
    assert "Trust check-in: I trust the police." in html
    question = surveys[0].questions.get()
    data = commitment_form(commitment, [action_items[1]], [question])
    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    commitment = CommitmentPage.objects.get(pk=commitment.pk)
    assert [link.action_item_id for link in commitment.related_action_items.all()] == [
        action_items[1].pk
    ]
    assert [link.question_id for link in commitment.related_questions.all()] == [
        question.pk
    ]
    junk = dict(data, **{"related_action_items-0-action_item": "\x00999999"})
    assert client.post(edit_url, junk).status_code == 200


def test_the_admin_offers_only_published_items_and_questions(
    client, pledge, commitment, forum, action_items, surveys
):
    draft_forum = make_forum(forum.get_parent(), title="Westside forum")
    make_summary(draft_forum, publish=False, items=[("Hidden plan", "open")])
    public, private = surveys
    private.unpublish()
    html = commitment_editor(client, commitment)
    assert "Translate the complaint form" in html
    assert "Hidden plan" not in html
    assert "Trust check-in: I trust the police." in html
    assert "Did you feel heard?" not in html


def test_a_link_stays_a_choice_after_its_summary_is_unpublished(
    client, commitment, action_items
):
    link(commitment, action_items[:1])
    action_items[0].summary.unpublish()
    html = commitment_editor(client, commitment)
    assert "Translate the complaint form" in html
    assert "Publish use-of-force data monthly" not in html
