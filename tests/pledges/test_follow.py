import base64
import datetime
import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledges.models import Frequency, PledgeFollower, Status
from pledges.services.following import (
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    address_tag,
    make_token,
    send_weekly_digests,
)

pytestmark = pytest.mark.django_db


def follow(client, pledge, **data):
    form = {"email": "resident@example.org", "frequency": "each", "language": "es"}
    form.update(data)
    return client.post(reverse("pledges:follow", args=[pledge.pk]), form)


def link_in(message, kind):
    """A signed link in an email: always on the public address, whatever the
    host of the request that sent it."""
    site = re.escape(settings.SITE_URL)
    return re.search(rf"{site}/\S+/pledge-follow/{kind}/\S+/", message.body).group(0)


def confirmed(pledge, email="fan@example.org", **kwargs):
    return PledgeFollower.objects.create(
        pledge=pledge, email=email, confirmed_at=timezone.now(), **kwargs
    )


def test_double_opt_in(client, pledge):
    response = follow(client, pledge, email="Resident@Example.org ")
    assert response.status_code == 200
    follower = PledgeFollower.objects.get()
    assert (follower.email, follower.language, follower.confirmed_at) == (
        "resident@example.org",
        "es",
        None,
    )
    (message,) = mail.outbox
    assert message.to == ["resident@example.org"]
    confirm_url = link_in(message, "confirm")
    assert confirm_url.startswith(f"{settings.SITE_URL}/es/pledge-follow/confirm/")
    path = confirm_url.removeprefix(settings.SITE_URL)
    # Opening the link only shows a button; mail scanners do not confirm.
    page = client.get(path)
    assert page.status_code == 200
    follower.refresh_from_db()
    assert follower.confirmed_at is None
    client.post(path)
    follower.refresh_from_db()
    assert follower.confirmed_at is not None


def test_unconfirmed_followers_get_no_updates(pledge, update):
    PledgeFollower.objects.create(pledge=pledge, email="maybe@example.org")
    update()
    assert mail.outbox == []


def test_one_email_per_update_in_the_followers_language(pledge, update):
    confirmed(pledge, email="es@example.org", language="es")
    confirmed(pledge, email="weekly@example.org", frequency=Frequency.WEEKLY)
    update(Status.IN_PROGRESS, 30)
    (message,) = mail.outbox
    assert message.to == ["es@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/es/pledge-follow/unsubscribe/")
    assert "Work is under way." in message.body
    assert re.search(rf"{re.escape(settings.SITE_URL)}/es/\S+#update-\d+", message.body)
    html = message.alternatives[0][0]
    assert 'lang="es"' in html


def test_the_email_shows_old_and_new_status(pledge, update):
    update(Status.IN_PROGRESS, 30, days_ago=3)
    confirmed(pledge, language="en")
    update(Status.PARTIALLY_MET, 60)
    (message,) = mail.outbox
    assert "In progress → Partially met" in message.body
    assert "30% → 60%" in message.body


def test_one_click_unsubscribe_without_csrf_token(pledge):
    follower = confirmed(pledge)
    token = make_token(follower, UNSUBSCRIBE_SALT)
    csrf_client = Client(enforce_csrf_checks=True)
    url = reverse("pledges:unsubscribe", args=[token])
    response = csrf_client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not PledgeFollower.objects.exists()
    # Clicking again is harmless.
    assert csrf_client.post(url).status_code == 200


def test_unsubscribe_link_in_a_browser_asks_first(client, pledge):
    follower = confirmed(pledge)
    url = reverse("pledges:unsubscribe", args=[make_token(follower, UNSUBSCRIBE_SALT)])
    response = client.get(url)
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert PledgeFollower.objects.exists()


@pytest.mark.parametrize(
    "token", ["junk", "a" * 500, "eyJpZCI6MX0:1tX:forged", "%00", "\x00"]
)
def test_forged_links_are_refused(client, pledge, token):
    follower = confirmed(pledge)
    for name in ("pledges:unsubscribe", "pledges:confirm_follow"):
        url = reverse(name, args=["placeholder"]).replace("placeholder", token)
        assert client.get(url).status_code == 400
        assert client.post(url).status_code == 400
    assert PledgeFollower.objects.filter(pk=follower.pk).exists()


