"""Generated abuse against every public form.

Where the form is what is tested, examples go to the form class: it must never
raise, must render what was sent, and when it accepts the input it normalises it
as documented. One request per form then proves the page answers junk with the
form's errors and stores and sends nothing. Valid input and markup still go
through the page, where storing and escaping happen.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from engage.i18n import LANGUAGE_CODES
from forums.forms import ManageRSVPForm, RSVPForm
from forums.models import RSVP, RSVPStatus
from pledges.forms import FollowForm
from pledges.models import PledgeFollower
from surveys.forms import SurveyForm
from surveys.models import Answer, InvitationCode, Participation, Response

from .fuzz import (
    FUZZ,
    assert_not_reflected,
    assert_shows_errors,
    counts,
    fuzzed,
    isolated,
    marker,
    posted,
    render,
)

pytestmark = pytest.mark.django_db

# One value per field for the requests that send junk: none of them valid.
JUNK = [
    "\x00",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "{{ 7|add:7 }}{% debug %}",
    "NaN",
    "../../../../etc/passwd",
    "2026-13-01T25:61",
    "1e309",
    "é" * 5_001,
    "a\x00b",
    "",
    "[]",
]

# The RSVP form -------------------------------------------------------------------

RSVP_FIELDS = [
    "name",
    "email",
    "phone",
    "language",
    "party_size",
    "interpretation_language",
    "asl",
    "childcare_children",
    "access_needs",
    "other_needs",
    "website",
]


@FUZZ
@given(data=fuzzed(RSVP_FIELDS))
def test_rsvp_form_junk(series_forum, data):
    form = RSVPForm(posted(data), forum=series_forum)
    render(form)
    if form.is_valid():
        assert form.cleaned_data["name"] == " ".join(str(data["name"]).split())
        assert form.cleaned_data["email"] == str(data["email"]).strip().lower()


def test_rsvp_form_junk_over_http(series_forum):
    """The page answers junk with the form's errors, and stores and sends nothing."""
    data = dict(zip(RSVP_FIELDS, JUNK, strict=False))
    form = RSVPForm(posted(data), forum=series_forum)
    with isolated() as client:
        response = client.post(series_forum.url, data)
        assert response.status_code == 200
        assert_shows_errors(response, form)
        assert RSVP.objects.count() == 0
        assert mail.outbox == []


visible = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
name_text = st.text(visible, min_size=1, max_size=200).filter(
    lambda text: text.strip() and len(text.strip()) <= 200
)
needs_text = st.text(visible, max_size=1000)


@FUZZ
@given(
    name=name_text,
    local=st.from_regex(r"[A-Za-z0-9._%+-]{1,30}", fullmatch=True).filter(
        lambda part: (
            not part.startswith(".") and not part.endswith(".") and ".." not in part
        )
    ),
    phone=st.from_regex(r"[0-9+()./\- ]{5,40}", fullmatch=True).filter(
        lambda phone: phone.strip() and len(phone.strip()) >= 5
    ),
    party=st.integers(min_value=1, max_value=4),
    children=st.integers(min_value=0, max_value=20),
    access=needs_text,
    other=needs_text,
    language=st.sampled_from(LANGUAGE_CODES),
    interpretation=st.sampled_from(["", "es", "vi"]),
)
def test_valid_rsvp_is_stored_as_sent(
    series_forum,
    name,
    local,
    phone,
    party,
    children,
    access,
    other,
    language,
    interpretation,
):
    email = f"{local}@Example.org"
    data = {
        "name": name,
        "email": email,
        "phone": phone,
        "language": language,
        "party_size": str(party),
        "interpretation_language": interpretation,
        "childcare_children": str(children),
        "access_needs": access,
        "other_needs": other,
        "asl": "on",
        "website": "",
    }
    with isolated() as client:
        response = client.post(series_forum.url, data)
        assert response.status_code == 302, response.context["rsvp_form"].errors
        rsvp = RSVP.objects.get()
        assert rsvp.name == " ".join(name.split())
        assert rsvp.email == email.lower()
        assert rsvp.phone == phone.strip()
        assert rsvp.language == language
        assert rsvp.party_size == party
        assert rsvp.childcare_children == children
        assert rsvp.interpretation_language == interpretation
        assert rsvp.asl is True
        assert rsvp.access_needs == access.strip()
        assert rsvp.other_needs == other.strip()
        assert rsvp.status == RSVPStatus.PENDING  # until the emailed link confirms


