"""``check --deploy`` refuses an email provider whose webhooks have no secret,
or lack the provider's own signing key."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

POSTMARK = "anymail.backends.postmark.EmailBackend"


def deploy_check():
    call_command("check", "--deploy", verbosity=0)


def test_a_provider_without_a_webhook_secret_fails_the_deploy_check(settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token"}
    with pytest.raises(SystemCheckError) as raised:
        deploy_check()
    assert "engage.E001" in str(raised.value)
    assert "ANYMAIL_WEBHOOK_SECRET" in str(raised.value)


@pytest.mark.parametrize(
    "anymail",
    [
        {"POSTMARK_SERVER_TOKEN": "token", "WEBHOOK_SECRET": "user:long-password"},
        {"WEBHOOK_SECRET": ["user:old-password", "user:new-password"]},
    ],
)
def test_a_provider_with_a_webhook_secret_passes(settings, anymail):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = anymail
    deploy_check()


@pytest.mark.parametrize(
    "backend",
    [
        "anymail.backends.console.EmailBackend",  # production's default
        "anymail.backends.test.EmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    ],
)
def test_no_provider_needs_no_webhook_secret(settings, backend):
    settings.EMAIL_BACKEND = backend
    settings.ANYMAIL = {}
    deploy_check()


def test_the_check_only_runs_with_deploy(settings):
    settings.EMAIL_BACKEND = POSTMARK
    settings.ANYMAIL = {}
    call_command("check", "--tag", "security", verbosity=0)


MANDRILL = "anymail.backends.mandrill.EmailBackend"
SECRET = "user:long-password"


@pytest.mark.parametrize(
    "backend, anymail",
    [
        (MANDRILL, {"MANDRILL_API_KEY": "key", "WEBHOOK_SECRET": SECRET}),
        ("anymail.backends.mailgun.EmailBackend", {"WEBHOOK_SECRET": SECRET}),
    ],
)
def test_a_provider_without_its_signing_key_fails_the_deploy_check(
    settings, backend, anymail
):
    """Mandrill's webhook is built without its key and only fails on the first
    post: every delivery event would be lost while the deploy check passed."""
    settings.EMAIL_BACKEND = backend
    settings.ANYMAIL = anymail
    with pytest.raises(SystemCheckError) as raised:
        deploy_check()
    assert "engage.E002" in str(raised.value)
    assert "engage.E001" not in str(raised.value)


@pytest.mark.parametrize(
    "backend, anymail",
    [
        (MANDRILL, {"MANDRILL_WEBHOOK_KEY": "key", "WEBHOOK_SECRET": SECRET}),
        (
            "anymail.backends.mailgun.EmailBackend",
            {"MAILGUN_WEBHOOK_SIGNING_KEY": "key", "WEBHOOK_SECRET": SECRET},
        ),
    ],
)
def test_a_provider_with_its_signing_key_passes(settings, backend, anymail):
    settings.EMAIL_BACKEND = backend
    settings.ANYMAIL = anymail
    deploy_check()
