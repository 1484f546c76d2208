"""System checks of the deployment, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .webhooks import provider_configured, tracking_webhook, webhook_secret_configured

# anymail backends that hand mail to no provider, so no webhook can follow.
LOCAL_ANYMAIL_BACKENDS = {
    "anymail.backends.console.EmailBackend",
    "anymail.backends.test.EmailBackend",
}


def sends_through_email_provider():
    backend = settings.EMAIL_BACKEND
    return backend.startswith("anymail.") and backend not in LOCAL_ANYMAIL_BACKENDS


@register(Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    """An email provider without a webhook secret: every tracking event is lost."""
    if not sends_through_email_provider() or webhook_secret_configured():
        return []
    return [
        Error(
            f"EMAIL_BACKEND is an email provider ({settings.EMAIL_BACKEND}) but no "
            "webhook secret is set, so its delivery tracking webhooks refuse "
            "every event.",
            hint="Set ANYMAIL_WEBHOOK_SECRET to a long random 'user:password' and "
            "give the same credentials in the provider's webhook URL.",
            id="engage.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_tracking_webhook(app_configs, **kwargs):
    """The provider's own webhook settings missing (a signing key): its tracking
    webhook answers 404 and no delivery is ever recorded."""
    if not sends_through_email_provider():
        return []
    view = tracking_webhook(settings.EMAIL_BACKEND)
    if view is None or provider_configured(view):
        return []
    return [
        Error(
            f"EMAIL_BACKEND is an email provider ({settings.EMAIL_BACKEND}) whose "
            "tracking webhook lacks its own settings, so it refuses every event.",
            hint="Set the provider's webhook signing key in ANYMAIL (for Mandrill, "
            "ANYMAIL_MANDRILL_WEBHOOK_KEY), as the README's email section lists.",
            id="engage.E002",
        )
    ]
