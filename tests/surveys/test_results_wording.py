"""The threshold under which results are hidden is a number, and every language
says it with the right plural form, whatever an operator sets it to."""

import pytest
from django.utils import translation

from surveys.models import SurveyPage
from surveys.privacy import privacy_section
from tests.factories.surveys import add_responses, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(survey, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    survey.results_public = True
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


@pytest.mark.parametrize(
    ("minimum", "language", "expected"),
    [
        (5, "en", "Any group of fewer than 5 responses is not shown."),
        (1, "en", "Any group of fewer than 1 response is not shown."),
        (5, "es", "No se muestra ningún grupo de menos de 5 respuestas."),
        (1, "es", "No se muestra ningún grupo de menos de 1 respuesta."),
    ],
)
def test_the_threshold_is_said_with_its_plural(
    client, published, settings, minimum, language, expected
):
    settings.SURVEYS_MIN_GROUP_SIZE = minimum
    add_responses(published, minimum, {"pick": "agree"})
    url = published.url.replace("/en/", f"/{language}/") + "results/"
    assert expected in client.get(url).content.decode()


def test_too_few_responses_are_said_with_their_plural(client, published, settings):
    settings.SURVEYS_MIN_GROUP_SIZE = 5
    add_responses(published, 4, {"pick": "agree"})
    url = published.url.replace("/en/", "/es/") + "results/"
    assert "Hay menos de 5 respuestas que coinciden" in (
        client.get(url).content.decode()
    )


def test_the_privacy_page_says_the_threshold_with_its_plural(rf, settings):
    settings.SURVEYS_MIN_GROUP_SIZE = 1
    with translation.override("es"):
        purpose = str(privacy_section(rf.get("/es/privacy/"))["purpose"])
    assert "menos de 1 respuesta," in purpose
    settings.SURVEYS_MIN_GROUP_SIZE = 5
    with translation.override("es"):
        purpose = str(privacy_section(rf.get("/es/privacy/"))["purpose"])
    assert "menos de 5 respuestas," in purpose


@pytest.mark.parametrize(
    ("limit", "language", "expected"),
    [
        (1, "en", "Up to 1 character."),
        (200, "en", "Up to 200 characters."),
        (1, "es", "Hasta 1 carácter."),
        (200, "es", "Hasta 200 caracteres."),
    ],
)
def test_a_text_question_says_its_limit_with_its_plural(
    client, survey_index, settings, limit, language, expected
):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    survey = make_survey(
        survey_index, [{"key": "word", "kind": "short_text", "max_length": limit}]
    )
    url = survey.url.replace("/en/", f"/{language}/")
    assert expected in client.get(url).content.decode()
