"""anymail's webhook views, made to answer 400 rather than 500 to a malformed body.

anymail checks the shared secret first, then parses the body; a body that is not
UTF-8 or not JSON, or JSON of an unexpected shape (``null``, a list where it
wants a string), raises inside anymail and would be a 500 that the provider
retries for days. The error is still logged, with its traceback.
"""

import functools
import logging

from anymail import urls as anymail_urls
from django.http import HttpResponseBadRequest
from django.urls import URLPattern

logger = logging.getLogger("engage.webhooks")

MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def tolerant(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MALFORMED:
            logger.exception("Malformed webhook body on %s", request.path)
            return HttpResponseBadRequest("Malformed webhook body.")

    return wrapped


urlpatterns = [
    URLPattern(p.pattern, tolerant(p.callback), p.default_args, p.name)
    for p in anymail_urls.urlpatterns
]
app_name = anymail_urls.app_name
