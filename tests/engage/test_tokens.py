"""Every link sent by email is a signed token bound to one purpose and one object.

A changed, expired, reused or wrong-purpose token gets a clear page in the
visitor's language (400/404/410), never a 500 and never someone else's data.
"""

import datetime
import time

import pytest
from django.core import signing
from django.utils import timezone

from forums.models import RSVP
from forums.models.rsvps import MANAGE_SALT
from forums.views import MANAGE_LINK_MAX_AGE
from outcomes import notifications as summaries
from outcomes import sending, tokens
from outcomes.models import Delivery
from pledges.models import PledgeFollower
from pledges.services import following as pledge_services
from surveys import services as survey_services
from tests.factories.forums import RSVPFactory, make_forum, make_index
from tests.factories.outcomes import make_members, make_summary, past_forum
from tests.factories.pledges import PledgeIndexPageFactory, PledgePageFactory
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

JUNK = ["junk", "a" * 500, "%00", "..:..", "eyJyc3ZwIjoxfQ:1abc:xyz"]


def signed_long_ago(value, salt, seconds):
    """A token as it would have been signed ``seconds`` ago."""
    real = time.time
    try:
        time.time = lambda: real() - seconds
        return signing.dumps(value, salt=salt, compress=True)
    finally:
        time.time = real


def tamper(token):
    return token[:-2] + ("xx" if not token.endswith("xx") else "yy")


def assert_clear_page(response, status, language="es"):
    assert response.status_code == status
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.fixture
def forum(home):
    return make_forum(make_index(home), capacity=20, title="Eastside forum")


@pytest.fixture
def two_rsvps(forum):
    return (
        RSVPFactory(forum=forum, name="Ana Alpha", email="ana@example.org"),
        RSVPFactory(forum=forum, name="Bo Beta", email="bo@example.org"),
    )


# Manage RSVP ---------------------------------------------------------------


