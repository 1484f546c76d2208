"""A survey's questions still asked and their visible choices, read by two
queries compiled once (``surveys.models.questions.questions_of``): each
survey gets its own, in order, hidden ones left out; a preview or a draft of
unsaved edits shows the edits, never what is saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Choice, Question, SurveyPage
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


def asked(survey):
    return [
        (question.key, [choice.code for choice in question.choices.all()])
        for question in survey.asked_questions()
    ]


def single(key, *codes, **fields):
    return {
        "key": key,
        "kind": "single",
        "choices": [(code, code.title()) for code in codes],
        **fields,
    }


@pytest.fixture
def safety(survey_index):
    return make_survey(
        survey_index,
        [
            single("safe", "yes", "no", "unsure"),
            single("gone", "a", "b", is_hidden=True),
            {"key": "why", "kind": "short_text"},
            single("heard", "radio", "flyer"),
        ],
    )


@pytest.fixture
def parks(survey_index):
    return make_survey(survey_index, [single("parks", "more", "fewer")])


def test_each_survey_reads_its_own_questions_and_choices_in_order(safety, parks):
    Choice.objects.filter(code="unsure").update(is_hidden=True)
    assert asked(safety) == [
        ("safe", ["yes", "no"]),
        ("why", []),
        ("heard", ["radio", "flyer"]),
    ]
    assert asked(parks) == [("parks", ["more", "fewer"])]
    # And again, in the other order: the compiled queries keep no survey's key.
    assert asked(SurveyPage.objects.get(pk=parks.pk)) == [("parks", ["more", "fewer"])]
    assert asked(SurveyPage.objects.get(pk=safety.pk))[0] == ("safe", ["yes", "no"])


def test_questions_and_choices_take_two_queries_and_their_choices_none_more(safety):
    with CaptureQueriesContext(connection) as captured:
        questions = safety.asked_questions()
        labels = [c.label for q in questions for c in q.choices.all()]
    assert len(captured) == 2
    assert labels == ["Yes", "No", "Unsure", "Radio", "Flyer"]


def test_a_survey_with_no_question_asks_none(survey_index):
    assert make_survey(survey_index, []).asked_questions() == []


def test_unsaved_edits_are_shown_as_edited_not_as_saved(safety):
    """What a preview sees: the page as edited, its questions held in memory."""
    edited = SurveyPage.objects.get(pk=safety.pk)
    edited.questions = [
        Question(key="new", kind="short_text", text_en="Edited", sort_order=0),
    ]
    assert [q.text for q in edited.asked_questions()] == ["Edited"]
    assert [q.key for q in safety.asked_questions()] == ["safe", "why", "heard"]


def test_a_draft_revision_shows_its_own_questions(safety):
    """A saved draft, as the editor's preview and revision views read it."""
    draft = SurveyPage.objects.get(pk=safety.pk)
    draft.questions = [
        Question(key="draft", kind="short_text", text_en="In draft", sort_order=0),
    ]
    revision = draft.save_revision()
    assert [q.key for q in revision.as_object().asked_questions()] == ["draft"]
    assert [q.key for q in safety.asked_questions()] == ["safe", "why", "heard"]


def test_a_draft_of_new_questions_shows_only_their_visible_choices(
    safety, rf, admin_user
):
    """An editor adds a question with a hidden choice and previews: the preview
    shows the new question without the hidden choice, and the draft keeps it."""
    draft = SurveyPage.objects.get(pk=safety.pk)
    added = Question(key="added", kind="single", text_en="Added", sort_order=0)
    added.choices = [
        Choice(code="shown", label_en="Shown", sort_order=0),
        Choice(code="kept", label_en="Kept back", sort_order=1, is_hidden=True),
    ]
    draft.questions = [added]
    assert asked(draft) == [("added", ["shown"])]
    assert [c.code for c in draft.questions.all()[0].choices.all()] == ["shown", "kept"]

    request = rf.get("/")
    request.user = admin_user
    response = draft.serve_preview(request, draft.default_preview_mode)
    page = response.render().content.decode()
    assert "Added" in page
    assert "Shown" in page
    assert "Kept back" not in page


def test_the_results_read_every_question_and_choice_hidden_or_not(safety, parks):
    """What the results count: answers given before a question or a choice was
    hidden still count, so the results read them all, in two queries."""
    Choice.objects.filter(code="unsure").update(is_hidden=True)
    with CaptureQueriesContext(connection) as captured:
        read = [
            (question.key, [choice.code for choice in question.choices.all()])
            for question in safety.questions_with_choices()
        ]
    assert len(captured) == 2
    assert read == [
        ("safe", ["yes", "no", "unsure"]),
        ("gone", ["a", "b"]),
        ("why", []),
        ("heard", ["radio", "flyer"]),
    ]
    assert [q.key for q in parks.questions_with_choices()] == ["parks"]
