"""Invitation codes: each works once, only for its survey and until it expires,
is emailed in the recipient's language, and is never linked to an anonymous
response."""

import uuid

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone

from surveys import services
from surveys.models import (
    Answer,
    Audience,
    CodeRecipient,
    InvitationCode,
    QuestionKind,
    Response,
)
from tests.factories.engage import UserFactory
from tests.factories.surveys import make_survey

from .test_answering import q

pytestmark = pytest.mark.django_db


# Invitation codes ------------------------------------------------------------


@pytest.fixture
def invited(survey_index):
    return make_survey(
        survey_index,
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


def test_expired_code_and_code_of_another_survey(invited, survey_index, client):
    expired = services.issue_printed_codes(
        invited, 1, expires_on=timezone.localdate() - timezone.timedelta(days=1)
    )[0]
    data = {f"q{q(invited, 'x').pk}": "1", "code": expired.code}
    assert "has expired" in client.post(invited.url, data).content.decode()
    elsewhere = make_survey(survey_index, [], audience=Audience.INVITED)
    foreign = services.issue_printed_codes(elsewhere, 1)[0]
    data["code"] = foreign.code
    assert "not valid" in client.post(invited.url, data).content.decode()
    assert Response.objects.count() == 0


def test_code_is_consumed_only_with_a_valid_response(invited, client):
    code = services.issue_printed_codes(invited, 1)[0]
    client.post(invited.url, {"code": code.code})  # the required answer is missing
    code.refresh_from_db()
    assert not code.used


def test_old_code_link_moves_the_code_out_of_the_query(invited, client):
    """A link with ``?code=`` (sent before) redirects to the code after "#",
    which browsers never send: nothing later logs, caches or renders it."""
    code = services.issue_printed_codes(invited, 1)[0]
    response = client.get(f"{invited.url}?code={code.display_code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == f"{invited.url}#code={code.code}"
    html = client.get(invited.url).content.decode()
    assert code.code not in html and code.display_code not in html
    assert "/static/surveys/js/code-from-link.js" in html


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
    # The code keeps no language: the recipient's would say whose it was.
    assert "language" not in {f.name for f in InvitationCode._meta.get_fields()}
    assert len(mailoutbox) == 2
    spanish = mailoutbox[0]
    assert spanish.to == ["ana@example.org"]
    assert codes[0].display_code in spanish.body
    assert codes[1].display_code not in spanish.body
    assert f"{settings.SITE_URL}/es/surveys/{invited.slug}/#code=" in spanish.body
    assert "?code=" not in spanish.body
    assert mailoutbox[1].to == ["binh@example.org"]
    assert f"/vi/surveys/{invited.slug}/#code={codes[1].display_code}" in (
        mailoutbox[1].body
    )


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


def test_named_survey_with_codes_keeps_the_link(survey_index, client):
    survey = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.YES_NO}],
        audience=Audience.INVITED,
        anonymous=False,
    )
    code = services.issue_printed_codes(survey, 1)[0]
    client.post(survey.url, {f"q{q(survey, 'x').pk}": "1", "code": code.code})
    stored = Response.objects.get()
    assert stored.code == code and stored.submitted_at is not None


def test_a_code_that_cannot_be_emailed_is_withdrawn(invited, monkeypatch, caplog):
    """The email is sent at once, not queued with the code in a task row; if it
    fails, the code is withdrawn and the address forgotten, so a later run
    sends that person one, and the log names neither."""
    CodeRecipient.objects.create(
        survey=invited, email_hash=services.address_hash("binh@example.org")
    )
    send = EmailMultiAlternatives.send

    def flaky(message, *args, **kwargs):
        if message.to == ["binh@example.org"]:
            raise ConnectionError("provider down")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    codes = services.issue_codes(
        invited, [("ana@example.org", "es"), ("binh@example.org", "vi")]
    )
    assert [c.pk for c in codes] == list(
        InvitationCode.objects.values_list("pk", flat=True)
    )
    assert not CodeRecipient.objects.exists()
    assert caplog.messages == [
        f"1 invitation code(s) for survey {invited.pk} could not be emailed and "
        "were withdrawn; emailing the attendees again will retry them."
    ]