def test_an_unsubscribe_token_cannot_confirm(client, pledge):
    follower = PledgeFollower.objects.create(pledge=pledge, email="x@example.org")
    token = make_token(follower, UNSUBSCRIBE_SALT)
    client.post(reverse("pledges:confirm_follow", args=[token]))
    follower.refresh_from_db()
    assert follower.confirmed_at is None


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an email"},
        {"email": "nul\x00@example.org"},
        {"email": "x" * 5000 + "@example.org"},
        {"frequency": "hourly"},
        {"language": "xx"},
        {"language": "\x00"},
        {"email": ""},
    ],
)
def test_bad_follow_requests_store_nothing(client, pledge, data):
    response = follow(client, pledge, **data)
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not PledgeFollower.objects.exists()
    assert mail.outbox == []


def test_follow_with_missing_fields(client, pledge):
    response = client.post(reverse("pledges:follow", args=[pledge.pk]), {})
    assert response.status_code == 400


def test_following_again_does_not_reset_a_confirmed_follow(client, pledge):
    follower = confirmed(pledge, email="resident@example.org", language="en")
    follow(client, pledge, frequency="weekly", language="ko")
    follower.refresh_from_db()
    assert (follower.frequency, follower.language) == ("each", "en")
    assert mail.outbox == []


def test_weekly_digest(pledge, update):
    follower = confirmed(pledge, frequency=Frequency.WEEKLY, language="en")
    follower.last_digest_at = timezone.now() - datetime.timedelta(days=7)
    follower.save()
    update(Status.IN_PROGRESS, 30)
    update(Status.PARTIALLY_MET, 60)
    assert mail.outbox == []
    assert send_weekly_digests() == 1
    (message,) = mail.outbox
    assert "2 new updates" in message.subject
    assert f"{settings.SITE_URL}{pledge.url}" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    # Nothing new and too soon: no second digest.
    assert send_weekly_digests() == 0
    later = timezone.now() + datetime.timedelta(days=7)
    assert send_weekly_digests(now=later) == 0
    assert len(mail.outbox) == 1


# Opaque links ---------------------------------------------------------------------


def decoded_parts(token):
    """Every piece of a signed token, read as the base64 it may be."""
    parts = []
    for piece in re.split(r"[:.]", token):
        padded = piece + "=" * (-len(piece) % 4)
        try:
            parts.append(base64.urlsafe_b64decode(padded).decode("latin-1"))
        except ValueError:
            continue
    return parts


def test_follow_links_do_not_carry_the_address(client, pledge):
    follow(client, pledge, email="hidden.person@example.org")
    follower = PledgeFollower.objects.get()
    confirm_url = link_in(mail.outbox[0], "confirm")
    tokens = [
        confirm_url.rstrip("/").rsplit("/", 1)[1],
        make_token(follower, UNSUBSCRIBE_SALT),
        make_token(follower, CONFIRM_SALT),
    ]
    for token in tokens:
        readable = [token, *decoded_parts(token)]
        assert not any("hidden" in text or "example.org" in text for text in readable)


def test_links_sent_before_tokens_were_opaque_still_work(client, pledge):
    follower = PledgeFollower.objects.create(pledge=pledge, email="old@example.org")
    old = {"id": follower.pk, "email": follower.email}
    confirm = signing.dumps(old, salt=CONFIRM_SALT)
    client.post(reverse("pledges:confirm_follow", args=[confirm]))
    follower.refresh_from_db()
    assert follower.confirmed_at is not None
    unsubscribe = signing.dumps(old, salt=UNSUBSCRIBE_SALT)
    response = client.post(reverse("pledges:unsubscribe", args=[unsubscribe]))
    assert response.status_code == 200
    assert not PledgeFollower.objects.exists()


def test_a_token_for_another_id_is_refused(client, pledge):
    """The tag binds a token to its follower's address: a signed id alone (or
    someone else's tag) names nobody."""
    one = confirmed(pledge, email="one@example.org")
    two = confirmed(pledge, email="two@example.org")
    swapped = signing.dumps(
        {"id": two.pk, "tag": address_tag(one.email, UNSUBSCRIBE_SALT)},
        salt=UNSUBSCRIBE_SALT,
    )
    bare = signing.dumps(two.pk, salt=UNSUBSCRIBE_SALT)
    assert (
        client.post(reverse("pledges:unsubscribe", args=[swapped])).status_code == 200
    )
    assert client.post(reverse("pledges:unsubscribe", args=[bare])).status_code == 400
    assert PledgeFollower.objects.count() == 2
