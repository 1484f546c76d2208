"""Surveys in pages: progress, Back and Next, each page checked, nothing
stored until the last page is sent, and "save and finish later" by a resume
link that holds no personal data (the paper form: test_paper_questionnaire.py).
"""

import datetime
import io
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from surveys import paging, services
from surveys.models import (
    Answer,
    Audience,
    InvitationCode,
    QuestionKind,
    Response,
    ResultCell,
    SurveyDraft,
)
from tests.factories.surveys import add_responses, make_survey
from tests.helpers import count_queries, url_in

from .test_admin import edit_data
from .test_answering import choice, q

pytestmark = pytest.mark.django_db

THREE_PAGES = [
    {
        "key": "pick",
        "kind": QuestionKind.SINGLE,
        "required": True,
        "text": {"en": "Do you feel safe?", "es": "¿Se siente seguro?"},
        "choices": [("agree", "Yes, mostly"), ("disagree", "Not really")],
    },
    {
        "key": "yn",
        "kind": QuestionKind.YES_NO,
        "required": True,
        "starts_new_page": True,
        "text": "Have you been to a forum?",
    },
    {
        "key": "why",
        "kind": QuestionKind.SHORT_TEXT,
        "required": True,
        "condition_key": "pick",
        "condition_value": "disagree",
        "text": "What would help?",
    },
    {
        "key": "long",
        "kind": QuestionKind.LONG_TEXT,
        "starts_new_page": True,
        "text": "Anything else?",
    },
]
DRAFT = re.compile(r'name="draft" value="([^"]+)"')


@pytest.fixture
def paged(survey_index):
    return make_survey(survey_index, THREE_PAGES, title="Safety in pages")


def field(survey, key):
    return f"q{q(survey, key).pk}"


def draft_of(response):
    return DRAFT.search(response.content.decode()).group(1)


def step(client, survey, index, data=None, nav="next", draft=None, **extra):
    body = {"page": str(index), **(data or {}), **extra}
    if nav:
        body["nav"] = nav
    if draft:
        body["draft"] = draft
    return client.post(survey.url, body)


def first_two_pages(client, survey, pick="agree"):
    """Pages 1 and 2 answered; the response showing page 3 and its draft."""
    first = step(
        client, survey, 0, {field(survey, "pick"): choice(survey, "pick", pick).pk}
    )
    second = step(
        client,
        survey,
        1,
        {field(survey, "yn"): "1", field(survey, "why"): "Lights"},
        draft=draft_of(first),
        asked=str(q(survey, "why").pk) if pick == "disagree" else "",
    )
    return second, draft_of(second)


def nothing_stored():
    return not (
        Response.objects.exists()
        or Answer.objects.exists()
        or ResultCell.objects.exists()
    )


# Pages and progress --------------------------------------------------------------


def test_first_page_shows_its_questions_and_progress(paged, client):
    page = client.get(paged.url).content.decode()
    assert "Step 1 of 3" in page
    assert '<progress max="3" value="1" aria-labelledby="survey-progress">' in page
    assert "Do you feel safe?" in page and "Have you been to a forum?" not in page
    assert 'name="nav" value="next"' in page and 'value="back"' not in page
    assert "Save and finish later" in page and "Send my answers" not in page
    assert 'name="draft"' not in page


def test_a_page_is_checked_before_the_next_one(paged, client):
    response = step(client, paged, 0, {})
    page = response.content.decode()
    assert response.status_code == 200 and "Step 1 of 3" in page
    assert "Please answer this question." in page
    assert not SurveyDraft.objects.exists() and nothing_stored()


def test_walk_through_stores_only_at_the_end(paged, client):
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    assert "Step 2 of 3" in first.content.decode() and nothing_stored()
    assert first["Cache-Control"] == "private, no-store"
    second = step(client, paged, 1, {field(paged, "yn"): "0"}, draft=draft_of(first))
    page = second.content.decode()
    assert (
        "Step 3 of 3" in page and "Send my answers" in page and 'value="back"' in page
    )
    assert nothing_stored() and SurveyDraft.objects.count() == 1
    last = step(
        client,
        paged,
        2,
        {field(paged, "long"): "More lights"},
        nav=None,
        draft=draft_of(second),
    )
    assert last.status_code == 302 and last.url == paged.url + "thanks/"
    stored = Response.objects.get()
    answers = {a.question.key: a for a in stored.answers.select_related("question")}
    assert answers["pick"].choice.code == "agree"
    assert answers["yn"].number == 0 and answers["long"].text == "More lights"
    assert "why" not in answers
    assert not SurveyDraft.objects.exists(), "the draft is deleted on submission"


