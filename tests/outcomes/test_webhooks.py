import base64
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from engage import webhooks
from outcomes import sending
from outcomes.models import Delivery, DeliveryStatus, DepartmentMember
from tests.factories.outcomes import COUNTING, make_members, make_summary, past_forum

SECRET = "anymail-user:s3cret-pass"


@pytest.fixture
def sent(settings, forum_index):
    settings.EMAIL_BACKEND = COUNTING
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    mail.outbox = []
    make_members(3)
    summary = make_summary(past_forum(forum_index, 2))
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    return list(created.deliveries.order_by("pk"))


def post_event(client, event, secret=SECRET):
    headers = {}
    if secret is not None:
        token = base64.b64encode(secret.encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return client.post(
        reverse("anymail:postmark_tracking_webhook"),
        data=json.dumps(event),
        content_type="application/json",
        **headers,
    )


def delivered(delivery):
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": delivery.esp_message_id,
        "Recipient": delivery.email,
        "Tag": "forum-summary",
        "DeliveredAt": "2026-11-23T16:33:54.9070259Z",
        "Details": "Test delivery webhook details",
        "Metadata": {"delivery_ref": delivery.reference},
    }


def bounced(delivery, kind="HardBounce"):
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1 if kind == "HardBounce" else 4096,
        "Name": "Hard bounce",
        "Tag": "forum-summary",
        "MessageID": delivery.esp_message_id,
        "Metadata": {},
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown "
        "user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account does not exist.",
        "Email": delivery.email,
        "From": "forums@example.org",
        "BouncedAt": "2026-11-23T16:40:00Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Community forum summary",
    }


def opened(delivery):
    return {
        "RecordType": "Open",
        "MessageStream": "outbound",
        "FirstOpen": True,
        "Client": {"Name": "Outlook", "Company": "Microsoft", "Family": "Outlook"},
        "OS": {"Name": "Windows", "Company": "Microsoft", "Family": "Windows"},
        "Platform": "Desktop",
        "UserAgent": "Mozilla/5.0",
        "ReadSeconds": 5,
        "Geo": {},
        "MessageID": delivery.esp_message_id,
        "Metadata": {},
        "ReceivedAt": "2026-11-23T17:00:00Z",
        "Tag": "forum-summary",
        "Recipient": delivery.email,
    }


def status(delivery):
    return Delivery.objects.get(pk=delivery.pk).status


def test_tracking_events_update_deliveries(client, sent):
    first, second, third = sent
    assert post_event(client, delivered(first)).status_code == 200
    assert status(first) == DeliveryStatus.DELIVERED
    assert post_event(client, opened(first)).status_code == 200
    assert status(first) == DeliveryStatus.OPENED
    # A late "delivered" never hides the open.
    post_event(client, delivered(first))
    assert status(first) == DeliveryStatus.OPENED

    post_event(client, bounced(second))
    second.refresh_from_db()
    assert second.status == DeliveryStatus.BOUNCED
    assert "unable to deliver" in second.last_error
    assert DepartmentMember.objects.get(pk=second.member_id).address_needs_attention

    post_event(client, bounced(third, kind="SoftBounce"))
    assert status(third) == DeliveryStatus.BOUNCED
    member = DepartmentMember.objects.get(pk=third.member_id)
    assert not member.address_needs_attention  # a soft bounce is not the address

    complaint = {**bounced(first, kind="SpamComplaint"), "RecordType": "SpamComplaint"}
    post_event(client, complaint)
    assert status(first) == DeliveryStatus.COMPLAINED


def test_event_found_by_metadata_when_the_id_is_unknown(client, sent):
    first = sent[0]
    Delivery.objects.filter(pk=first.pk).update(esp_message_id="")
    event = {**delivered(first), "MessageID": "not-stored-yet"}
    assert post_event(client, event).status_code == 200
    assert status(first) == DeliveryStatus.DELIVERED


def test_forged_webhooks_are_rejected_and_change_nothing(client, sent):
    first = sent[0]
    for secret in (None, "anymail-user:wrong", "someone:else"):
        response = post_event(client, bounced(first), secret=secret)
        assert response.status_code == 400
    assert status(first) == DeliveryStatus.SENT
    assert not DepartmentMember.objects.filter(address_needs_attention=True).exists()
    assert post_event(client, {"junk": "\x00"}).status_code == 200
    webhook = reverse("anymail:postmark_tracking_webhook")
    assert client.get(webhook).status_code == 405
    assert status(first) == DeliveryStatus.SENT