def test_rsvp_form_does_not_reflect_markup(series_forum):
    text = marker()
    data = {name: text for name in RSVP_FIELDS}
    data["website"] = ""
    with isolated() as client:
        response = client.post(series_forum.url, data)
        assert response.status_code == 200
        assert_not_reflected(response, text)
        assert RSVP.objects.count() == 0
        # Valid but for the markup in the free-text fields: stored, and the
        # confirmation page and email escape it.
        data.update(email="mark@example.org", phone="", language="en")
        data.update(party_size="1", interpretation_language="", childcare_children="")
        response = client.post(series_forum.url, data, follow=True)
        assert RSVP.objects.get().access_needs == text
        assert_not_reflected(response, text)
        assert text not in mail.outbox[0].alternatives[0][0]


# Managing and cancelling an RSVP -----------------------------------------------


MANAGE_FIELDS = [f for f in RSVP_FIELDS if f not in ("email", "website")]


@FUZZ
@given(data=fuzzed(MANAGE_FIELDS))
def test_manage_rsvp_junk(rsvp, data):
    form = ManageRSVPForm.for_rsvp(rsvp, posted(data))
    render(form)
    if form.is_valid():
        assert form.cleaned_data["name"] == " ".join(str(data["name"]).split())


def test_manage_rsvp_junk_over_http(rsvp):
    """Junk changes nothing: the page shows the form's errors."""
    data = dict(zip(MANAGE_FIELDS, JUNK, strict=False))
    form = ManageRSVPForm.for_rsvp(rsvp, posted(data))
    with isolated() as client:
        response = client.post(f"/en/rsvp/{rsvp.manage_token()}/", data)
        assert response.status_code == 200
        assert_shows_errors(response, form)
        stored = RSVP.objects.get(pk=rsvp.pk)
        assert stored.name == "Ana Pérez"
        assert stored.party_size == 1
        assert mail.outbox == []


# Surveys -------------------------------------------------------------------------


def survey_field_names(area_survey):
    names = []
    for question in area_survey.questions.all():
        names.append(SurveyForm.field_name(question))
        if question.allow_other:
            names.append(SurveyForm.other_name(question))
    return [*names, "area", "website", "code", "switch_language"]


def survey_form(area_survey, data):
    """The form the page builds for an anonymous visitor."""
    return SurveyForm(
        posted(data),
        survey=area_survey,
        questions=list(area_survey.asked_questions()),
        code_required=False,
        honeypot=True,
    )


@FUZZ
@given(data=st.data())
def test_survey_junk(area_survey, data):
    fields = data.draw(fuzzed(survey_field_names(area_survey)))
    form = survey_form(area_survey, fields)
    render(form)
    if form.is_valid():
        assert form.invitation is None


def test_survey_junk_over_http(area_survey):
    """Junk stores nothing: the page shows the form's errors."""
    skipped = ("website", "switch_language")
    names = [name for name in survey_field_names(area_survey) if name not in skipped]
    data = dict(zip(names, JUNK, strict=False))
    form = survey_form(area_survey, data)
    with isolated() as client:
        before = counts(Response, Answer, Participation, InvitationCode)
        response = client.post(area_survey.url, data)
        assert response.status_code == 200
        assert_shows_errors(response, form)
        assert counts(Response, Answer, Participation, InvitationCode) == before


def _questions(area_survey):
    return {q.key: q for q in area_survey.questions.prefetch_related("choices")}


@FUZZ
@given(
    short=st.text(visible, max_size=20),
    long=st.text(visible, max_size=2000),
    other=st.text(visible, min_size=1, max_size=200).filter(str.strip),
    age=st.decimals(min_value=16, max_value=120, places=2),
    scale=st.integers(1, 7),
    rating=st.integers(1, 10),
    yes=st.sampled_from([0, 1]),
    pick=st.sampled_from(["agree", "disagree"]),
    many=st.sampled_from(["a", "b", "c"]),
)
def test_valid_survey_answers_are_stored_as_sent(
    area_survey, short, long, other, age, scale, rating, yes, pick, many
):
    questions = _questions(area_survey)

    def choice(key, code):
        return str(next(c.pk for c in questions[key].choices.all() if c.code == code))

    name = {key: SurveyForm.field_name(q) for key, q in questions.items()}
    data = {
        name["pick"]: choice("pick", pick),
        name["many"]: [choice("many", many), "other"],
        SurveyForm.other_name(questions["many"]): other,
        name["scale"]: str(scale),
        name["rating"]: str(rating),
        name["yn"]: str(yes),
        name["age"]: str(age),
        name["short"]: short,
        name["long"]: long,
        "website": "",
    }
    with isolated() as client:
        response = client.post(area_survey.url, data)
        assert response.status_code == 302, response.context["form"].errors
        stored = {}
        for answer in Answer.objects.select_related("question", "choice"):
            value = answer.choice.code if answer.choice else answer.text
            if answer.number is not None:
                value = answer.number
            stored.setdefault(answer.question.key, []).append(value)
        assert stored["pick"] == [pick]
        assert sorted(stored["many"]) == sorted([many, other.strip()])
        assert stored["scale"] == [scale]
        assert stored["rating"] == [rating]
        assert stored["yn"] == [yes]
        assert stored["age"] == [Decimal(age)]
        assert stored.get("short", [""]) == [short.strip()] if short.strip() else True
        assert stored.get("long", []) == ([long.strip()] if long.strip() else [])