def test_a_condition_on_an_earlier_page_is_applied(paged, client):
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "disagree").pk}
    )
    page = first.content.decode()
    assert f'id="question-{q(paged, "why").pk}"' in page
    assert f'id="question-{q(paged, "why").pk}" hidden' not in page
    missing = step(
        client,
        paged,
        1,
        {field(paged, "yn"): "1"},
        draft=draft_of(first),
        asked=str(q(paged, "why").pk),
    )
    assert "Step 2 of 3" in missing.content.decode()
    assert "Please answer this question." in missing.content.decode()
    _third, draft = first_two_pages(client, paged, pick="disagree")
    done = step(client, paged, 2, {}, nav=None, draft=draft)
    assert done.status_code == 302
    assert Answer.objects.get(question__key="why").text == "Lights"


def test_back_keeps_what_was_typed_without_checking_it(paged, client):
    third, draft = first_two_pages(client, paged)
    back = step(
        client,
        paged,
        2,
        {field(paged, "long"): "Half a thought"},
        nav="back",
        draft=draft,
    )
    page = back.content.decode()
    assert "Step 2 of 3" in page and "Please answer" not in page
    assert re.search(rf'name="{field(paged, "yn")}" value="1"[^>]*checked', page)
    forward = step(client, paged, 1, {field(paged, "yn"): "1"}, draft=draft)
    assert "Half a thought" in forward.content.decode()
    assert nothing_stored()


def test_a_tampered_page_number_stays_in_range(paged, client):
    response = step(client, paged, "99", {}, nav="next")
    assert response.status_code == 404
    assert "no saved answers" in response.content.decode()
    assert step(client, paged, "x", {}).status_code == 200


# Save and resume -------------------------------------------------------------------


def test_save_and_resume_at_the_saved_page(paged, client):
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    saved = step(
        client, paged, 1, {field(paged, "yn"): "0"}, nav="save", draft=draft_of(first)
    )
    page = saved.content.decode()
    assert saved.status_code == 200 and saved["Cache-Control"] == "private, no-store"
    link = re.search(r'id="resume-link" type="text" value="([^"]+)"', page).group(1)
    path = link.removeprefix("http://testserver")
    assert path == paging.resume_path(paged, draft_of(first))
    assert nothing_stored()
    resumed = Client().get(path)
    body = resumed.content.decode()
    assert resumed.status_code == 200 and "Step 2 of 3" in body
    assert resumed["Cache-Control"] == "private, no-store"
    assert re.search(rf'name="{field(paged, "yn")}" value="0"[^>]*checked', body)
    submitted = step(
        Client(), paged, 1, {field(paged, "yn"): "0"}, draft=draft_of(resumed)
    )
    last = step(Client(), paged, 2, {}, nav=None, draft=draft_of(submitted))
    assert last.status_code == 302 and Response.objects.count() == 1
    gone = Client().get(path)
    assert gone.status_code == 404 and "no saved answers" in gone.content.decode()


def test_save_on_the_first_page_starts_a_draft(paged, client):
    saved = step(client, paged, 0, {field(paged, "pick"): "junk"}, nav="save")
    assert saved.status_code == 200 and SurveyDraft.objects.count() == 1
    assert SurveyDraft.objects.get().page == 0


def resume_path(survey, token):
    return paging.resume_path(survey, paging.sign(token))


@pytest.fixture
def saved_link(paged, client):
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    return paging.resume_path(paged, draft_of(first))


def test_tampered_resume_link_is_refused(paged, saved_link):
    response = Client().get(saved_link[:-3] + "x/")
    assert response.status_code == 400
    assert "link to your saved answers is not complete" in response.content.decode()