def test_without_a_secret_every_event_is_refused(client, sent, settings):
    """No secret configured: anymail alone would take anyone's events."""
    settings.ANYMAIL = {}
    first, second = sent[:2]
    for secret in (None, SECRET, "anyone:at-all"):
        assert post_event(client, bounced(first), secret=secret).status_code == 400
        assert post_event(client, delivered(second), secret=secret).status_code == 400
    assert status(first) == status(second) == DeliveryStatus.SENT
    assert not DepartmentMember.objects.filter(address_needs_attention=True).exists()


def test_copies_carry_a_random_reference_not_the_id(sent):
    references = [delivery.reference for delivery in sent]
    assert len(set(references)) == 3
    for delivery in sent:
        # 18 random bytes, URL-safe: nothing like the sequential id.
        assert re.fullmatch(r"[A-Za-z0-9_-]{24}", delivery.reference)
        assert not delivery.reference.isdigit()
    # Each copy (or each recipient of a batch) carries its delivery's reference.
    carried = {}
    for message in mail.outbox:
        per_recipient = getattr(message, "merge_metadata", None) or {
            message.to[0]: message.metadata
        }
        carried.update(per_recipient)
    assert carried == {d.email: {"delivery_ref": d.reference} for d in sent}


def test_a_guessed_reference_matches_nothing(client, sent):
    """With the secret, an event whose message id we never stored can only name a
    delivery by its reference: the id, or a reference guessed, finds nothing."""
    first = sent[0]
    Delivery.objects.filter(pk=first.pk).update(esp_message_id="")
    for metadata in (
        {"delivery_ref": str(first.pk)},
        {"delivery_id": str(first.pk)},
        {"delivery_ref": first.reference[:-1]},
        {"delivery_ref": first.reference.upper()},
        {"delivery_ref": ""},
        {"delivery_ref": None},
    ):
        event = {**delivered(first), "MessageID": "unknown", "Metadata": metadata}
        assert post_event(client, event).status_code == 200
    assert status(first) == DeliveryStatus.SENT
    event = {**delivered(first), "MessageID": "unknown"}
    assert post_event(client, event).status_code == 200
    assert status(first) == DeliveryStatus.DELIVERED


@pytest.mark.parametrize("configured", [True, False])
def test_a_provider_that_is_not_configured_is_not_found(
    db, client, settings, configured
):
    """Mailgun's webhook needs its signing key: without it, 404 rather than 500."""
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET} if configured else {}
    response = post_event_to(client, "anymail:mailgun_tracking_webhook", {})
    assert response.status_code == 404
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": "key"}
    response = post_event_to(client, "anymail:mailgun_tracking_webhook", {})
    assert response.status_code == 400  # configured: a bad post, not a missing page


def post_event_to(client, name, event, secret=SECRET):
    token = base64.b64encode(secret.encode()).decode()
    return client.post(
        reverse(name),
        data=json.dumps(event),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )


