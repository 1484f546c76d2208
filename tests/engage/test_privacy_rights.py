"""The privacy page, downloading one's data and deleting one's account."""

import csv
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from engage.i18n import LANGUAGE_CODES
from forums.models import RSVP, ForumSettings, RSVPStatus
from pledges.models import PledgeFollower
from surveys.models import Audience, Participation, QuestionKind, Response
from tests.factories.engage import UserFactory
from tests.factories.forums import make_past_forum, make_rsvp
from tests.factories.pledges import PledgeIndexPageFactory, PledgePageFactory
from tests.factories.surveys import add_responses, make_index, make_survey

LANGUAGES = LANGUAGE_CODES


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").main.get_text(" ")


# The privacy page ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_page_renders_in_every_language(client, home, language):
    response = client.get(url("privacy", language))

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'lang="{language}"' in response.content.decode()
    assert "90" in text_of(response)  # the default RSVP retention


def test_privacy_page_states_the_retention_setting_in_force(client, home):
    settings_row = ForumSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.rsvp_retention_days = 47
    settings_row.save()

    text = text_of(client.get(url("privacy")))

    assert "47 days after the forum" in text
    assert "90 days" not in text


def test_privacy_page_states_the_minimum_group_size(client, home, settings):
    settings.SURVEYS_MIN_GROUP_SIZE = 12

    assert "fewer than 12 answers" in text_of(client.get(url("privacy")))


def test_footer_and_public_forms_link_to_the_privacy_page(client, home):
    forum = make_past_forum(home, days_ago=-10, capacity=10)
    privacy = url("privacy")

    home_html = client.get("/en/").content.decode()
    forum_html = client.get(forum.url).content.decode()

    assert f'href="{privacy}"' in home_html
    soup = BeautifulSoup(forum_html, "html.parser")
    assert soup.select_one(f'form.rsvp-form a[href="{privacy}"]') is not None


# Download --------------------------------------------------------------------


@pytest.fixture
def resident(db):
    return UserFactory(
        email="dana@example.org", first_name="Dana", preferred_language="es"
    )


@pytest.fixture
def other(db):
    return UserFactory(email="omar@example.org")


@pytest.fixture
def data(home, resident, other):
    """The resident's rows (some made without signing in, with the same address)
    beside someone else's and some anonymous answers."""
    past = make_past_forum(home, title="Past forum", days_ago=5, capacity=20)
    upcoming = make_past_forum(home, title="Next forum", days_ago=-5, capacity=20)
    mine = make_rsvp(
        past,
        "Dana@Example.org",
        phone="555-0100",
        access_needs="Step-free entrance please",
        party_size=2,
    )
    # Made with a second verified address of the account, signed in.
    EmailAddress.objects.create(user=resident, email="x@example.org", verified=True)
    mine_upcoming = make_rsvp(upcoming, "x@example.org", attended=False)
    mine_upcoming.user = resident
    mine_upcoming.save()
    theirs = make_rsvp(past, "omar@example.org", phone="555-0199", party_size=3)
    make_rsvp(upcoming, "z@example.org", attended=False, status=RSVPStatus.WAITLISTED)

    questions = [
        {"key": "q", "kind": QuestionKind.SINGLE, "choices": [("y", "Yes")]},
        {"key": "why", "kind": QuestionKind.LONG_TEXT, "text": "Why?"},
    ]
    index = make_index(home)
    named = make_survey(index, questions, anonymous=False, audience=Audience.RESIDENTS)
    anonymous = make_survey(index, questions)
    (my_response,) = add_responses(
        named, 1, {"q": "y", "why": "Because my street is dark"}, user=resident
    )
    Participation.objects.create(survey=named, user=resident)
    (their_response,) = add_responses(named, 1, {"q": "y"}, user=other)
    add_responses(anonymous, 3, {"q": "y", "why": "Anonymous words"})

    pledges = PledgeIndexPageFactory(parent=home)
    pledge = PledgePageFactory(parent=pledges, city="Riverton")
    PledgeFollower.objects.create(pledge=pledge, email="dana@example.org")
    PledgeFollower.objects.create(pledge=pledge, email="omar@example.org")
    return {
        "past": past,
        "upcoming": upcoming,
        "mine": mine,
        "theirs": theirs,
        "named": named,
        "anonymous": anonymous,
        "my_response": my_response,
        "their_response": their_response,
    }