def test_unknown_resume_link_is_refused(paged, saved_link):
    response = Client().get(resume_path(paged, "guessed-token"))
    assert response.status_code == 404
    assert "We have no saved answers for this link" in response.content.decode()


def test_resume_link_of_another_survey_is_refused(paged, saved_link, survey_index):
    other = make_survey(survey_index, THREE_PAGES)
    signed = saved_link.rstrip("/").rsplit("/", 1)[1]
    assert Client().get(paging.resume_path(other, signed)).status_code == 404


def test_expired_resume_link_is_refused_and_the_draft_removed(paged, saved_link):
    SurveyDraft.objects.update(expires_on=timezone.localdate() - datetime.timedelta(1))
    response = Client().get(saved_link)
    assert response.status_code == 410
    assert "Your saved answers have expired" in response.content.decode()
    assert not SurveyDraft.objects.exists()


def test_a_tampered_draft_field_is_refused(paged, saved_link):
    response = step(Client(), paged, 1, {}, draft="abc:def")
    assert response.status_code == 400 and nothing_stored()


def test_resume_page_of_a_closed_survey_says_so(paged, saved_link):
    paged.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    paged.save()
    response = Client().get(saved_link)
    assert "This survey is closed" in response.content.decode()


def test_purge_removes_only_expired_drafts(paged, saved_link):
    keep = SurveyDraft.objects.get()
    old, _signed = paging.start_draft(paged)
    paging.keep(old, {}, 0)
    SurveyDraft.objects.filter(pk=old.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    output = io.StringIO()
    call_command("purge_survey_drafts", stdout=output)
    assert output.getvalue() == "1 expired survey drafts deleted.\n"
    assert list(SurveyDraft.objects.all()) == [keep]


# No personal data -------------------------------------------------------------------


def everything_stored():
    """Every value of every table, as text."""
    text = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            text.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(text)


def test_the_emailed_address_is_used_once_and_kept_nowhere(paged, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    draft = draft_of(first)
    sent = step(
        client, paged, 1, nav="email", draft=draft, email="Ana.Resident@example.org"
    )
    assert sent.status_code == 200
    assert "the link is on its way" in sent.content.decode()
    assert "Ana.Resident@example.org" not in sent.content.decode()
    [message] = mail.outbox
    assert message.to == ["Ana.Resident@example.org"]
    assert paging.resume_path(paged, draft) in message.body
    assert "ana.resident" not in everything_stored().lower()
    assert SurveyDraft.objects.get().page == 1, "the draft's answers are untouched"


def test_the_link_is_emailed_in_the_readers_language(paged, client):
    spanish = url_in(paged, "es")
    pick = {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    first = client.post(spanish, {"page": "0", "nav": "next", **pick})
    client.post(
        spanish,
        {"page": "1", "nav": "email", "draft": draft_of(first), "email": "a@x.org"},
    )
    [message] = mail.outbox
    with translation.override("es"):
        path = paging.resume_path(paged, draft_of(first))
    assert path.startswith("/es/") and path in message.body
    assert '<html lang="es"' in message.alternatives[0][0]


def test_a_flood_of_link_emails_to_one_address_is_held_back(
    paged, client, settings, steady_counters
):
    settings.ENGAGE_RATE_LIMITS_ENABLED = True
    settings.ENGAGE_RATE_LIMITS = []
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    for _time in range(settings.ENGAGE_RECIPIENT_EMAIL_LIMIT + 2):
        page = step(
            client,
            paged,
            1,
            nav="email",
            draft=draft_of(first),
            email="target@example.org",
        )
        assert "the link is on its way" in page.content.decode()
    assert len(mail.outbox) == settings.ENGAGE_RECIPIENT_EMAIL_LIMIT


def test_a_bad_address_is_explained(paged, client):
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    page = step(
        client, paged, 1, nav="email", draft=draft_of(first), email="not-an-address"
    )
    assert "Enter a valid email address." in page.content.decode()
    assert not mail.outbox


def test_a_draft_holds_no_account_code_or_time(paged):
    names = {f.name for f in SurveyDraft._meta.get_fields()}
    assert names == {"id", "token_hash", "survey", "data", "page", "expires_on"}


def test_the_token_itself_is_not_stored(paged, saved_link):
    signed = saved_link.rstrip("/").rsplit("/", 1)[1]
    token = signing.Signer(salt=paging.SALT).unsign(signed)
    assert token not in everything_stored()


# Invitation codes ---------------------------------------------------------------------


@pytest.fixture
def invited(survey_index):
    return make_survey(
        survey_index,
        [
            {"key": "x", "kind": QuestionKind.YES_NO, "required": True},
            {"key": "y", "kind": QuestionKind.SHORT_TEXT, "starts_new_page": True},
        ],
        audience=Audience.INVITED,
    )


def test_the_code_is_asked_last_spent_once_and_never_kept(invited, client):
    code = services.issue_printed_codes(invited, 1)[0]
    first_page = client.get(invited.url).content.decode()
    assert 'name="code"' not in first_page
    first = step(client, invited, 0, {field(invited, "x"): "1"})
    assert 'name="code"' in first.content.decode()
    draft = draft_of(first)
    # Saving the last page with the code typed keeps the answers, not the code.
    step(
        client,
        invited,
        1,
        {field(invited, "y"): "hi"},
        nav="save",
        draft=draft,
        code=code.display_code,
    )
    stored = SurveyDraft.objects.get()
    assert "code" not in stored.data and stored.data[field(invited, "y")] == ["hi"]
    assert code.code not in everything_stored().replace(code.code, "", 1)
    InvitationCode.objects.get(used=False)
    done = step(
        client,
        invited,
        1,
        {field(invited, "y"): "hi"},
        nav=None,
        draft=draft,
        code=code.display_code,
    )
    assert done.status_code == 302
    assert InvitationCode.objects.get().used and Response.objects.count() == 1
    assert Response.objects.get().code_id is None
    assert not SurveyDraft.objects.exists()
    again = step(
        Client(),
        invited,
        1,
        {field(invited, "y"): "hi"},
        nav=None,
        draft=draft,
        code=code.display_code,
    )
    assert again.status_code == 404 and Response.objects.count() == 1


def test_a_used_code_at_the_end_keeps_the_draft(invited, client):
    code = services.issue_printed_codes(invited, 1)[0]
    InvitationCode.objects.update(used=True)
    first = step(client, invited, 0, {field(invited, "x"): "1"})
    done = step(
        client, invited, 1, {}, nav=None, draft=draft_of(first), code=code.display_code
    )
    assert done.status_code == 200 and "already been used" in done.content.decode()
    assert SurveyDraft.objects.count() == 1 and not Response.objects.exists()


def test_a_double_press_stores_one_response(paged, client):
    _third, draft = first_two_pages(client, paged)
    assert step(client, paged, 2, {}, nav=None, draft=draft).status_code == 302
    second = step(Client(), paged, 2, {}, nav=None, draft=draft)
    assert second.status_code == 404 and Response.objects.count() == 1


def test_a_draft_deleted_under_the_submission_refuses_it(paged, client, monkeypatch):
    _third, draft = first_two_pages(client, paged)
    opened = paging.open_draft(paged, draft)
    SurveyDraft.objects.all().delete()
    questions = list(paged.asked_questions())
    rows = [{"question": questions[0], "choice": questions[0].choices.all()[0]}]
    with pytest.raises(services.SubmissionRefused):
        services.submit_response(paged, rows, language="en", draft=opened)
    assert not Response.objects.exists()


# Every kind of question ----------------------------------------------------------


NEW_KINDS = [
    {
        "key": "grid",
        "kind": QuestionKind.MATRIX,
        "text": "Rate each",
        "choices": [("lit", "Streets are lit"), ("calm", "Traffic is calm")],
    },
    {
        "key": "order",
        "kind": QuestionKind.RANKING,
        "text": "Rank these",
        "choices": [("foot", "Foot patrols"), ("youth", "Youth programs")],
    },
    {
        "key": "drop",
        "kind": QuestionKind.DROPDOWN,
        "text": "Pick from the list",
        "choices": [("flyer", "A flyer"), ("friend", "A friend")],
    },
    {"key": "when", "kind": QuestionKind.DATE, "text": "When?"},
    {"key": "last", "kind": QuestionKind.YES_NO, "starts_new_page": True},
]


def test_every_kind_is_kept_between_pages(survey_index, client):
    survey = make_survey(survey_index, NEW_KINDS)
    grid, order = q(survey, "grid"), q(survey, "order")
    rows = {c.code: c.pk for c in grid.choices.all()}
    places = {c.code: c.pk for c in order.choices.all()}
    typed = {
        f"q{grid.pk}_{rows['lit']}": "4",
        f"q{grid.pk}_{rows['calm']}": "2",
        f"q{order.pk}_{places['foot']}": "2",
        f"q{order.pk}_{places['youth']}": "1",
        field(survey, "drop"): str(choice(survey, "drop", "friend").pk),
        field(survey, "when"): "2026-03-14",
    }
    first = step(client, survey, 0, typed)
    assert "Step 2 of 2" in first.content.decode(), first.content.decode()
    back = step(client, survey, 1, {}, nav="back", draft=draft_of(first))
    page = back.content.decode()
    assert re.search(rf'name="q{grid.pk}_{rows["lit"]}" value="4"[^>]*checked', page)
    assert 'value="2026-03-14"' in page
    again = step(client, survey, 0, typed, draft=draft_of(first))
    done = step(
        client, survey, 1, {field(survey, "last"): "1"}, nav=None, draft=draft_of(again)
    )
    assert done.status_code == 302
    stored = Answer.objects.filter(question__in=[grid, order])
    assert sorted((a.choice.code, int(a.number)) for a in stored) == [
        ("calm", 2),
        ("foot", 2),
        ("lit", 4),
        ("youth", 1),
    ]
    assert Answer.objects.get(question__key="drop").choice.code == "friend"
    assert Answer.objects.get(question__key="when").text == "2026-03-14"


# Single page, languages and queries ----------------------------------------------


def test_a_single_page_survey_is_unchanged(survey_index, client):
    single = make_survey(survey_index, THREE_PAGES[:1])
    page = client.get(single.url).content.decode()
    assert "Step " not in page and 'name="page"' not in page
    assert "Save and finish later" not in page and "Send my answers" in page
    response = client.post(
        single.url, {field(single, "pick"): choice(single, "pick", "agree").pk}
    )
    assert response.status_code == 302 and not SurveyDraft.objects.exists()


def test_an_organizer_breaks_the_survey_into_pages_in_the_editor(
    survey, admin_client, client
):
    data = edit_data(survey)
    data["questions-3-starts_new_page"] = "on"
    response = admin_client.post(f"/admin/pages/{survey.pk}/edit/", data)
    assert response.status_code == 302
    assert list(
        survey.questions.filter(starts_new_page=True).values_list("key", flat=True)
    ) == ["rating"]
    page = client.get(survey.url).content.decode()
    assert "Step 1 of 2" in page and "Pick one" in page and "Rate" not in page


def test_switching_language_keeps_the_page_and_answers(paged, client):
    first = step(
        client, paged, 0, {field(paged, "pick"): choice(paged, "pick", "agree").pk}
    )
    switched = client.post(
        url_in(paged, "es"),
        {
            "page": "1",
            "draft": draft_of(first),
            "switch_language": "es",
            field(paged, "yn"): "1",
        },
    )
    page = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="es"' in page
    assert re.search(r"(Step|Paso) 2 (of|de) 3", page)
    assert re.search(rf'name="{field(paged, "yn")}" value="1"[^>]*checked', page)


def test_page_queries_do_not_grow(paged, client, saved_link, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0  # count the page's work, not a cache hit
    small = count_queries(client, paged.url)
    small_resume = count_queries(client, saved_link)
    add_responses(paged, 300, {"pick": "agree", "yn": 1, "long": "x"})
    for _number in range(50):
        draft, _signed = paging.start_draft(paged)
        paging.keep(draft, {"x": ["y"]}, 1)
    assert count_queries(client, paged.url) == small <= 10
    assert count_queries(client, saved_link) == small_resume <= 10
