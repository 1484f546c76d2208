"""System checks of the deployment, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .webhooks import webhook_secret_configured

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
