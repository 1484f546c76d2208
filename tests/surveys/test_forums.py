"""Surveys linked to forums: responses record their forum, results filter by it,
exports name it, and attendees are emailed one personal code each."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.timezone import localtime

from forums.demo import build_demo
from surveys import exports, services
from surveys.demo import build
from surveys.forms import ResultsFilterForm
from surveys.forum_choices import FORUM_CHOICES
from surveys.models import (
    Audience,
    CodeRecipient,
    InvitationCode,
    Response,
    Source,
    SurveyPage,
)
from surveys.results import REFUSALS, compute_results
from tests.factories.engage import UserFactory
from tests.factories.forums import make_past_forum, make_rsvp
from tests.factories.surveys import add_responses, make_survey

from .test_admin import edit_data
from .test_answering import valid_data
from .test_results import RESULTS_PAGE_QUERIES, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(home):
    return make_past_forum(home, title="Eastside forum", title_es="Foro del Este")


@pytest.fixture
def other_forum(home):
    return make_past_forum(home, title="Riverside forum", days_ago=40)


def link(survey, forum):
    survey.forum = forum
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


# Responses record their forum ------------------------------------------------


def test_web_response_records_the_surveys_forum(survey, forum, client):
    survey = link(survey, forum)
    response = client.post(survey.url, valid_data(survey))
    assert response.status_code == 302
    assert Response.objects.get().forum == forum


def test_web_response_without_a_forum_records_none(survey, client):
    assert client.post(survey.url, valid_data(survey)).status_code == 302
    assert Response.objects.get().forum is None


def test_paper_entry_defaults_to_the_surveys_forum(
    admin_client, survey, forum, other_forum
):
    survey = link(survey, forum)
    url = f"/admin/surveys/{survey.pk}/paper/"
    html = admin_client.get(url).content.decode()
    assert re.search(rf'<option value="{forum.pk}" selected>', html)
    assert "Riverside forum" in html
    pick = survey.questions.get(key="pick")
    data = {
        "paper_language": "es",
        "paper_date": "2026-05-12",
        f"q{pick.pk}": pick.choices.first().pk,
    }
    picked = admin_client.post(url, {**data, "paper_forum": other_forum.pk})
    assert picked.status_code == 302
    assert admin_client.post(url, {**data, "paper_forum": ""}).status_code == 302
    stored = Response.objects.filter(source=Source.PAPER)
    assert sorted(str(r.forum) for r in stored) == ["None", "Riverside forum"]
    bad = admin_client.post(url, {**data, "paper_forum": "99999999999999999999"})
    assert bad.status_code == 200 and "paper_forum" in bad.content.decode()
    assert stored.count() == 2


# Results by forum ----------------------------------------------------------------


def test_results_filter_by_forum_and_suppress_small_groups(survey, forum, other_forum):
    add_responses(survey, 6, {"pick": "agree"}, forum=forum)
    add_responses(survey, 3, {"pick": "disagree"}, forum=other_forum)
    add_responses(survey, 2, {"pick": "disagree"})
    assert compute_results(survey).total == 11
    at_forum = compute_results(survey, {"forum": forum})
    assert at_forum.total == 6
    item = next(q for q in at_forum.questions if q.question.key == "pick")
    assert {row.code: row.count for row in item.rows} == {
        "agree": 6,
        "disagree": 0,
    }
    small = compute_results(survey, {"forum": other_forum})
    assert small.suppressed and small.questions == []
    # Filters combine into groups the total can be compared with: one at a time.
    combined = compute_results(survey, {"forum": forum, "language": "es"})
    assert combined.suppressed and combined.questions == []
    assert combined.refused == str(REFUSALS["combination"])


def test_filter_form_offers_the_forums_responses_came_from(
    survey, forum, other_forum, home
):
    unrelated = make_past_forum(home, title="Northside forum")
    add_responses(survey, 1, {"pick": "agree"}, forum=other_forum)
    form = ResultsFilterForm({"forum": str(other_forum.pk)}, survey=survey)
    assert [label for _pk, label in form.fields["forum"].choices][1:] == [
        "Riverside forum"
    ]
    assert form.filters() == {"forum": other_forum}
    survey = link(survey, forum)
    form = ResultsFilterForm({"forum": str(unrelated.pk)}, survey=survey)
    assert len(form.fields["forum"].choices) == 3
    assert form.filters() == {}
    no_forums = make_survey(survey.get_parent(), [])
    assert "forum" not in ResultsFilterForm(survey=no_forums).fields


def test_forum_filter_lists_recent_forums_and_reaches_older_ones_by_date(survey, home):
    """A survey handed out at forum after forum for years: the filter lists a
    fixed number, the most recent first; an earlier one is reached by dates,
    and stays listed once chosen."""
    forums = [
        make_past_forum(home, title=f"Forum {n}", days_ago=10 * n)
        for n in range(1, FORUM_CHOICES + 7)
    ]
    for forum in forums:
        add_responses(survey, 1, {"pick": "agree"}, forum=forum)
    form = ResultsFilterForm(survey=survey)
    labels = [label for _pk, label in form.fields["forum"].choices][1:]
    assert labels == [f"Forum {n}" for n in range(1, FORUM_CHOICES + 1)]
    assert "choose dates" in str(form.fields["forum"].help_text)

    oldest = forums[-1]
    chosen = ResultsFilterForm({"forum": str(oldest.pk)}, survey=survey)
    assert chosen.fields["forum"].choices[-1] == (oldest.pk, oldest.title)
    assert chosen.filters() == {"forum": oldest}

    day = localtime(oldest.start).date()
    earlier = ResultsFilterForm({"end": day.isoformat()}, survey=survey)
    assert [label for _pk, label in earlier.fields["forum"].choices][1:] == [
        oldest.title
    ]
    for junk in ["2**70", str(2**70), "-3", "x"]:
        form = ResultsFilterForm({"forum": junk, "start": "junk"}, survey=survey)
        assert len(form.fields["forum"].choices) == FORUM_CHOICES + 1
        assert form.filters() == {}


@pytest.mark.parametrize("extra, hinted", [(0, False), (1, True)])
def test_forum_filter_hints_at_earlier_forums_only_when_some_are_left_out(
    survey, home, extra, hinted
):
    """A survey with exactly as many forums as the list holds hides none, so
    the hint to choose dates for earlier ones would send a reader looking for
    forums that do not exist."""
    for n in range(1, FORUM_CHOICES + 1 + extra):
        forum = make_past_forum(home, title=f"Forum {n}", days_ago=10 * n)
        add_responses(survey, 1, {"pick": "agree"}, forum=forum)
    field = ResultsFilterForm(survey=survey).fields["forum"]
    assert len(field.choices) == FORUM_CHOICES + 1
    assert ("choose dates" in str(field.help_text)) is hinted


def test_results_page_filters_by_forum(survey, forum, other_forum, client, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0  # the test reads each response's context
    survey = link(survey, forum)
    survey.results_public = True
    survey.save_revision().publish()
    add_responses(survey, 5, {"pick": "agree"}, forum=forum)
    add_responses(survey, 2, {"pick": "disagree"}, forum=other_forum)
    # Without these four, the total minus the 5 at the forum would give the 2.
    add_responses(survey, 4, {"pick": "agree"})
    url = survey.url.replace("/en/", "/es/") + "results/"
    html = client.get(url).content.decode()
    assert "Foro del Este" in html and "Riverside forum" in html
    assert client.get(url).context["results"].total == 11
    narrowed = client.get(f"{url}?forum={forum.pk}")
    assert narrowed.context["results"].total == 5
    # The filter keeps its choice, named as the site names the forum.
    assert f'<option value="{forum.pk}" selected>Foro del Este' in (
        narrowed.content.decode()
    )
    assert client.get(f"{url}?forum={other_forum.pk}").context["results"].suppressed
    for junk in ["abc", "\x00", "99999999999999999999999", "-1", "1.5"]:
        assert client.get(url, {"forum": junk}).status_code == 200


# Exports ---------------------------------------------------------------------------


def test_export_has_a_forum_column_in_the_default_language(admin_client, survey, forum):
    add_responses(survey, 5, {"pick": "agree"}, forum=forum)
    add_responses(survey, 1, {"pick": "agree"})
    with translation.override("es"):
        rows = list(exports.response_rows(survey))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["response", "date", "language", "source", "area", "forum"]
    assert sorted(row[5] for row in body) == [""] + ["Eastside forum"] * 5
    response = admin_client.get(
        f"/admin/surveys/{survey.pk}/responses.csv?forum={forum.pk}"
    )
    body = b"".join(response.streaming_content).decode()
    records = list(csv.DictReader(io.StringIO(body)))
    assert len(records) == 5 and {r["forum"] for r in records} == {"Eastside forum"}


def test_export_by_a_small_forum_is_withheld(admin_client, survey, forum):
    add_responses(survey, 8, {"pick": "agree"})
    add_responses(survey, 4, {"pick": "agree"}, forum=forum)
    response = admin_client.get(
        f"/admin/surveys/{survey.pk}/responses.csv?forum={forum.pk}"
    )
    assert b"".join(response.streaming_content).decode().count("\n") == 1


def test_forum_column_costs_no_extra_query(survey, forum):
    add_responses(survey, 5, {"pick": "agree"}, forum=forum)
    with CaptureQueriesContext(connection) as small:
        list(exports.response_rows(survey))
    other = make_past_forum(survey.get_parent().get_parent(), title="Another")
    add_responses(survey, 50, {"pick": "agree"}, forum=other)
    with CaptureQueriesContext(connection) as large:
        rows = list(exports.response_rows(survey))
    assert len(rows) == 56 and len(small) == len(large) <= 5


# Emailing codes to attendees --------------------------------------------------------


@pytest.fixture
def invited(survey_index, forum):
    survey = make_survey(
        survey_index,
        [{"key": "heard", "kind": "yes_no", "text": "Did you feel heard?"}],
        title="Forum feedback",
        title_es="Opinión sobre el foro",
        title_vi="Góp ý về diễn đàn",
        audience=Audience.INVITED,
    )
    return link(survey, forum)


@pytest.fixture
def attendees(forum):
    return [
        make_rsvp(forum, "ana@example.org", language="es"),
        make_rsvp(forum, "binh@example.org", language="vi"),
        make_rsvp(forum, "cole@example.org", language="en"),
        make_rsvp(forum, "dee@example.org", attended=False),
    ]


def test_attendee_selection_uses_check_in_and_skips_erased(forum, attendees):
    erased = make_rsvp(forum, "gone@example.org")
    erased.erase_personal_data()
    erased.save()
    make_rsvp(make_past_forum(forum.get_parent().get_parent()), "elsewhere@example.org")
    found = services.attendee_recipients(forum)
    assert sorted((email, language) for _pk, email, language in found) == [
        ("ana@example.org", "es"),
        ("binh@example.org", "vi"),
        ("cole@example.org", "en"),
    ]


def test_attendees_get_a_code_each_in_their_language(admin_client, invited, attendees):
    url = f"/admin/surveys/{invited.pk}/codes/"
    html = admin_client.get(url).content.decode()
    assert f"/admin/surveys/{invited.pk}/codes/attendees/" in html
    response = admin_client.post(url + "attendees/", follow=True)
    assert "emailed to 3 attendees" in response.content.decode()
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"ana@example.org", "binh@example.org", "cole@example.org"}
    assert "Opinión sobre el foro" in sent["ana@example.org"].subject
    assert "Góp ý về diễn đàn" in sent["binh@example.org"].subject
    assert "Forum feedback" in sent["cole@example.org"].subject
    # Links leave the site: they carry its public address, in the reader's language.
    site = settings.SITE_URL
    # The code comes after "#", which the browser never sends to the server.
    assert f"{site}/es/surveys/{invited.slug}/#code=" in sent["ana@example.org"].body
    assert f"{site}/vi/surveys/{invited.slug}/#code=" in sent["binh@example.org"].body
    codes = InvitationCode.objects.filter(survey=invited)
    for code in codes:
        [holder] = [to for to, m in sent.items() if code.display_code in m.body]
        assert f"#code={code.display_code}" in sent[holder].body
    assert len(codes) == 3
    # The survey is anonymous: a code that names its address would tell who used it.
    assert set(codes.values_list("email", flat=True)) == {""}
    assert set(codes.values_list("batch", flat=True)) == {"Eastside forum"}
    # Only hashes are kept to recognise the addresses again.
    hashes = set(CodeRecipient.objects.values_list("email_hash", flat=True))
    assert len(hashes) == 3 and not any("@" in value for value in hashes)
    assert services.address_hash(" ANA@example.org") in hashes


def test_a_second_run_sends_no_second_code(admin_client, invited, forum, attendees):
    url = f"/admin/surveys/{invited.pk}/codes/attendees/"
    admin_client.post(url)
    assert len(mail.outbox) == 3
    html = admin_client.post(url, follow=True).content.decode()
    assert "All 3 attendees" in html and "already have a code" in html
    assert len(mail.outbox) == 3
    assert InvitationCode.objects.filter(survey=invited).count() == 3
    # A late check-in gets theirs; the others still get nothing more.
    late = attendees[3]
    late.attended_at = forum.start
    late.save()
    html = admin_client.post(url, follow=True).content.decode()
    assert "emailed to 1 attendee" in html and "3 already had one" in html
    assert [m.to for m in mail.outbox[3:]] == [["dee@example.org"]]
    assert InvitationCode.objects.filter(survey=invited).count() == 4


def test_nothing_to_send_when_no_one_checked_in(admin_client, invited, forum):
    make_rsvp(forum, "dee@example.org", attended=False)
    url = f"/admin/surveys/{invited.pk}/codes/attendees/"
    html = admin_client.post(url, follow=True).content.decode()
    assert "No one with an email address has been checked in" in html
    assert mail.outbox == [] and not InvitationCode.objects.exists()
    assert not CodeRecipient.objects.exists()


def test_codes_are_refused_without_a_forum_or_for_open_surveys(
    admin_client, invited, forum, attendees
):
    invited.forum = None
    invited.save_revision().publish()
    html = admin_client.get(f"/admin/surveys/{invited.pk}/codes/").content.decode()
    assert "not linked to a forum" in html
    url = f"/admin/surveys/{invited.pk}/codes/attendees/"
    html = admin_client.post(url, follow=True).content.decode()
    assert "Choose the forum this survey is for" in html
    invited.forum = forum
    invited.audience = Audience.ANYONE
    invited.save_revision().publish()
    html = admin_client.post(url, follow=True).content.decode()
    assert "does not ask for codes" in html
    assert mail.outbox == [] and not InvitationCode.objects.exists()
    assert admin_client.get(url).status_code == 405


def test_emailing_codes_is_for_organizers(client, invited, attendees):
    client.force_login(UserFactory())
    url = f"/admin/surveys/{invited.pk}/codes/attendees/"
    response = client.post(url)
    assert response.status_code == 403  # the "staff only" page
    assert "Staff only" in response.content.decode()
    assert mail.outbox == []


# Demo ------------------------------------------------------------------------------


def test_demo_links_check_ins_to_the_demo_forums(home):

    build_demo(home, io.StringIO())
    build(home)
    trust = list(
        SurveyPage.objects.filter(slug__startswith="community-trust").order_by(
            "opens_at"
        )
    )
    linked = [page for page in trust if page.forum_id]
    assert linked, "at least one check-in shares a month with a past demo forum"
    for page in linked:
        assert page.opens_at < page.forum.start < page.closes_at
        assert localtime(page.forum.start).month == localtime(page.opens_at).month
        assert not Response.objects.filter(survey=page).exclude(forum=page.forum)
    feedback = SurveyPage.objects.get(slug="forum-feedback")
    assert feedback.forum is not None and feedback.forum.is_past
    snapshot = sorted(SurveyPage.objects.values_list("pk", "forum_id"))
    revisions = [page.latest_revision_id for page in SurveyPage.objects.all()]
    build(home)
    assert sorted(SurveyPage.objects.values_list("pk", "forum_id")) == snapshot
    assert [p.latest_revision_id for p in SurveyPage.objects.all()] == revisions
    # The feedback survey's forum really had attendees to email.
    assert services.attendee_recipients(feedback.forum)


def test_demo_without_forums_leaves_links_empty(home):

    build(home)
    assert not SurveyPage.objects.exclude(forum=None).exists()
    assert not Response.objects.exclude(forum=None).exists()


def test_out_of_range_ids_are_errors_not_crashes(survey, client):
    survey.ask_area = True
    survey.results_public = True
    survey.save_revision().publish()
    survey = SurveyPage.objects.get(pk=survey.pk)
    huge = "99999999999999999999"
    response = client.post(survey.url, {**valid_data(survey), "area": huge})
    assert response.status_code == 200 and not Response.objects.exists()
    assert "errorlist" in response.content.decode()
    for value in [huge, "-5", "0", "2147483648"]:
        assert client.get(survey.url + "results/", {"area": value}).status_code == 200


def test_results_by_forum_queries_do_not_grow(survey, forum, other_forum, client):

    survey = link(survey, forum)
    survey.results_public = True
    survey.save_revision().publish()
    url = f"{survey.url}results/?forum={forum.pk}"
    add_responses(survey, 5, {"pick": "agree", "scale": 4}, forum=forum)
    client.get(url)
    small = count_queries(client, url)
    add_responses(survey, 300, {"pick": "agree", "scale": 4}, forum=forum)
    add_responses(survey, 30, {"pick": "disagree"}, forum=other_forum)
    assert count_queries(client, url) == small <= RESULTS_PAGE_QUERIES


def test_editor_links_the_survey_to_a_forum(admin_client, survey, forum):

    html = admin_client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert 'name="forum"' in html
    data = edit_data(survey)
    data["forum"] = forum.pk
    response = admin_client.post(f"/admin/pages/{survey.pk}/edit/", data)
    assert response.status_code == 302
    assert SurveyPage.objects.get(pk=survey.pk).forum == forum


def test_rotating_the_secret_key_sends_no_second_code(
    admin_client, invited, attendees, settings
):
    url = f"/admin/surveys/{invited.pk}/codes/attendees/"
    admin_client.post(url)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-" + "x" * 40
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = admin_client.post(url, follow=True).content.decode()
    assert "already have a code" in html
    assert len(mail.outbox) == 3


def test_open_data_names_the_forum_filter_in_english(survey, forum, client):
    survey.results_public = True
    survey.save_revision().publish()
    add_responses(survey, 5, {"pick": "agree"}, forum=forum)
    response = client.get(
        f"/es/survey-data/{survey.pk}/results.json", {"forum": forum.pk}
    )
    data = response.json()
    assert data["filters"] == {"forum": "Eastside forum"} and data["responses"] == 5
