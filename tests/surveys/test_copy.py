"""Copying a survey makes a new, independent set of questions and choices: the
original's choices and results are byte-for-byte the same after the copy is
edited, published and deleted. "Start next month's survey from this one" is
that copy as a first-class action, without dates, forum or codes."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from surveys import exports
from surveys.models import Answer, Choice, InvitationCode, Question, SurveyPage
from tests.factories.engage import StaffFactory
from tests.factories.forums import make_forum
from tests.factories.surveys import add_responses
from tests.helpers import sign_in
from tests.surveys.editor_form import editor_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client, survey_index):
    """A survey organizer who is not a superuser: may add, edit, publish."""
    group = Group.objects.create(name="Survey organizers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=survey_index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = StaffFactory()
    user.groups.add(group)
    return sign_in(client, user)


@pytest.fixture
def answered(survey):
    add_responses(survey, 6, {"pick": "agree", "many": ["a", "b"], "yn": 1})
    add_responses(survey, 5, {"pick": "disagree", "many": ["c", "Bikes"], "yn": 0})
    return survey


def snapshot(survey):
    """The original's choices and results, as bytes."""
    choices = list(
        Choice.objects.filter(question__page=survey)
        .order_by("pk")
        .values_list("pk", "question_id", "code", "label_en", "label_es", "sort_order")
    )
    answers = list(
        Answer.objects.filter(response__survey=survey)
        .order_by("pk")
        .values_list("pk", "question_id", "choice_id", "number", "text")
    )
    results = exports.aggregate_data(SurveyPage.objects.get(pk=survey.pk))
    return json.dumps([choices, answers, results], default=str).encode()


def publish_edited(client, page_id, **changes):
    data = editor_form_data(client, page_id)
    data.update(changes)
    data["action-publish"] = "publish"
    response = client.post(f"/admin/pages/{page_id}/edit/", data)
    assert response.status_code == 302
    parent = SurveyPage.objects.get(pk=page_id).get_parent()
    assert response["Location"] == f"/admin/pages/{parent.pk}/"


def test_copy_edit_publish_delete_leaves_the_original_unchanged(organizer, answered):
    before = snapshot(answered)
    response = organizer.post(
        f"/admin/pages/{answered.pk}/copy/",
        {
            "new_title_en": "Everything, again",
            "new_slug": "everything-again",
            "new_parent_page": answered.get_parent().pk,
        },
    )
    assert response.status_code == 302
    copy = SurveyPage.objects.get(slug="everything-again")

    publish_edited(
        organizer,
        copy.pk,
        **{"questions-0-choices-0-label_en": "Quite agree", "title_en": "December"},
    )
    copy.refresh_from_db()
    assert copy.live and copy.title == "December"
    assert snapshot(answered) == before
    copied = Choice.objects.filter(question__page=copy)
    assert copied.count() == 5
    assert not set(copied.values_list("pk", flat=True)) & set(
        Choice.objects.filter(question__page=answered).values_list("pk", flat=True)
    )
    assert copied.get(code="agree").label_en == "Quite agree"

    # Edited and published a second time, the copy keeps its own rows too.
    publish_edited(organizer, copy.pk)
    assert snapshot(answered) == before
    assert Choice.objects.filter(question__page=copy).count() == 5

    response = organizer.post(f"/admin/pages/{copy.pk}/delete/")
    assert response.status_code == 302
    assert not SurveyPage.objects.filter(pk=copy.pk).exists()
    assert snapshot(answered) == before


def test_page_copy_outside_the_admin_is_independent_too(admin_client, answered):
    before = snapshot(answered)
    copy = answered.copy(
        update_attrs={"slug": "plain-copy", "title": "Plain copy"}, keep_live=False
    )
    revision_copy = copy.get_latest_revision_as_object()
    revision_copy.save_revision().publish()
    assert snapshot(answered) == before
    assert Question.objects.filter(page=copy).count() == 8


def test_start_next_month_makes_a_clean_draft_and_opens_it(
    organizer, answered, forum_index
):
    forum = make_forum(forum_index, title="November forum")
    answered.opens_at = timezone.now() - timezone.timedelta(days=40)
    answered.closes_at = timezone.now() - timezone.timedelta(days=10)
    answered.forum = forum
    answered.save_revision().publish()
    InvitationCode.objects.create(survey=answered, code="ABCD2345", batch="Door")
    before = snapshot(answered)

    url = f"/admin/surveys/{answered.pk}/start-next/"
    page = organizer.get(url)
    assert page.status_code == 200
    assert "The original survey and its results do not change." in page.content.decode()

    response = organizer.post(url)
    copy = SurveyPage.objects.exclude(pk=answered.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{copy.pk}/edit/"
    assert not copy.live
    assert (copy.opens_at, copy.closes_at, copy.forum_id) == (None, None, None)
    assert copy.slug != answered.slug
    assert copy.codes.count() == 0
    assert copy.revisions.count() == 1
    assert list(copy.questions.values_list("key", flat=True)) == list(
        answered.questions.values_list("key", flat=True)
    )
    editor = organizer.get(response["Location"]).content.decode()
    assert "This is a draft copy of “Everything”." in editor

    publish_edited(organizer, copy.pk)
    copy.refresh_from_db()
    assert copy.live
    assert snapshot(answered) == before
    assert answered.codes.count() == 1


def test_start_next_is_offered_to_organizers_only(client, organizer, answered):
    listing = organizer.get(f"/admin/pages/{answered.get_parent().pk}/")
    assert f"/admin/surveys/{answered.pk}/start-next/" in listing.content.decode()
    editor = organizer.get(f"/admin/pages/{answered.pk}/edit/")
    assert f"/admin/surveys/{answered.pk}/start-next/" in editor.content.decode()

    outsider = StaffFactory()
    outsider.groups.add(Group.objects.create(name="Editors elsewhere"))
    outsider.groups.first().permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    sign_in(client, outsider)
    count = SurveyPage.objects.count()
    response = client.post(f"/admin/surveys/{answered.pk}/start-next/")
    # Wagtail sends an admin user who may not do this back to the dashboard.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert SurveyPage.objects.count() == count
