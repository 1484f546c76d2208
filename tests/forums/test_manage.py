import time
from unittest import mock

from django.conf import settings
from django.core import mail, signing
from django.urls import reverse

from forums import services
from forums.forms import ManageRSVPForm
from forums.models import RSVP, ForumStatus, RSVPStatus
from forums.models.rsvps import MANAGE_SALT
from tests.factories.forums import RSVPFactory, make_series


def manage_path(token, language="en"):
    from django.utils import translation

    with translation.override(language):
        return reverse("forums:rsvp_manage", args=[token])


def test_valid_link_shows_rsvp_and_changes_it(client, forum):
    rsvp = RSVPFactory(forum=forum, party_size=1)
    path = manage_path(rsvp.manage_token())
    response = client.get(path)
    assert response.status_code == 200
    assert rsvp.name in response.content.decode()
    response = client.post(
        path,
        {
            "name": "New Name",
            "phone": "555-0100",
            "language": "vi",
            "party_size": "3",
            "interpretation_language": "vi",
            "childcare_children": "2",
            "access_needs": "Ramp",
            "other_needs": "",
        },
    )
    assert response.status_code == 302
    rsvp.refresh_from_db()
    assert (rsvp.name, rsvp.party_size, rsvp.language) == ("New Name", 3, "vi")
    assert (rsvp.interpretation_language, rsvp.childcare_children) == ("vi", 2)
    assert 'lang="vi"' in mail.outbox[-1].alternatives[0][0]


