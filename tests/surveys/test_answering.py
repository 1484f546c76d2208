"""Answering: every question kind checked on the server, conditions, codes,
anonymity, repeats, and language switching."""

import uuid
from decimal import Decimal

import pytest
from django.db import models
from django.utils import timezone

from surveys import services
from surveys.forms import SurveyForm
from surveys.models import (
    Answer,
    Audience,
    InvitationCode,
    Participation,
    QuestionKind,
    Response,
    Source,
)

from .factories import UserFactory, make_survey

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
    data[f"q{q(survey, 'pick').pk}"] = ["1", "2"]
    assert client.post(survey.url, data).status_code in (200, 302)


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
def conditional(index):
    return make_survey(
        index,
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


def test_closed_and_future_surveys_take_no_answers(index, client):
    past = make_survey(
        index,
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


def test_rate_limit_per_address_and_survey(survey, index, client, settings):
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
    other = make_survey(index, [{"key": "x", "kind": QuestionKind.YES_NO}])
    client.cookies.clear()
    client.post(other.url, {f"q{q(other, 'x').pk}": "1"}, REMOTE_ADDR="10.0.0.1")
    assert Response.objects.filter(survey=other).count() == 1


# Signed-in residents ---------------------------------------------------------


def test_residents_must_sign_in_and_answer_once(index, client):
    survey = make_survey(
        index, [{"key": "x", "kind": QuestionKind.YES_NO}], audience=Audience.RESIDENTS
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


def test_resident_may_edit_when_allowed(index, client):
    survey = make_survey(
        index,
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


# Invitation codes ------------------------------------------------------------


@pytest.fixture
def invited(index):
    return make_survey(
        index,
        [{"key": "x", "kind": QuestionKind.YES_NO, "required": True}],
        audience=Audience.INVITED,
    )


def test_code_works_once(invited, client):
    code = services.issue_printed_codes(invited, 1)[0]
    data = {f"q{q(invited, 'x').pk}": "1", "code": code.display_code.lower()}
    assert client.post(invited.url, data).status_code == 302
    response = client.post(invited.url, data)
    assert "already been used" in response.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.parametrize("typed", ["", "ABCD-EFG", "AAAA-AAAA", "IIII-0000", "x" * 500])
def test_tampered_or_missing_code_is_refused(invited, client, typed):
    code = services.issue_printed_codes(invited, 1)[0]
    assert typed.replace("-", "") != code.code
    data = {f"q{q(invited, 'x').pk}": "1", "code": typed}
    assert client.post(invited.url, data).status_code == 200
    assert Response.objects.count() == 0
    assert InvitationCode.objects.filter(used=True).count() == 0


def test_expired_code_and_code_of_another_survey(invited, index, client):
    expired = services.issue_printed_codes(
        invited, 1, expires_on=timezone.localdate() - timezone.timedelta(days=1)
    )[0]
    data = {f"q{q(invited, 'x').pk}": "1", "code": expired.code}
    assert "has expired" in client.post(invited.url, data).content.decode()
    elsewhere = make_survey(index, [], audience=Audience.INVITED)
    foreign = services.issue_printed_codes(elsewhere, 1)[0]
    data["code"] = foreign.code
    assert "not valid" in client.post(invited.url, data).content.decode()
    assert Response.objects.count() == 0


def test_code_is_consumed_only_with_a_valid_response(invited, client):
    code = services.issue_printed_codes(invited, 1)[0]
    client.post(invited.url, {"code": code.code})  # the required answer is missing
    code.refresh_from_db()
    assert not code.used


def test_code_link_prefills_the_code(invited, client):
    code = services.issue_printed_codes(invited, 1)[0]
    html = client.get(f"{invited.url}?code={code.display_code}").content.decode()
    assert f'value="{code.display_code}"' in html


def test_used_code_race_is_refused(invited):
    code = services.issue_printed_codes(invited, 1)[0]
    InvitationCode.objects.filter(pk=code.pk).update(used=True)  # someone else won
    with pytest.raises(services.SubmissionRefused):
        services.submit_response(invited, [], language="en", invitation=code)
    assert Response.objects.count() == 0


def test_emailed_codes_in_each_recipients_language(invited, mailoutbox):
    codes = services.issue_codes(
        invited, [("ana@example.org", "es"), ("binh@example.org", "vi")]
    )
    assert [c.language for c in codes] == ["es", "vi"]
    assert len(mailoutbox) == 2
    spanish = mailoutbox[0]
    assert spanish.to == ["ana@example.org"]
    assert codes[0].display_code in spanish.body
    assert "/es/" in spanish.body


def test_codes_of_a_named_survey_keep_the_address(invited, mailoutbox):
    invited.anonymous = False
    invited.save()
    [code] = services.issue_codes(invited, [("ana@example.org", "es")])
    code.refresh_from_db()
    assert code.email == "ana@example.org"
    assert mailoutbox[0].to == ["ana@example.org"]


def test_codes_of_an_anonymous_survey_keep_no_address(invited, mailoutbox):
    [code] = services.issue_codes(invited, [("ana@example.org", "es")])
    code.refresh_from_db()
    assert invited.anonymous and code.email == ""
    assert mailoutbox[0].to == ["ana@example.org"]


# Anonymity -------------------------------------------------------------------


def test_anonymous_response_holds_no_link_to_code_or_user(invited, client):
    codes = services.issue_printed_codes(invited, 2)
    user = UserFactory()
    client.force_login(user)
    for code in codes:
        client.post(invited.url, {f"q{q(invited, 'x').pk}": "1", "code": code.code})
    assert InvitationCode.objects.filter(used=True).count() == 2
    for response in Response.objects.all():
        assert response.user_id is None
        assert response.code_id is None
        assert response.submitted_at is None
        assert isinstance(response.pk, uuid.UUID) and response.pk.version == 4
    # Nothing on a code records when it was used.
    code_fields = {f.name for f in InvitationCode._meta.get_fields()}
    assert not any(
        isinstance(InvitationCode._meta.get_field(name), models.DateTimeField)
        for name in code_fields
        if hasattr(InvitationCode._meta.get_field(name), "get_internal_type")
    )
    # Response columns: only the day, and primary keys that carry no order.
    kinds = {f.name: f.get_internal_type() for f in Response._meta.concrete_fields}
    assert kinds["id"] == "UUIDField"
    assert not any(
        f.auto_now or f.auto_now_add
        for f in Response._meta.concrete_fields
        if isinstance(f, models.DateField)
    )
    assert Answer._meta.pk.get_internal_type() == "UUIDField"


def test_named_survey_with_codes_keeps_the_link(index, client):
    survey = make_survey(
        index,
        [{"key": "x", "kind": QuestionKind.YES_NO}],
        audience=Audience.INVITED,
        anonymous=False,
    )
    code = services.issue_printed_codes(survey, 1)[0]
    client.post(survey.url, {f"q{q(survey, 'x').pk}": "1", "code": code.code})
    stored = Response.objects.get()
    assert stored.code == code and stored.submitted_at is not None


def test_index_lists_open_surveys_and_published_results(index, client):
    open_now = make_survey(index, [], title="Open one")
    make_survey(
        index,
        [],
        title="Closed private",
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    make_survey(
        index,
        [],
        title="Closed public",
        results_public=True,
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    html = client.get(index.url).content.decode()
    assert open_now.title in html and "Closed public" in html
    assert "Closed private" not in html