def test_manage_link_valid_shows_only_its_own_rsvp(client, two_rsvps):
    ana, bo = two_rsvps
    response = client.get(f"/es/rsvp/{ana.manage_token()}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Alpha" in html and "Bo Beta" not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_manage_link_tampered_or_junk(client, two_rsvps, method):
    ana, _bo = two_rsvps
    for token in [tamper(ana.manage_token()), *JUNK]:
        response = getattr(client, method)(f"/es/rsvp/{token}/")
        assert_clear_page(response, 400)
        assert "Ana Alpha" not in response.content.decode()


def test_manage_link_from_another_purpose_is_refused(client, two_rsvps):
    ana, _bo = two_rsvps
    # Same payload shape ({"rsvp": pk}), different salt: must not open the RSVP.
    for token in (summaries.unsubscribe_token(ana), tokens.ack_token(ana.pk)):
        response = client.get(f"/es/rsvp/{token}/")
        assert_clear_page(response, 400)
        assert "Ana Alpha" not in response.content.decode()


def test_manage_link_expired(client, two_rsvps):

    ana, _bo = two_rsvps
    token = signed_long_ago({"rsvp": ana.pk}, MANAGE_SALT, MANAGE_LINK_MAX_AGE + 60)
    assert_clear_page(client.get(f"/es/rsvp/{token}/"), 410)
    response = client.post(f"/es/rsvp/{token}/cancel/")
    assert_clear_page(response, 410)
    ana.refresh_from_db()
    assert not ana.is_cancelled


def test_manage_link_for_a_deleted_rsvp(client, two_rsvps):
    ana, _bo = two_rsvps
    token = ana.manage_token()
    RSVP.objects.filter(pk=ana.pk).delete()
    assert_clear_page(client.get(f"/es/rsvp/{token}/"), 404)


def test_cancel_link_reused_changes_nothing_more(client, two_rsvps):
    ana, bo = two_rsvps
    token = ana.manage_token()
    client.post(f"/es/rsvp/{token}/cancel/")
    again = client.post(f"/es/rsvp/{token}/cancel/", follow=True)
    assert again.status_code == 200
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert ana.is_cancelled and not bo.is_cancelled


# Summary acknowledgement and unsubscribe -----------------------------------


@pytest.fixture
def deliveries(home):
    summary = make_summary(past_forum(make_index(home), 3))
    make_members(2)
    sending.create_distribution(summary, enqueue=False)
    return list(Delivery.objects.order_by("pk"))


def test_ack_link_valid_tampered_wrong_purpose_and_reused(client, deliveries):
    first, second = deliveries[:2]
    token = tokens.ack_token(first.pk)
    for bad in [
        tamper(token),
        RSVP(pk=first.pk).manage_token(),
        summaries.unsubscribe_token(RSVP(pk=first.pk)),
        *JUNK,
    ]:
        response = client.post(f"/es/forum-summary/acknowledge/{bad}/")
        assert_clear_page(response, 400)
    assert not Delivery.objects.filter(acknowledged_at__isnull=False).exists()

    assert client.post(f"/es/forum-summary/acknowledge/{token}/").status_code == 200
    first.refresh_from_db()
    acknowledged = first.acknowledged_at
    assert acknowledged is not None
    # Reused: a clear page, and the first time stays the recorded one.
    assert client.post(f"/es/forum-summary/acknowledge/{token}/").status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.acknowledged_at == acknowledged
    assert second.acknowledged_at is None


def test_summary_unsubscribe_link(client, two_rsvps):
    ana, bo = two_rsvps
    token = summaries.unsubscribe_token(ana)
    for bad in [tamper(token), ana.manage_token(), *JUNK]:
        response = client.post(f"/es/forum-summary/unsubscribe/{bad}/")
        assert_clear_page(response, 400)
    assert RSVP.objects.filter(summary_emails=False).count() == 0

    for _twice in range(2):
        response = client.post(f"/es/forum-summary/unsubscribe/{token}/")
        assert response.status_code == 200
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert not ana.summary_emails and bo.summary_emails


# Pledge follow: confirm and unsubscribe ------------------------------------


@pytest.fixture
def followers(home):
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    return (
        PledgeFollower.objects.create(pledge=pledge, email="one@example.org"),
        PledgeFollower.objects.create(pledge=pledge, email="two@example.org"),
    )


def confirm_url(token):
    return f"/es/pledge-follow/confirm/{token}/"


def unsubscribe_url(token):
    return f"/es/pledge-follow/unsubscribe/{token}/"


def test_follow_confirm_link(client, followers):
    one, two = followers
    token = pledge_services.make_token(one, pledge_services.CONFIRM_SALT)
    wrong_purpose = pledge_services.make_token(one, pledge_services.UNSUBSCRIBE_SALT)
    expired = signed_long_ago(
        {"id": one.pk, "email": one.email},
        pledge_services.CONFIRM_SALT,
        pledge_services.CONFIRM_MAX_AGE + 60,
    )
    for bad in [tamper(token), wrong_purpose, expired, *JUNK]:
        assert_clear_page(client.post(confirm_url(bad)), 400)
    assert not PledgeFollower.objects.filter(confirmed_at__isnull=False).exists()

    assert client.get(confirm_url(token)).status_code == 200
    assert client.post(confirm_url(token)).status_code == 200
    one.refresh_from_db()
    confirmed_at = one.confirmed_at
    assert confirmed_at is not None
    # Reused: still a clear page; nothing changes, the other follower untouched.
    assert client.post(confirm_url(token)).status_code == 200
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.confirmed_at == confirmed_at and two.confirmed_at is None


def test_follow_unsubscribe_link(client, followers):
    one, two = followers
    token = pledge_services.make_token(one, pledge_services.UNSUBSCRIBE_SALT)
    wrong_purpose = pledge_services.make_token(one, pledge_services.CONFIRM_SALT)
    for bad in [tamper(token), wrong_purpose, *JUNK]:
        assert_clear_page(client.post(unsubscribe_url(bad)), 400)
    assert PledgeFollower.objects.count() == 2

    page = client.get(unsubscribe_url(token))
    assert "one@example.org" in page.content.decode()
    assert "two@example.org" not in page.content.decode()
    for _twice in range(2):
        response = client.post(unsubscribe_url(token))
        assert response.status_code == 200
    assert list(PledgeFollower.objects.values_list("email", flat=True)) == [
        "two@example.org"
    ]


def test_follow_token_is_bound_to_the_address(client, followers):
    """A follower row whose address changed no longer answers to the old link."""
    one, _two = followers
    token = pledge_services.make_token(one, pledge_services.CONFIRM_SALT)
    PledgeFollower.objects.filter(pk=one.pk).update(email="changed@example.org")
    assert_clear_page(client.post(confirm_url(token)), 400)


# Survey invitation codes ---------------------------------------------------
# Random one-time codes (not signed): bound to one survey, used once, may expire.


@pytest.fixture
def two_surveys(home):
    index = make_survey_index(home)
    return (
        make_survey(index, title="Survey A", slug="survey-a"),
        make_survey(index, title="Survey B", slug="survey-b"),
    )


def test_survey_codes(two_surveys):
    first, second = two_surveys
    code, other, expired = survey_services.issue_printed_codes(first, 3)
    expired.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    expired.save()

    found, error = survey_services.find_code(first, code.display_code)
    assert found == code and error is None
    # Another survey's code, a changed code, junk: refused with a reason.
    assert survey_services.find_code(second, code.code)[0] is None
    changed = code.code[:-1] + ("A" if code.code[-1] != "A" else "B")
    assert survey_services.find_code(first, changed)[0] is None
    for junk in JUNK:
        assert survey_services.find_code(first, junk)[0] is None
    assert survey_services.find_code(first, expired.code)[0] is None

    code.used = True
    code.save()
    found, error = survey_services.find_code(first, code.code)
    assert found is None and error
    assert survey_services.find_code(first, other.code)[0] == other