def read_zip(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_download_gives_json_and_csv_of_everything_about_the_resident(
    client, resident, data
):
    client.force_login(resident)

    response = client.post(url("account_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    files = read_zip(response)
    for name in (
        "account",
        "forum_rsvps",
        "survey_answers",
        "pledge_follows",
        "contact_messages",
    ):
        assert f"{name}.json" in files and f"{name}.csv" in files
    account = json.loads(files["account.json"])
    assert account[0]["email"] == "dana@example.org"
    assert account[0]["first_name"] == "Dana"
    rsvps = json.loads(files["forum_rsvps.json"])
    assert sorted(r["forum"] for r in rsvps) == ["Next forum", "Past forum"]
    past = next(r for r in rsvps if r["forum"] == "Past forum")
    assert past["phone"] == "555-0100"
    assert past["access_needs"] == "Step-free entrance please"
    answers = json.loads(files["survey_answers.json"])
    assert {a["text"] for a in answers} == {"", "Because my street is dark"}
    assert {a["choice"] for a in answers} == {"Yes", ""}
    follows = list(csv.DictReader(io.StringIO(files["pledge_follows.csv"])))
    assert [f["email"] for f in follows] == ["dana@example.org"]
    everything = "".join(files.values())
    assert "omar@example.org" not in everything
    assert "555-0199" not in everything
    assert "Anonymous words" not in everything


def test_download_needs_a_post(client, resident, data):
    client.force_login(resident)

    assert client.get(url("account_data")).status_code == 405


@pytest.mark.parametrize("name", ["account_data", "account_delete"])
def test_anonymous_visitors_are_sent_to_sign_in(client, home, name):
    response = client.post(url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_account_page_offers_download_and_deletion(client, resident, home):
    client.force_login(resident)

    html = client.get(url("account_profile")).content.decode()

    assert f'action="{url("account_data")}"' in html
    assert f'href="{url("account_delete")}"' in html


# Deletion --------------------------------------------------------------------


def test_deletion_needs_the_confirmation(client, resident, data):
    client.force_login(resident)

    page = client.get(url("account_delete"))
    response = client.post(url("account_delete"), {})

    assert page.status_code == 200
    assert response.status_code == 200
    assert "Tick the box to confirm." in response.content.decode()
    assert get_user_model().objects.filter(pk=resident.pk).exists()
    assert mail.outbox == []


def counts(data):
    return {
        "past": data["past"].attendance(),
        "upcoming": data["upcoming"].attendance(),
        "rsvps": RSVP.objects.count(),
        "responses": Response.objects.count(),
        "named": Response.objects.filter(survey=data["named"]).count(),
        "anonymous": Response.objects.filter(survey=data["anonymous"]).count(),
    }


def test_deletion_erases_personal_data_and_keeps_counts(client, resident, data):
    client.force_login(resident)
    before = counts(data)

    response = client.post(url("account_delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert not get_user_model().objects.filter(pk=resident.pk).exists()
    assert "_auth_user_id" not in client.session
    assert counts(data) == before
    mine = RSVP.objects.get(pk=data["mine"].pk)
    assert (mine.name, mine.email, mine.phone, mine.access_needs) == ("", "", "", "")
    assert mine.is_erased
    assert mine.party_size == 2 and mine.status == RSVPStatus.CONFIRMED
    assert mine.attended_at is not None
    assert not RSVP.objects.filter(user__isnull=False, forum=data["upcoming"]).exists()
    detached = Response.objects.get(pk=data["my_response"].pk)
    assert detached.user_id is None
    assert detached.answers.filter(text="Because my street is dark").exists()
    assert not PledgeFollower.objects.filter(email="dana@example.org").exists()


def test_deletion_leaves_other_residents_untouched(client, resident, other, data):
    client.force_login(resident)

    client.post(url("account_delete"), {"confirm": "on"})

    theirs = RSVP.objects.get(pk=data["theirs"].pk)
    assert (theirs.email, theirs.phone, theirs.erased_at) == (
        "omar@example.org",
        "555-0199",
        None,
    )
    assert Response.objects.get(pk=data["their_response"].pk).user_id == other.pk
    assert PledgeFollower.objects.filter(email="omar@example.org").exists()
    assert get_user_model().objects.filter(pk=other.pk).exists()


def test_deletion_is_confirmed_by_email_in_the_residents_language(
    client, resident, data
):
    client.force_login(resident)

    client.post(url("account_delete"), {"confirm": "on"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.org"]
    with translation.override("es"):
        from django.utils.translation import gettext

        subject = gettext("Your account has been deleted")
    assert message.subject == subject
    assert message.extra_headers.get("Content-Language", "es") == "es"
    html = message.alternatives[0][0]
    assert 'lang="es"' in html


def test_staff_accounts_are_not_deleted_here(client, home):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    response = client.post(url("account_delete"), {"confirm": "on"})

    assert response.status_code == 200
    assert "Ask a site administrator" in response.content.decode()
    assert get_user_model().objects.filter(pk=staff.pk).exists()
