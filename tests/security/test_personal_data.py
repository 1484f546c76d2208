"""Who can see residents' personal data.

- Organizers see RSVPs only for the forums they manage (the series they are an
  organizer of, and forums they created); lead organizers and administrators
  see all; mayor's offices see none, and no survey responses either.
- Nobody can tell who answered an anonymous survey, because the response rows
  hold nothing that points at a person, an account, a code or a moment.
"""

import pytest
from django.test import Client
from django.urls import reverse

from forums.models import RSVP
from surveys.models import (
    Answer,
    Audience,
    InvitationCode,
    Participation,
    Response,
)
from surveys.services import issue_printed_codes
from tests.factories.surveys import make_survey
from tests.helpers import login_redirect, sign_in

pytestmark = pytest.mark.django_db


def _listing(client, url):
    response = client.get(url)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return response.status_code, body.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "path", ["/admin/forum_rsvps/", "/admin/forum_rsvps/?export=csv"]
)
def test_organizers_see_only_the_forums_they_manage(client, users, path):
    status, body = _listing(sign_in(client, users["organizer"]), path)
    assert status == 200
    assert "Mina Park" in body
    assert "Tomas Lind" not in body and "tomas@example.org" not in body


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_lead_organizers_and_admins_see_every_forum(client, users, role):
    status, body = _listing(
        sign_in(client, users[role]), "/admin/forum_rsvps/?export=csv"
    )
    assert status == 200
    assert "Mina Park" in body and "Tomas Lind" in body


def test_a_forum_an_organizer_created_is_theirs(client, users, world):
    from wagtail.models import Page

    other = Page.objects.get(pk=world["other_forum"])
    other.owner = users["organizer"]
    other.save(update_fields=["owner"])
    status, body = _listing(
        sign_in(client, users["organizer"]), "/admin/forum_rsvps/?export=csv"
    )
    assert "Tomas Lind" in body


@pytest.mark.parametrize("role", ["office_a", "office_b", "resident", "anonymous"])
def test_mayors_offices_see_no_personal_data(client, users, world, role):
    client = sign_in(client, users[role])
    survey = world["survey"]
    for url in [
        "/admin/forum_rsvps/",
        "/admin/forum_rsvps/?export=csv",
        f"/admin/forum_rsvps/inspect/{world['mine']}/",
        f"/admin/forums/{world['forum']}/",
        f"/admin/forums/{world['forum']}/check-in/",
        f"/admin/surveys/{survey}/answers/",
        f"/admin/surveys/{survey}/responses.csv",
        f"/admin/surveys/{survey}/responses.xlsx",
        "/admin/pledge_followers/",
        f"/admin/forms/submissions/{world['contact']}/",
    ]:
        response = client.get(url)
        if role == "resident":  # the "staff only" page, no sign-in loop
            assert response.status_code == 403, url
            assert "Staff only" in response.content.decode()
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response.url == login_redirect(url)
        elif "/inspect/" in url:
            # The inspect view answers 404, which LocaleMiddleware turns into a
            # redirect to the same path under the language prefix.
            assert response.status_code == 302, url
            assert response.url == f"/en{url}"
        else:
            assert response.status_code == 302, url
            assert response.url == reverse("wagtailadmin_home")
        body = response.content.decode("utf-8", "replace")
        assert "Mina Park" not in body and "I was stopped twice" not in body


def test_rsvp_queryset_scoping(users, world):
    names = {
        role: set(RSVP.objects.visible_to(users[role]).values_list("name", flat=True))
        for role in ("organizer", "lead", "office_a", "resident", "admin")
    }
    assert names["organizer"] == {"Mina Park"}
    assert names["lead"] == names["admin"] == {"Mina Park", "Tomas Lind"}
    assert names["office_a"] == names["resident"] == set()


# Anonymous surveys ------------------------------------------------------------------

# Every column of a response. A new one (an IP address, a session key, a user
# agent, a timestamp) must be reviewed against anonymity before it is added here.
RESPONSE_COLUMNS = {
    "id",
    "survey",
    "language",
    "submitted_on",
    "submitted_at",
    "source",
    "area",
    "forum",
    "user",
    "code",
    # Reviewed: whether the response has been shuffled into a full group yet
    # (surveys.mixing); true of all but the newest few of a survey.
    "mixed",
}
ANSWER_COLUMNS = {
    "id",
    "response",
    "question",
    "choice",
    "number",
    "text",
    "approved",
    "quote",
}


def test_response_tables_have_no_other_identifying_columns():
    assert {f.name for f in Response._meta.concrete_fields} == RESPONSE_COLUMNS
    assert {f.name for f in Answer._meta.concrete_fields} == ANSWER_COLUMNS
    # Random ids: the primary key says nothing about order or time.
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    assert Answer._meta.pk.get_internal_type() == "UUIDField"


def _short_text_answer(area_survey, text):
    question = area_survey.questions.get(key="q")
    return {f"q{question.pk}": text}


@pytest.fixture
def residents_survey(survey_index):
    return make_survey(
        survey_index,
        [{"key": "q", "kind": "short_text", "text": "Anything?"}],
        audience=Audience.RESIDENTS,
        anonymous=True,
    )


@pytest.fixture
def invited_survey(survey_index):
    return make_survey(
        survey_index,
        [{"key": "q", "kind": "short_text", "text": "Anything?"}],
        audience=Audience.INVITED,
        anonymous=True,
    )


def _identifying_values(user):
    return {user.email, user.username}


def test_a_signed_in_residents_anonymous_answer_names_no_one(
    residents_survey, django_user_model
):
    user = django_user_model.objects.create_user(
        "ana", "ana@example.org", "pw", first_name="Ana"
    )
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(user)
    response = client.post(
        residents_survey.url, _short_text_answer(residents_survey, "Speeding")
    )
    assert response.status_code == 302
    stored = Response.objects.get(survey=residents_survey)
    assert stored.user_id is None
    assert stored.code_id is None
    assert stored.submitted_at is None  # only the day
    # Participation says that Ana answered, never which response is hers.
    participation = Participation.objects.get(survey=residents_survey)
    assert participation.user == user
    assert {f.name for f in Participation._meta.concrete_fields} == {
        "id",
        "survey",
        "user",
    }
    values = [str(v) for v in Response.objects.values_list().get()]
    values += [str(v) for row in Answer.objects.values_list() for v in row]
    for secret in _identifying_values(user) | {
        "203.0.113.9",
        client.session.session_key,
    }:
        assert not any(value == secret for value in values), secret
    # She cannot answer twice, and the refusal reveals nothing new.
    again = client.post(residents_survey.url, _short_text_answer(residents_survey, "x"))
    assert again.status_code == 200
    assert Response.objects.filter(survey=residents_survey).count() == 1


def test_an_invitation_code_is_not_joined_to_the_response(invited_survey):
    code = issue_printed_codes(invited_survey, 1)[0]
    client = Client()
    response = client.post(
        invited_survey.url,
        {**_short_text_answer(invited_survey, "Thanks"), "code": code.display_code},
    )
    assert response.status_code == 302
    stored = Response.objects.get(survey=invited_survey)
    assert stored.code_id is None and stored.user_id is None
    assert stored.submitted_at is None
    code = InvitationCode.objects.get(pk=code.pk)
    assert code.used is True
    # The code keeps no time of use, and no field of the response holds it.
    assert {f.name for f in InvitationCode._meta.concrete_fields}.isdisjoint(
        {"used_at", "response", "used_on"}
    )
    values = {str(v) for v in Response.objects.values_list().get()}
    assert code.code not in values and str(code.pk) not in values
