"""Answering: every question kind checked on the server, conditions, repeats,
signed-in residents, and language switching (codes: test_codes.py)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from surveys.forms import SurveyForm
from surveys.models import (
    Answer,
    Audience,
    Participation,
    QuestionKind,
    Response,
    Source,
)
from tests.factories.engage import UserFactory
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


def q(survey, key):
    return survey.questions.get(key=key)


def choice(survey, key, code):
    return q(survey, key).choices.get(code=code)


def valid_data(survey):
    return {
        f"q{q(survey, 'pick').pk}": str(choice(survey, "pick", "agree").pk),
        f"q{q(survey, 'many').pk}": [str(choice(survey, "many", "a").pk)],
        f"q{q(survey, 'scale').pk}": "6",
        f"q{q(survey, 'rating').pk}": "9",
        f"q{q(survey, 'yn').pk}": "0",
        f"q{q(survey, 'age').pk}": "42",
        f"q{q(survey, 'short').pk}": "Ana",
        f"q{q(survey, 'long').pk}": "More patrols on foot.",
    }


def form_for(survey, data, **kwargs):
    return SurveyForm(data, survey=survey, questions=survey.asked_questions(), **kwargs)


def test_valid_response_stores_every_kind(survey, client):
    response = client.post(survey.url, valid_data(survey))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.source == Source.WEB
    assert stored.language == "en"
    values = {a.question.key: a for a in stored.answers.select_related("question")}
    assert values["pick"].choice.code == "agree"
    assert values["many"].choice.code == "a"
    assert values["scale"].number == 6
    assert values["rating"].number == 9
    assert values["yn"].number == 0
    assert values["age"].number == Decimal("42")
    assert values["short"].text == "Ana"
    assert values["long"].text == "More patrols on foot."


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("pick", "", "Please answer this question."),
        ("pick", "999999", "Select a valid choice"),
        ("pick", "junk\x00", "Select a valid choice"),
        ("scale", "8", "Select a valid choice"),
        ("scale", "0", "Select a valid choice"),
        ("rating", "11", "Select a valid choice"),
        ("rating", "nine", "Select a valid choice"),
        ("yn", "maybe", "Select a valid choice"),
        ("age", "15", "greater than or equal to 16"),
        ("age", "121", "less than or equal to 120"),
        ("age", "1e999999", "Ensure that there are no more than"),
        ("age", "NaN", "Enter a number"),
        ("age", "forty", "Enter a number"),
        ("short", "x" * 21, "at most 20 characters"),
        ("long", "x" * 2001, "at most 2000 characters"),
        ("long", "bad\x00byte", "Null characters are not allowed"),
    ],
)
def test_invalid_answers_are_refused(survey, key, value, message):
    data = valid_data(survey)
    name = f"q{q(survey, key).pk}"
    data[name] = value
    form = form_for(survey, data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[name])


def test_too_many_and_too_few_choices(survey):
    data = valid_data(survey)
    name = f"q{q(survey, 'many').pk}"
    data[name] = [str(c.pk) for c in q(survey, "many").choices.all()]
    form = form_for(survey, data)
    assert not form.is_valid()
    assert "Choose at most 2 answers." in form.errors[name]

    data[name] = [str(choice(survey, "many", "a").pk)]
    data[f"{name}_other"] = "Street lights"
    data[name] = [
        str(choice(survey, "many", "a").pk),
        str(choice(survey, "many", "b").pk),
    ]
    form = form_for(survey, data)
    assert not form.is_valid()  # two choices plus "other" is three

    data[name] = []
    data[f"{name}_other"] = ""
    form = form_for(survey, data)
    assert form.is_valid()  # optional question left empty: min does not apply


def test_other_answer_is_kept_as_text(survey):
    data = valid_data(survey)
    name = f"q{q(survey, 'many').pk}"
    data[name] = ["other"]
    form = form_for(survey, data)
    assert not form.is_valid()
    assert "Please say what it is." in form.errors[f"{name}_other"]
    data[f"{name}_other"] = "Street lights"
    form = form_for(survey, data)
    assert form.is_valid(), form.errors
    other = [a for a in form.answers if a["question"].key == "many"]
    assert other == [{"question": q(survey, "many"), "text": "Street lights"}]


def test_missing_fields_and_wrong_types_never_500(survey, client):
    response = client.post(survey.url, {"unexpected": "x", "q999": "1"})
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert "Please answer this question." in response.content.decode()
    data = valid_data(survey)
    # Several values for a single choice: the last one counts, here not a choice.
    pick = f"q{q(survey, 'pick').pk}"
    data[pick] = [str(choice(survey, "pick", "agree").pk), "0"]
    response = client.post(survey.url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [pick]
    assert Response.objects.count() == 0


def test_error_in_one_answer_stores_nothing(survey, client):
    data = valid_data(survey)
    data[f"q{q(survey, 'age').pk}"] = "500"
    response = client.post(survey.url, data)
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    # What was typed is kept on the page next to the error.
    assert "More patrols on foot." in response.content.decode()


def test_errors_in_the_readers_language(survey, client):
    data = valid_data(survey)
    data[f"q{q(survey, 'pick').pk}"] = ""
    response = client.post(survey.url.replace("/en/", "/es/"), data)
    assert response.status_code == 200
    assert "Elija una" in response.content.decode()
    assert Response.objects.count() == 0


@pytest.fixture
def conditional(survey_index):
    return make_survey(
        survey_index,
        [
            {
                "key": "used",
                "kind": QuestionKind.YES_NO,
                "text": "Used interpretation?",
            },
            {
                "key": "quality",
                "kind": QuestionKind.RATING,
                "required": True,
                "condition_key": "used",
                "condition_value": "yes",
                "text": "How good?",
            },
            {
                "key": "again",
                "kind": QuestionKind.SINGLE,
                "text": "Come again?",
                "choices": [("yes", "Yes"), ("no", "No")],
            },
            {
                "key": "why",
                "kind": QuestionKind.LONG_TEXT,
                "required": True,
                "condition_key": "again",
                "condition_value": "no",
                "text": "Why not?",
            },
        ],
    )


def test_condition_shown_makes_required_apply(conditional):
    used, quality = q(conditional, "used"), q(conditional, "quality")
    form = form_for(conditional, {f"q{used.pk}": "1"})
    assert not form.is_valid()
    assert f"q{quality.pk}" in form.errors


def test_condition_not_met_drops_the_answer(conditional):
    used, quality = q(conditional, "used"), q(conditional, "quality")
    form = form_for(conditional, {f"q{used.pk}": "0", f"q{quality.pk}": "4"})
    assert form.is_valid(), form.errors
    assert [a["question"].key for a in form.answers] == ["used"]


def test_condition_on_a_choice(conditional):
    again, why = q(conditional, "again"), q(conditional, "why")
    no = again.choices.get(code="no")
    yes = again.choices.get(code="yes")
    assert not form_for(conditional, {f"q{again.pk}": str(no.pk)}).is_valid()
    form = form_for(conditional, {f"q{again.pk}": str(yes.pk), f"q{why.pk}": "x"})
    assert form.is_valid()
    assert "why" not in [a["question"].key for a in form.answers]


def test_condition_is_explained_on_the_page(conditional, client):
    html = client.get(conditional.url).content.decode()
    assert "Answer this only if you answered “Yes” to question 1." in html
    assert "Answer this only if you answered “No” to question 3." in html


def test_survey_shown_in_spanish_with_fallback_notice(survey, client):
    response = client.get(survey.url.replace("/en/", "/es/"))
    html = response.content.decode()
    assert "Elija una" in html and "De acuerdo" in html
    assert "Pick some" in html  # no Spanish text: English shown...
    assert response.context["untranslated"]  # ...and the reader is told
    assert "notice--translation" in html


def test_arabic_is_right_to_left(survey, client):
    html = client.get(survey.url.replace("/en/", "/ar/")).content.decode()
    assert 'dir="rtl"' in html


def test_language_switch_keeps_what_was_typed(survey, client):
    data = valid_data(survey)
    data["switch_language"] = "es"
    english_url = survey.url
    response = client.post(survey.url.replace("/en/", "/es/"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Elija una" in html
    assert "More patrols on foot." in html
    assert 'value="Ana"' in html
    assert "errorlist" not in html
    assert Response.objects.count() == 0
    assert f'formaction="{english_url}"' in html


def test_closed_and_future_surveys_take_no_answers(survey_index, client):
    past = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.YES_NO}],
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    response = client.post(past.url, {f"q{q(past, 'x').pk}": "1"})
    assert "This survey is closed" in response.content.decode()
    assert Response.objects.count() == 0


# Repeats: cookie, honeypot, rate limit -----------------------------------------


def test_cookie_discourages_a_second_response(survey, client):
    client.post(survey.url, valid_data(survey))
    response = client.get(survey.url)
    assert "You have already answered" in response.content.decode()
    client.post(survey.url, valid_data(survey))
    assert Response.objects.count() == 1


def test_honeypot_refuses_bots(survey, client):
    data = valid_data(survey)
    data["website"] = "http://spam.example"
    response = client.post(survey.url, data)
    assert response.status_code == 200
    assert Response.objects.count() == 0


def test_rate_limit_per_address_and_survey(survey, survey_index, client, settings):
    settings.SURVEYS_RATE_LIMIT = 2
    for _attempt in range(3):
        client.cookies.clear()
        client.post(survey.url, valid_data(survey), REMOTE_ADDR="10.0.0.1")
    assert Response.objects.count() == 2
    html = client.post(
        survey.url, valid_data(survey), REMOTE_ADDR="10.0.0.1"
    ).content.decode()
    assert "Too many responses" in html
    client.cookies.clear()
    client.post(survey.url, valid_data(survey), REMOTE_ADDR="10.0.0.2")
    assert Response.objects.count() == 3
    other = make_survey(survey_index, [{"key": "x", "kind": QuestionKind.YES_NO}])
    client.cookies.clear()
    client.post(other.url, {f"q{q(other, 'x').pk}": "1"}, REMOTE_ADDR="10.0.0.1")
    assert Response.objects.filter(survey=other).count() == 1


# Signed-in residents ---------------------------------------------------------


def test_residents_must_sign_in_and_answer_once(survey_index, client):
    survey = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.YES_NO}],
        audience=Audience.RESIDENTS,
    )
    data = {f"q{q(survey, 'x').pk}": "1"}
    assert "Sign in to answer" in client.post(survey.url, data).content.decode()
    assert Response.objects.count() == 0
    user = UserFactory()
    client.force_login(user)
    assert client.post(survey.url, data).status_code == 302
    assert "already answered" in client.get(survey.url).content.decode()
    client.post(survey.url, data)
    assert Response.objects.count() == 1
    anonymous_response = Response.objects.get()
    assert anonymous_response.user is None  # anonymous: the link is Participation
    assert Participation.objects.filter(user=user, survey=survey).exists()


def test_resident_may_edit_when_allowed(survey_index, client):
    survey = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.RATING, "rating_max": 5}],
        audience=Audience.RESIDENTS,
        anonymous=False,
        allow_editing=True,
    )
    user = UserFactory()
    client.force_login(user)
    name = f"q{q(survey, 'x').pk}"
    client.post(survey.url, {name: "2"})
    html = client.get(survey.url).content.decode()
    assert "You can change your answers" in html
    assert 'value="2" id="id_' in html and "checked" in html
    client.post(survey.url, {name: "5"})
    stored = Response.objects.get()
    assert stored.user == user and stored.submitted_at is not None
    assert [a.number for a in stored.answers.all()] == [5]


def test_index_lists_open_surveys_and_published_results(survey_index, client):
    open_now = make_survey(survey_index, [], title="Open one")
    make_survey(
        survey_index,
        [],
        title="Closed private",
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    make_survey(
        survey_index,
        [],
        title="Closed public",
        results_public=True,
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    html = client.get(survey_index.url).content.decode()
    assert open_now.title in html and "Closed public" in html
    assert "Closed private" not in html