# What each provider needs beyond the shared secret before anymail can build its
# view (for Mandrill: before a post can be checked). Amazon SES also needs boto3,
# which is not installed: it is never configured here.
PROVIDER_KEYS = {
    "BREVO_API_KEY": "key",
    "MAILERSEND_INBOUND_SECRET": "key",
    "MAILERSEND_SIGNING_SECRET": "key",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "key",
    "MAILTRAP_API_TOKEN": "key",
    "MANDRILL_WEBHOOK_KEY": "key",
    "POSTAL_WEBHOOK_KEY": "key",
    "RESEND_API_KEY": "key",
    "SENDINBLUE_API_KEY": "key",
    "UNISENDER_GO_API_KEY": "key",
}
NEED_KEYS = [
    "amazon_ses_inbound_webhook",
    "amazon_ses_tracking_webhook",
    "brevo_inbound_webhook",
    "mailersend_inbound_webhook",
    "mailersend_tracking_webhook",
    "mailgun_inbound_webhook",
    "mailgun_tracking_webhook",
    "mailtrap_inbound_webhook",
    "mandrill_tracking_webhook",
    "mandrill_webhook",
    "postal_inbound_webhook",
    "postal_tracking_webhook",
    "resend_inbound_webhook",
    "sendinblue_inbound_webhook",
    "unisender_go_tracking_webhook",
]
CONFIGURABLE = [
    pattern.name
    for pattern in webhooks.urlpatterns
    if not pattern.name.startswith("amazon_ses_")
]
# With the right secret, an empty JSON object is an empty batch to some; others
# also want their own signature, or a body of another shape (400); an inbound
# URL given what looks like a tracking body is, to anymail, a provider set up
# wrongly, so it is "not configured" (404).
EMPTY_EVENT_ANSWER = {
    "brevo_inbound_webhook": 404,
    "mailersend_inbound_webhook": 400,
    "mailgun_inbound_webhook": 400,
    "mailjet_inbound_webhook": 200,
    "mailtrap_inbound_webhook": 200,
    "postal_inbound_webhook": 400,
    "postmark_inbound_webhook": 200,
    "sendgrid_inbound_webhook": 400,
    "sendinblue_inbound_webhook": 404,
    "sparkpost_inbound_webhook": 200,
    "brevo_tracking_webhook": 200,
    "mailersend_tracking_webhook": 400,
    "mailgun_tracking_webhook": 400,
    "mailjet_tracking_webhook": 400,
    "mailtrap_tracking_webhook": 200,
    "postal_tracking_webhook": 400,
    "postmark_tracking_webhook": 200,
    "resend_inbound_webhook": 404,
    "resend_tracking_webhook": 400,
    "sendgrid_tracking_webhook": 200,
    "sendinblue_tracking_webhook": 200,
    "sparkpost_tracking_webhook": 200,
    "unisender_go_tracking_webhook": 400,
    "mandrill_webhook": 400,
    "mandrill_tracking_webhook": 400,
}
WRONG = "anymail-user:wrong"


def post_empty_event(client, name, secret):
    """An empty JSON event to ``name``'s URL, with ``secret`` as basic auth."""
    args = ["_mime"] if name == "mailgun_inbound_webhook" else []
    headers = {}
    if secret is not None:
        token = base64.b64encode(secret.encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return client.post(
        reverse(f"anymail:{name}", args=args),
        data="{}",
        content_type="application/json",
        **headers,
    )


def test_every_provider_url_is_in_one_of_the_tables():
    names = {pattern.name for pattern in webhooks.urlpatterns}
    assert (
        set(EMPTY_EVENT_ANSWER)
        == set(CONFIGURABLE)
        == names
        - {
            "amazon_ses_inbound_webhook",
            "amazon_ses_tracking_webhook",
        }
    )
    assert set(NEED_KEYS) <= names


@pytest.mark.parametrize("name", NEED_KEYS)
@pytest.mark.parametrize("anymail", [{}, {"WEBHOOK_SECRET": SECRET}])
def test_a_provider_without_its_settings_answers_404(
    db, client, settings, name, anymail
):
    settings.ANYMAIL = anymail
    for secret in (None, WRONG, SECRET):
        response = post_empty_event(client, name, secret)
        assert response.status_code == 404
        assert response.content.decode() == webhooks.NOT_CONFIGURED


@pytest.mark.parametrize("name", CONFIGURABLE)
def test_a_configured_provider_without_a_secret_refuses_every_post(
    db, client, settings, name
):
    settings.ANYMAIL = PROVIDER_KEYS
    for secret in (None, WRONG, SECRET):
        response = post_empty_event(client, name, secret)
        assert response.status_code == 400
        assert response.content.decode() == webhooks.REFUSED


@pytest.mark.parametrize("name", CONFIGURABLE)
def test_a_configured_provider_refuses_a_post_without_the_secret(
    db, client, settings, name
):
    settings.ANYMAIL = {**PROVIDER_KEYS, "WEBHOOK_SECRET": SECRET}
    for secret in (None, WRONG):
        assert post_empty_event(client, name, secret).status_code == 400


@pytest.mark.parametrize("name", CONFIGURABLE)
def test_a_configured_provider_with_the_secret_answers_an_empty_event_exactly(
    db, client, settings, name
):
    settings.ANYMAIL = {**PROVIDER_KEYS, "WEBHOOK_SECRET": SECRET}
    response = post_empty_event(client, name, SECRET)
    assert response.status_code == EMPTY_EVENT_ANSWER[name]
