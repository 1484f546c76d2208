"""Small helpers for test bodies (not fixtures, not data builders)."""

import importlib
import re
import sys
import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation


def markup_as_read(html):
    """``html`` with runs of whitespace collapsed and the whitespace between
    tags left out, as a browser reads it: for holding markup written in Python
    to the template it replaces."""
    html = re.sub(r"\s+", " ", str(html)).strip()
    return re.sub(r">\s+<", "><", html)


def url_in(page, language):
    """``page``'s URL in ``language``, which carries the language prefix."""
    with translation.override(language):
        url = page.url
    assert url.startswith(f"/{language}/")
    return url


def sign_in(client, user):
    """Sign in as allauth does after a password and a TOTP code."""
    if user is None:
        return client
    client.force_login(user)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()
    return client


def login_redirect(path):
    """Where the site sends someone who must sign in first to see ``path``."""
    return redirect_to_login(path, reverse("account_login"))["Location"]


def manage_links(text, language=None):
    """The RSVP ids that the "change or cancel" links in ``text`` open.

    A token carries the second it was signed, so tests compare what a link
    opens rather than its exact text.
    """
    from forums.models.rsvps import MANAGE_SALT

    prefix = rf"/{language}" if language else ""
    return [
        signing.loads(token, salt=MANAGE_SALT)["rsvp"]
        for token in re.findall(rf"{prefix}/rsvp/([^/\s\"<]+)/", text)
    ]


def emailed_rsvp_link(message):
    """The path of the RSVP link in an email (confirm, or change or cancel)."""
    link = r"https?://[^/\s]+(/[a-z-]+/rsvp/[^/\s\"<]+/)"
    (path,) = set(re.findall(link, message.body))
    return path


def rsvp_by_form(client, forum, data, follow=False):
    """A resident's whole sign-up: the form on the forum page, then the link in
    the email it sends, confirmed with the details as typed. Returns the
    response to the confirmation (a redirect to the RSVP's own page)."""
    from django.core import mail

    sent = len(mail.outbox)
    client.post(forum.url, data)
    assert len(mail.outbox) == sent + 1, "the form sends exactly one email"
    link = emailed_rsvp_link(mail.outbox[-1])
    fields = {k: v for k, v in data.items() if k not in ("email", "website")}
    return client.post(link, fields, follow=follow)


def totp_code(secret):
    """The code an authenticator app shows now for ``secret``."""
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def fresh_production_settings():
    """The production settings imported anew, so they read the environment as
    it is now; the modules imported before are put back afterwards."""
    names = ("engage.settings.base", "engage.settings.production")
    saved = {name: sys.modules.pop(name, None) for name in names}
    try:
        return importlib.import_module("engage.settings.production")
    finally:
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module


def count_queries(client, url, response=False):
    """The queries of one render of ``url``, with the page cache off (a hit costs
    none, whatever the page does) and after two requests have filled what is kept
    per content version (the site, menu, settings, time zone): the first request
    of a test creates the site settings, which moves that version on."""
    with override_settings(ENGAGE_PAGE_CACHE_SECONDS=0):
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
    assert answer.status_code == 200
    return (len(queries), answer) if response else len(queries)
