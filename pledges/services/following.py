"""Following a pledge by email: the double opt-in, the signed links that confirm
and unsubscribe, an email per update and the weekly digest."""

import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from engage import recipient_limits
from engage.i18n import normalize_language
from engage.links import absolute_reverse, absolute_url
from engage.mail import send_email

from ..choices import Frequency, status_style
from ..models import CommitmentPage, PledgeFollower, PledgePage, ProgressUpdatePage

CONFIRM_SALT = "pledges.follow.confirm"
UNSUBSCRIBE_SALT = "pledges.follow.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def link_for(follower, name, salt):
    """The public address of a signed link, in the follower's language."""
    token = make_token(follower, salt)
    with translation.override(normalize_language(follower.language)):
        return absolute_reverse(name, kwargs={"token": token})


def address_tag(email, salt):
    """A keyed hash that binds a link to the follower's address without showing it."""
    return salted_hmac(f"{salt}.address", email, algorithm="sha256").hexdigest()[:16]


def make_token(follower, salt):
    """The follower's id and a tag of their address, signed: a link never
    reveals the address, and stops working if the row's address changes."""
    return signing.dumps(
        {"id": follower.pk, "tag": address_tag(follower.email, salt)}, salt=salt
    )


def follower_from_token(token, salt, max_age=None):
    """The follower a signed link names, or None when the follower is gone.

    Raises ``signing.BadSignature`` when the link is forged or expired. Links
    sent before tokens became opaque held ``{"id", "email"}``; they keep working
    while both still match."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise signing.BadSignature("Not a follow token.")
    follower = (
        PledgeFollower.objects.select_related("pledge").filter(pk=data["id"]).first()
    )
    if follower is None:
        return None
    if "email" in data:
        return follower if data["email"] == follower.email else None
    if data.get("tag") == address_tag(follower.email, salt):
        return follower
    return None


def unsubscribe_headers(follower):
    url = link_for(follower, "pledges:unsubscribe", UNSUBSCRIBE_SALT)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }, url


@transaction.atomic
def request_follow(pledge, email, frequency, language):
    """Record an unconfirmed follow and send the confirmation link.

    Someone who already confirmed gets no new email, so the form cannot be used
    to change another person's choices; nor does an address that has had its
    hourly share of emails from the public forms (``engage.recipient_limits``).
    """
    follower, _created = PledgeFollower.objects.select_for_update().get_or_create(
        pledge=pledge,
        email=email,
        defaults={"frequency": frequency, "language": language},
    )
    if follower.confirmed_at or not recipient_limits.allow(follower.email):
        return follower
    follower.frequency = frequency
    follower.language = normalize_language(language)
    follower.created_at = timezone.now()  # asked again: the week to confirm restarts
    follower.save(update_fields=["frequency", "language", "created_at"])
    confirm_url = link_for(follower, "pledges:confirm_follow", CONFIRM_SALT)
    send_email(
        "pledges/email/follow_confirm",
        {"pledge": pledge, "follower": follower, "confirm_url": confirm_url},
        follower.email,
        language=follower.language,
    )
    return follower


def confirm_follow(follower):
    if not follower.confirmed_at:
        follower.confirmed_at = timezone.now()
        follower.last_digest_at = follower.confirmed_at
        follower.save(update_fields=["confirmed_at", "last_digest_at"])
    return follower


def unsubscribe(follower):
    """Forget the follower entirely: nothing about them is kept."""
    follower.delete()


def send_update_email(follower, update, commitment, pledge, previous=None):
    headers, unsubscribe_url = unsubscribe_headers(follower)
    with translation.override(normalize_language(follower.language)):
        commitment_url = absolute_url(commitment) + f"#update-{update.pk}"
    send_email(
        "pledges/email/update",
        {
            "pledge": pledge,
            "commitment": commitment,
            "update": update,
            "previous": previous,
            "now": commitment.status_style,
            "now_percentage": commitment.percentage,
            "commitment_url": commitment_url,
            "unsubscribe_url": unsubscribe_url,
        },
        follower.email,
        language=follower.language,
        headers=headers,
    )


def notify_followers(update):
    """One email per confirmed follower who wants every update, in their language.

    The email states where the commitment stands once the update is published,
    which is what its page shows, and the status and percentage the update
    replaced as frozen at its publication."""
    commitment = CommitmentPage.objects.with_progress().get(pk=update.commitment_id)
    pledge = PledgePage.objects.get(path=commitment.path[: -commitment.steplen])
    previous = None
    if update.previous_status:
        previous = {
            "status": status_style(update.previous_status),
            "percentage": update.previous_percentage,
        }
    followers = pledge.followers.confirmed().filter(frequency=Frequency.EACH_UPDATE)
    for follower in followers:
        send_update_email(follower, update, commitment, pledge, previous)
    return len(followers)


def send_weekly_digests(now=None):
    """Send each weekly follower the updates published since their last digest.

    Safe to run more often than weekly: nobody gets two digests within six days."""
    now = now or timezone.now()
    sent = 0
    followers = (
        PledgeFollower.objects.confirmed()
        .filter(frequency=Frequency.WEEKLY)
        .select_related("pledge")
    )
    for follower in followers:
        since = follower.last_digest_at or follower.confirmed_at
        if since > now - datetime.timedelta(days=6):
            continue
        updates = list(
            ProgressUpdatePage.objects.live()
            .descendant_of(follower.pledge)
            .filter(first_published_at__gt=since, first_published_at__lte=now)
            .select_related("commitment")
            .order_by("first_published_at")
        )
        if updates:
            headers, unsubscribe_url = unsubscribe_headers(follower)
            with translation.override(normalize_language(follower.language)):
                pledge_url = absolute_url(follower.pledge)
            send_email(
                "pledges/email/digest",
                {
                    "pledge": follower.pledge,
                    "updates": updates,
                    "pledge_url": pledge_url,
                    "unsubscribe_url": unsubscribe_url,
                },
                follower.email,
                language=follower.language,
                headers=headers,
            )
            sent += 1
        follower.last_digest_at = now
        follower.save(update_fields=["last_digest_at"])
    return sent