def test_survey_does_not_reflect_markup(area_survey):
    text = marker()
    data = dict.fromkeys(survey_field_names(area_survey), text)
    data.pop("switch_language")
    with isolated() as client:
        response = client.post(area_survey.url, data)
        assert response.status_code == 200
        assert_not_reflected(response, text)
        assert Response.objects.count() == 0


# The contact form ----------------------------------------------------------------

CONTACT_NAMES = [
    "your_name",
    "your_email",
    "topic",
    "your_message",
    "age",
    "date_of_the_incident",
    "website_of_your_group",
    "website",
]


@FUZZ
@given(data=fuzzed(CONTACT_NAMES))
def test_contact_form_junk(contact, data):
    form = contact.get_form(posted(data), page=contact, user=AnonymousUser())
    render(form)
    if form.is_valid():
        assert form.cleaned_data["your_name"] == str(data["your_name"]).strip()


def test_contact_form_junk_over_http(contact):
    """Junk is neither stored nor emailed: the page shows the form's errors."""
    data = dict(zip(CONTACT_NAMES, JUNK, strict=False))
    data["website"] = ""
    form = contact.get_form(posted(data), page=contact, user=AnonymousUser())
    with isolated() as client:
        response = client.post(contact.url, data)
        assert response.status_code == 200
        assert_shows_errors(response, form)
        assert FormSubmission.objects.count() == 0
        assert mail.outbox == []


@FUZZ
@given(
    name=name_text,
    message=st.text(visible, min_size=1, max_size=5000).filter(str.strip),
    topic=st.sampled_from(["Forums", "Surveys", "Other"]),
    age=st.integers(min_value=-(10**6), max_value=10**6),
)
def test_valid_contact_message_is_stored_as_sent(contact, name, message, topic, age):
    data = {
        "your_name": name,
        "your_email": "dana@example.org",
        "topic": topic,
        "your_message": message,
        "age": str(age),
        "date_of_the_incident": "2026-02-28",
        "website_of_your_group": "https://example.org/group",
        "website": "",
    }
    with isolated() as client:
        response = client.post(contact.url, data)
        assert response.status_code == 200
        stored = FormSubmission.objects.get().form_data
        assert stored["your_name"] == name.strip()
        assert stored["your_message"] == message.strip()
        assert stored["topic"] == topic
        assert Decimal(str(stored["age"])) == age
        assert stored["date_of_the_incident"] == "2026-02-28"
        assert "website" not in stored


def test_contact_form_does_not_reflect_markup(contact):
    text = marker()
    data = dict.fromkeys(CONTACT_NAMES, text)
    with isolated() as client:
        response = client.post(contact.url, data)
        assert_not_reflected(response, text)
        assert FormSubmission.objects.count() == 0
        data.update(
            your_email="dana@example.org",
            topic="Other",
            age="",
            date_of_the_incident="",
            website_of_your_group="",
            website="",
        )
        response = client.post(contact.url, data)
        assert FormSubmission.objects.get().form_data["your_message"] == text
        assert_not_reflected(response, text)
        assert text not in mail.outbox[0].alternatives[0][0]


# Following a pledge ----------------------------------------------------------------


@FUZZ
@given(data=fuzzed(["email", "frequency", "language"]))
def test_follow_form_junk(pledge, data):
    form = FollowForm(posted(data))
    render(form)
    if form.is_valid():
        assert form.cleaned_data["email"] == str(data["email"]).strip().lower()


def test_follow_form_junk_over_http(pledge):
    """Junk is refused with the form's errors; nobody follows, nothing is sent."""
    data = dict(zip(["email", "frequency", "language"], JUNK, strict=False))
    form = FollowForm(posted(data))
    with isolated() as client:
        response = client.post(f"/en/pledge-follow/{pledge.pk}/", data)
        assert response.status_code == 400
        assert_shows_errors(response, form)
        assert PledgeFollower.objects.count() == 0
        assert mail.outbox == []


def test_follow_form_does_not_reflect_markup(pledge):
    text = marker()
    with isolated() as client:
        response = client.post(
            f"/en/pledge-follow/{pledge.pk}/",
            {"email": text, "frequency": text, "language": text},
        )
        assert response.status_code == 400
        assert_not_reflected(response, text)
