"""anymail's webhook views, made safe to leave on the web.

- With no webhook secret (``ANYMAIL["WEBHOOK_SECRET"]``, basic auth) anymail
  only warns and accepts anyone's events; here every event is refused (400,
  the answer anymail gives to a wrong secret) and the refusal is logged.
  ``check --deploy`` fails on such a set-up (``engage.checks``).
- A provider whose own settings are missing (a Mailgun signing key, say) makes
  anymail's view raise ``ImproperlyConfigured``: that is a 404, not a 500 (nor
  a redirect to a language-prefixed path). So is Mandrill's without its
  signing key, which anymail would only notice on the first post.
- anymail checks the secret first, then parses the body; a body that is not
  UTF-8 or not JSON, or JSON of an unexpected shape (``null``, a list where it
  wants a string), raises inside anymail and would be a 500 that the provider
  retries for days. It is a 400; the error is still logged, with its traceback.
"""

import functools
import logging

from anymail import urls as anymail_urls
from anymail.utils import get_anymail_setting
from anymail.webhooks.mandrill import MandrillSignatureMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import URLPattern

logger = logging.getLogger("engage.webhooks")

MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError)
REFUSED = "Webhook refused: no webhook secret is configured."
NOT_CONFIGURED = "This email provider is not configured."


def webhook_secret_configured():
    """Is there a secret anymail will ask every webhook post to present?"""
    return bool(get_anymail_setting("webhook_secret", default=None))


def provider_configured(view):
    """Can anymail build this provider's view from the settings, and check a
    post with them?

    A stand-in secret keeps anymail from warning about a missing one: that case
    is refused (and logged) by ``guarded`` itself. Mandrill's view is built
    without its signing key and only fails when a post arrives, so its key is
    looked for here.
    """
    try:
        built = view.view_class(**{"webhook_secret": "probe", **view.view_initkwargs})
    except ImproperlyConfigured:
        return False
    return not (isinstance(built, MandrillSignatureMixin) and not built.webhook_key)


def tracking_webhook(backend):
    """anymail's tracking webhook view for an email backend's provider, if it
    has one: ``anymail.backends.mandrill.EmailBackend`` gives Mandrill's."""
    name = f"{backend.split('.')[-2]}_tracking_webhook"
    return next((p.callback for p in anymail_urls.urlpatterns if p.name == name), None)


def not_found(request):
    """A plain 404 that stays one.

    LocaleMiddleware answers a 404 outside the language prefixes with a redirect
    to ``/<language>/…`` whenever that path resolves, and Wagtail's catch-all
    resolves every path. With this module (which has no language prefixes) as
    the request's URLconf from here on, it leaves the 404 alone.
    """
    request.urlconf = __name__
    return HttpResponseNotFound(NOT_CONFIGURED)


def guarded(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not provider_configured(view):
            return not_found(request)
        if request.method == "POST" and not webhook_secret_configured():
            logger.warning("Refused a webhook post on %s: no secret", request.path)
            return HttpResponseBadRequest(REFUSED)
        try:
            return view(request, *args, **kwargs)
        except ImproperlyConfigured:
            logger.exception("Email provider not configured on %s", request.path)
            return not_found(request)
        except MALFORMED:
            logger.exception("Malformed webhook body on %s", request.path)
            return HttpResponseBadRequest("Malformed webhook body.")

    return wrapped


urlpatterns = [
    URLPattern(p.pattern, guarded(p.callback), p.default_args, p.name)
    for p in anymail_urls.urlpatterns
]
app_name = anymail_urls.app_name
