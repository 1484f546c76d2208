"""Organizers: the page editor protects answered questions, paper entry, codes,
free-text approval, and deletion protection."""

import pytest
from django.conf import settings
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from surveys.models import (
    Answer,
    Choice,
    InvitationCode,
    Question,
    Response,
    Source,
    SurveyPage,
)
from tests.factories.engage import UserFactory
from tests.factories.surveys import add_responses

pytestmark = pytest.mark.django_db


def edit_data(survey, drop_question=None, drop_choice=None, hide_question=None):
    """The page editor's form data, with one question or choice marked deleted."""
    questions = []
    for question in survey.questions.all():
        choices = [
            {
                "id": choice.pk,
                "label_en": choice.label_en,
                "code": choice.code,
                "is_hidden": False,
                "DELETE": choice.code == drop_choice,
            }
            for choice in question.choices.all()
        ]
        questions.append(
            {
                "id": question.pk,
                "kind": question.kind,
                "key": question.key,
                "text_en": question.text_en,
                "help_text_en": question.help_text_en or "",
                "required": question.required,
                "is_hidden": question.key == hide_question,
                "scale_points": question.scale_points,
                "rating_max": question.rating_max,
                "min_choices": question.min_choices or "",
                "max_choices": question.max_choices or "",
                "allow_other": question.allow_other,
                "min_value": question.min_value
                if question.min_value is not None
                else "",
                "max_value": question.max_value
                if question.max_value is not None
                else "",
                "max_length": question.max_length or "",
                "condition_key": question.condition_key,
                "condition_value": question.condition_value,
                "choices": inline_formset(choices, initial=len(choices)),
                "DELETE": question.key == drop_question,
            }
        )
    return nested_form_data(
        {
            "title_en": survey.title,
            "slug": survey.slug,
            "intro_en": rich_text(""),
            "thank_you_text_en": rich_text(""),
            "audience": survey.audience,
            "anonymous": survey.anonymous,
            "questions": inline_formset(questions, initial=len(questions)),
            "action-publish": "publish",
        }
    )


def edit(admin_client, survey, **kwargs):
    return admin_client.post(
        f"/admin/pages/{survey.pk}/edit/", edit_data(survey, **kwargs)
    )


def test_editor_saves_questions(admin_client, survey):
    response = edit(admin_client, survey)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_unanswered_question_can_be_deleted(admin_client, survey):
    response = edit(admin_client, survey, drop_question="age")
    assert response.status_code == 302
    assert not Question.objects.filter(key="age").exists()


def test_answered_question_and_choice_cannot_be_deleted(admin_client, survey):
    add_responses(survey, 1, {"age": 30, "pick": "agree"})
    response = edit(admin_client, survey, drop_question="age")
    assert response.status_code == 200
    assert "has answers, so it cannot be deleted" in response.content.decode()
    assert Question.objects.filter(key="age").exists()
    response = edit(admin_client, survey, drop_choice="agree")
    assert "has answers, so it cannot be deleted" in response.content.decode()
    assert Choice.objects.filter(code="agree").exists()
    # Hiding is the way out; answers stay.
    assert edit(admin_client, survey, hide_question="age").status_code == 302
    assert Question.objects.get(key="age").is_hidden
    assert Answer.objects.filter(question__key="age").count() == 1


def test_hidden_question_is_no_longer_asked(survey, client):
    Question.objects.filter(key="age").update(is_hidden=True)
    html = client.get(survey.url).content.decode()
    assert "Age" not in html and "Pick one" in html


def test_survey_with_responses_cannot_be_deleted(admin_client, survey):
    add_responses(survey, 1, {"pick": "agree"})
    response = admin_client.post(f"/admin/pages/{survey.pk}/delete/")
    assert response.status_code == 302
    assert SurveyPage.objects.filter(pk=survey.pk).exists()
    index = survey.get_parent()
    admin_client.post(f"/admin/pages/{index.pk}/delete/")
    assert SurveyPage.objects.filter(pk=survey.pk).exists()


def test_paper_entry_counts_and_is_marked(admin_client, survey):
    pick = survey.questions.get(key="pick")
    agree = pick.choices.get(code="agree")
    url = f"/admin/surveys/{survey.pk}/paper/"
    assert admin_client.get(url).status_code == 200
    bad = admin_client.post(url, {"paper_language": "es", "paper_date": "2026-05-12"})
    assert bad.status_code == 200 and Response.objects.count() == 0
    response = admin_client.post(
        url,
        {"paper_language": "vi", "paper_date": "2026-05-12", f"q{pick.pk}": agree.pk},
    )
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.source == Source.PAPER and stored.language == "vi"
    assert str(stored.submitted_on) == "2026-05-12" and stored.submitted_at is None
    assert stored.answers.get().choice == agree


def test_paper_entry_is_for_organizers(client, survey):
    client.force_login(UserFactory())
    url = f"/admin/surveys/{survey.pk}/paper/"
    response = client.get(url)
    assert response.status_code == 403  # the "staff only" page
    assert "Staff only" in response.content.decode()


def test_issue_and_print_codes(admin_client, survey):
    url = f"/admin/surveys/{survey.pk}/codes/"
    response = admin_client.post(url, {"count": "12", "batch": "Door, 12 May"})
    assert response.status_code == 302
    assert InvitationCode.objects.filter(survey=survey).count() == 12
    assert admin_client.post(url, {"count": "100000"}).status_code == 200
    sheet = admin_client.get(url + "print/?batch=Door, 12 May").content.decode()
    assert sheet.count('class="code"') == 12
    assert f"{settings.SITE_URL}/en/surveys/{survey.slug}/" in sheet


def test_free_text_approval(admin_client, survey):
    add_responses(survey, 5, {"long": "Officer Smith at 12 Elm St was kind."})
    answer = Answer.objects.filter(text__startswith="Officer").first()
    url = f"/admin/surveys/{survey.pk}/answers/"
    assert "Officer Smith" in admin_client.get(url).content.decode()
    admin_client.post(
        url, {"answer": answer.pk, "quote": "An officer was kind.", "approved": "on"}
    )
    answer.refresh_from_db()
    assert answer.approved and answer.published_text == "An officer was kind."
    survey.results_public = True
    survey.save_revision().publish()
    html = admin_client.get(survey.url + "results/").content.decode()
    assert "An officer was kind." in html and "Elm St" not in html


def test_admin_results_and_header_buttons(admin_client, survey):
    add_responses(survey, 5, {"pick": "agree"})
    html = admin_client.get(f"/admin/surveys/{survey.pk}/results/").content.decode()
    assert "Agree" in html and "responses.csv" in html
    html = admin_client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert f"/admin/surveys/{survey.pk}/results/" in html


def test_bulk_delete_is_refused_too(admin_client, survey):
    add_responses(survey, 1, {"pick": "agree"})
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={survey.pk}",
        {"id": survey.pk},
    )
    assert response.status_code == 302
    assert SurveyPage.objects.filter(pk=survey.pk).exists()
