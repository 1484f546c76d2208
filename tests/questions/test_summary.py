"""After the forum: approved questions go into the summary draft once, escaped,
after the organizer's own text; any of them can become an action item."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import ActionItem, ActionStatus
from tests.factories.outcomes import make_summary
from tests.factories.questions import make_question

pytestmark = pytest.mark.django_db


def transfer(client, board):
    return client.post(reverse("questions_admin:add_to_summary", args=[board.forum_id]))


@pytest.fixture
def questions(board):
    script = make_question(
        board, "Is <script>alert(1)</script> & co safe?", status="approved"
    )
    script.supporters = 3
    script.save()
    korean = make_question(
        board, "순찰은 언제 늘어나요?", language="ko", status="approved"
    )
    korean.translation = "When will patrols increase?"
    korean.answered_at = timezone.now()
    korean.answer_note = "Next month, said <b>Lt. Rivera</b>."
    korean.save()
    make_question(board, "Not approved")
    return script, korean


def test_approved_questions_are_appended_to_the_draft_once(organizer, board, questions):
    summary = make_summary(board.forum)  # published, with the organizer's text
    response = transfer(organizer, board)
    assert response.status_code == 302
    assert response.url == reverse("questions_admin:moderate", args=[board.forum_id])
    transfer(organizer, board)  # a second press adds nothing

    summary.refresh_from_db()
    assert summary.concerns == "<p>Speeding on Market Street.</p>"  # live: untouched
    assert summary.has_unpublished_changes
    draft = summary.get_latest_revision_as_object()
    assert draft.concerns == (
        "<p>Speeding on Market Street.</p>"
        "<ul><li>Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; co safe?"
        " — 3 people asked this</li>"
        "<li>When will patrols increase? (<i>순찰은 언제 늘어나요?</i>)</li></ul>"
    )
    assert draft.responses == (
        "<p>The traffic unit will patrol at school times.</p>"
        "<ul><li><i>When will patrols increase?</i>: "
        "Next month, said &lt;b&gt;Lt. Rivera&lt;/b&gt;.</li></ul>"
    )
    assert "Not approved" not in draft.concerns
    assert summary.revisions.count() == 2  # the publish, then one transfer

    # One more approved later goes in alone.
    make_question(board, "Later question", status="approved")
    transfer(organizer, board)
    summary.refresh_from_db()
    draft = summary.get_latest_revision_as_object()
    assert draft.concerns.count("<script>") == 0
    assert draft.concerns.endswith("<ul><li>Later question</li></ul>")
    assert draft.concerns.count("Is &lt;script&gt;") == 1


def test_an_answer_given_after_the_transfer_follows_it(organizer, board):
    question = make_question(board, "Who fixes the lights?", status="approved")
    summary = make_summary(board.forum, publish=False, concerns="", responses="")
    transfer(organizer, board)
    answer = reverse(
        "questions_admin:question", args=[board.forum_id, question.pk, "answer"]
    )
    organizer.post(answer, {"note": "Public works, this month."})
    transfer(organizer, board)
    transfer(organizer, board)

    summary.refresh_from_db()
    draft = summary.get_latest_revision_as_object()
    assert draft.concerns == "<ul><li>Who fixes the lights?</li></ul>"
    assert draft.responses == (
        "<ul><li><i>Who fixes the lights?</i>: Public works, this month.</li></ul>"
    )
    assert not summary.live


def test_without_a_summary_the_organizer_is_told_to_write_it_first(
    organizer, board, questions
):
    response = transfer(organizer, board)
    page = organizer.get(response.url).content.decode()
    assert "This forum has no summary yet. Write the summary first" in page
    assert not board.questions.filter(added_to_summary_at__isnull=False).exists()


def test_a_question_becomes_an_open_action_item_in_the_draft(
    organizer, board, questions
):
    _script, korean = questions
    summary = make_summary(board.forum, items=[("Fix the lights", "open")])
    url = reverse("questions_admin:action_item", args=[board.forum_id, korean.pk])
    for _press in range(2):
        response = organizer.post(url)
    assert response.status_code == 302

    summary.refresh_from_db()
    draft = summary.get_latest_revision_as_object()
    items = [(i.description, i.status, i.sort_order) for i in draft.action_items.all()]
    assert items == [
        ("Fix the lights", "open", 0),
        ("When will patrols increase?", ActionStatus.OPEN, 1),
    ]
    added = draft.action_items.all()[1]
    assert added.due_date == timezone.localdate() + datetime.timedelta(days=30)
    # Only in the draft: the published summary's items are unchanged.
    assert list(ActionItem.objects.values_list("description", flat=True)) == [
        "Fix the lights"
    ]
    korean.refresh_from_db()
    assert korean.action_item_added_at is not None
    # Publishing the draft makes it a real action item.
    summary.get_latest_revision().publish()
    assert ActionItem.objects.filter(summary=summary).count() == 2


def test_a_pending_question_cannot_become_an_action_item(organizer, board):
    question = make_question(board, "Pending")
    make_summary(board.forum)
    url = reverse("questions_admin:action_item", args=[board.forum_id, question.pk])
    organizer.post(url)
    question.refresh_from_db()
    assert question.action_item_added_at is None