def test_one_click_cancel_frees_the_seat(client, forum):
    rsvp = RSVPFactory(forum=forum, party_size=10)
    waiting = RSVPFactory(forum=forum, status="waitlisted", party_size=2)
    token = rsvp.manage_token()
    response = client.post(reverse("forums:rsvp_cancel", args=[token]))
    assert response.status_code == 302
    assert RSVP.objects.get(pk=rsvp.pk).is_cancelled
    assert RSVP.objects.get(pk=waiting.pk).is_confirmed
    page = client.get(manage_path(token)).content.decode()
    assert "Cancelled" in page and "Sign up again" in page
    # A half-filled form is refused clearly, and the RSVP stays cancelled.
    response = client.post(manage_path(token), {"party_size": "1"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert RSVP.objects.get(pk=rsvp.pk).is_cancelled


def test_cancel_needs_post(client, forum):
    token = RSVPFactory(forum=forum).manage_token()
    response = client.get(reverse("forums:rsvp_cancel", args=[token]))
    assert response.status_code == 405


def test_tampered_link(client, forum):
    token = RSVPFactory(forum=forum).manage_token()
    response = client.get(manage_path(token[:-2] + "xx"))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    for junk in ["x", "%00", "a" * 500, "..", "e30"]:
        assert client.get(manage_path(junk)).status_code == 400


def test_token_for_another_purpose_is_refused(client, forum):
    rsvp = RSVPFactory(forum=forum)
    token = signing.dumps({"rsvp": rsvp.pk}, salt="forums.other", compress=True)
    assert client.get(manage_path(token)).status_code == 400
    token = signing.dumps({"rsvp": "1"}, salt=MANAGE_SALT)
    assert client.get(manage_path(token)).status_code == 400


def test_expired_link(client, forum):
    rsvp = RSVPFactory(forum=forum)
    long_ago = time.time() - 500 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = rsvp.manage_token()
    response = client.get(manage_path(token))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    response = client.post(reverse("forums:rsvp_cancel", args=[token]))
    assert response.status_code == 410
    assert not RSVP.objects.get(pk=rsvp.pk).is_cancelled


def test_link_to_deleted_rsvp(client, forum):
    rsvp = RSVPFactory(forum=forum)
    token = rsvp.manage_token()
    rsvp.delete()
    assert client.get(manage_path(token)).status_code == 404


def test_manage_form_junk(client, forum):
    rsvp = RSVPFactory(forum=forum, party_size=2)
    path = manage_path(rsvp.manage_token())
    for junk in [
        {"party_size": "1e9", "name": "A", "language": "en"},
        {"party_size": "\x00", "name": "A", "language": "en"},
        {"party_size": "2", "name": "\x00", "language": "en"},
        {"party_size": "2", "name": "A", "language": "en", "childcare_children": "x"},
        {},
    ]:
        response = client.post(path, junk)
        assert response.status_code == 200
    rsvp.refresh_from_db()
    assert rsvp.party_size == 2


def test_manage_refuses_growth_past_capacity(client, forum):
    RSVPFactory(forum=forum, party_size=9)
    rsvp = RSVPFactory(forum=forum, party_size=1)
    response = client.post(
        manage_path(rsvp.manage_token()),
        {"name": "A", "language": "en", "party_size": "3", "childcare_children": "0"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only 1 seat is available for your party." in page
    assert "1 seats" not in page
    assert RSVP.objects.get(pk=rsvp.pk).party_size == 1


def test_manage_names_seats_in_the_plural_past_one(client, forum):
    RSVPFactory(forum=forum, party_size=8)
    rsvp = RSVPFactory(forum=forum, party_size=1)
    response = client.post(
        manage_path(rsvp.manage_token()),
        {"name": "A", "language": "en", "party_size": "3", "childcare_children": "0"},
    )
    assert "Only 2 seats are available for your party." in response.content.decode()


def test_party_size_help_is_singular_for_a_party_of_one(forum, forum_index):
    forum.series = make_series(forum_index, max_party_size=1)
    rsvp = RSVPFactory(forum=forum, party_size=1)
    form = ManageRSVPForm.for_rsvp(rsvp)
    assert str(form.fields["party_size"].help_text) == "Up to 1 person."


def test_link_in_email_works(client, forum):
    services.submit_rsvp(
        forum,
        {
            "email": "x@example.org",
            "name": "X",
            "phone": "",
            "language": "ko",
            "party_size": 1,
            "interpretation_language": "",
            "asl": False,
            "childcare_children": 0,
            "access_needs": "",
            "other_needs": "",
        },
    )
    rsvp = RSVP.objects.get(email="x@example.org")
    body = mail.outbox[-1].body
    url = next(line for line in body.splitlines() if "/rsvp/" in line).strip()
    assert url.startswith(f"{settings.SITE_URL}/ko/rsvp/")
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    assert rsvp.name in response.content.decode()


def test_a_pending_request_on_a_closed_forum_says_no_seat_and_can_be_deleted(
    client, forum
):
    """Once a forum stops taking RSVPs, an unconfirmed request cannot be
    confirmed: the page must not ask for it, and whoever the address belongs to
    can still erase what a stranger typed in their name."""
    rsvp = RSVPFactory(forum=forum, status=RSVPStatus.PENDING)
    forum.status = ForumStatus.CANCELLED
    forum.save(update_fields=["status"])
    page = client.get(manage_path(rsvp.manage_token())).content.decode()
    assert "Never confirmed. This forum is not taking RSVPs any more" in page
    assert "confirm below" not in page
    assert "Confirm my RSVP" not in page
    assert "not taking changes any more" not in page
    assert "Delete this request" in page
    response = client.post(reverse("forums:rsvp_cancel", args=[rsvp.manage_token()]))
    assert response.status_code == 302
    assert response["Location"] == forum.url
    assert not RSVP.objects.filter(pk=rsvp.pk).exists()


def test_a_pending_request_on_an_open_forum_asks_to_confirm_below(client, forum):
    rsvp = RSVPFactory(forum=forum, status=RSVPStatus.PENDING)
    page = client.get(manage_path(rsvp.manage_token())).content.decode()
    assert "No seat is held until you confirm below." in page
    assert "Confirm my RSVP" in page
    assert page.count("Delete this request") == 1
    assert "Cancel my RSVP" not in page


def test_the_manage_page_says_when_the_forum_is_postponed(client, forum):
    rsvp = RSVPFactory(forum=forum, party_size=1)
    path = manage_path(rsvp.manage_token(), "es")
    assert 'class="tag forum-status' not in client.get(path).content.decode()
    forum.status = ForumStatus.POSTPONED
    forum.save_revision().publish()
    page = client.get(path).content.decode()
    assert '<p class="tag forum-status forum-status--postponed">Aplazado</p>' in page
