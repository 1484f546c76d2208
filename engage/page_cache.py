"""Whole-page cache for anonymous readers of public pages.

A response is stored only when its view opted in (every Engage page's ``serve``
and the public feeds, through :func:`cacheable`), and only for a GET from a
visitor who carries no state: no cookies but the CSRF and language ones, so no
session (signed in, messages, passed a password), no "already answered" cookie.
The key holds the content version (``engage.cache``), the host, scheme,
language, path and query string; any change to what a public page shows bumps
the version (see :func:`connect`), so stale entries are never read again.

Forms: Django masks the CSRF secret afresh for every response and keeps the
secret in the visitor's cookie, so a stored page must not carry anyone's token.
The ``{% csrf_token %}`` inputs are stored as a placeholder and filled in with
the current visitor's own token on every hit (which also sets their CSRF cookie
when they have none). A response that used the token in any other way is not
stored, nor one that used the per-request Content-Security-Policy nonce.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import translation

from . import health
from .cache import bump_content_version, versioned_key

HEADER = "X-Engage-Cache"
PLACEHOLDER = b"engage-page-cache-csrf-token-placeholder"
CSRF_INPUT = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")'
)
TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
MAX_QUERY_STRING = 300


def seconds():
    """How long an entry lives; 0 turns the cache off. Short, because some
    pages change with the clock (a forum starts, RSVPs close)."""
    return settings.ENGAGE_PAGE_CACHE_SECONDS


def cacheable(view):
    """Let the page cache store this view's public responses."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return mark(view(*args, **kwargs))

    return wrapper


def mark(response):
    response.engage_page_cache = True
    return response


def _stateless_get(request):
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return (
        request.method == "GET"
        and set(request.COOKIES) <= harmless
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def _key(request):
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return versioned_key("page", translation.get_language(), digest)


def _without_csrf_tokens(request, content):
    """The content with the visitor's CSRF tokens replaced by the placeholder,
    or None when a token is left somewhere the placeholder cannot reach."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content
    content, replaced = CSRF_INPUT.subn(rb"\1" + PLACEHOLDER + rb"\2", content)
    secret = request.META.get("CSRF_COOKIE", "")
    if not replaced or any(
        _unmask_cipher_token(match.group().decode()) == secret
        for match in TOKEN_LIKE.finditer(content)
    ):
        return None
    return content


def _entry(request, response):
    """What to store for this response, or None when it must not be stored."""
    storage = getattr(request, "_messages", None)
    if (
        not getattr(response, "engage_page_cache", False)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or (storage is not None and storage._queued_messages)
        # A per-request CSP nonce (inline <style>) must not be served twice.
        or isinstance(getattr(request, "_csp_nonce", None), str)
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return None
    content = _without_csrf_tokens(request, response.content)
    if content is None:
        return None
    headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
    return {"content": content, "headers": headers}


def _response(request, entry):
    content = entry["content"]
    if PLACEHOLDER in content:
        content = content.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, headers=dict(entry["headers"]))
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Last in MIDDLEWARE, so the language is chosen and the CSRF middleware
    sets the cookie for the token a cached page is given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lifetime = seconds()
        # The probes answer for themselves, even with the cache down.
        probe = request.path_info in (health.PATH, health.READY_PATH)
        if not lifetime or probe or not _stateless_get(request):
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            return _response(request, entry)
        response = self.get_response(request)
        entry = _entry(request, response)
        if entry is not None:
            cache.set(key, entry, lifetime)
            response[HEADER] = "miss"
        return response


# Invalidation -------------------------------------------------------------------


def bump_now_and_on_commit(*args, **kwargs):
    """Bump at once (so nothing cached from now on is read) and again after the
    transaction commits (so a page rendered from the old rows in between is not
    read either)."""
    bump_content_version()
    transaction.on_commit(bump_content_version)


# Models whose rows show on public pages outside a page publish: seats left and
# waitlists, venues and series, action items, survey counts and approved quotes,
# pledge offices and followers, areas, images and documents. Deliberately absent:
# rows written while a public page renders (image renditions), which would empty
# the cache on every miss.
SHOWN_ON_PAGES = [
    "engage.Area",
    "forums.RSVP",
    "forums.WalkIn",
    "forums.Venue",
    "forums.ForumSettings",
    "forums.ForumSeries",
    "forums.ForumSeriesExclusion",
    "forums.ForumOfficer",
    "outcomes.ActionItem",
    "outcomes.DepartmentUnit",
    "outcomes.DepartmentMember",
    "surveys.Response",
    "surveys.Answer",
    "surveys.Participation",
    "pledges.MayorsOffice",
    "pledges.PledgeFollower",
    "pledges.PledgeShareImage",
    "pledges.UpdateEvidence",
    "wagtailcore.Page",
    "wagtailimages.Image",
    "wagtaildocs.Document",
]


def connect():
    """One global version for every page: the pages share so much (the home
    page lists forums and pledges, every page shows the menu) that finer keys
    would not be worth their bookkeeping."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_now_and_on_commit, dispatch_uid=f"page-cache-{signal!r}")
    for label in SHOWN_ON_PAGES:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(
                bump_now_and_on_commit,
                sender=model,
                dispatch_uid=f"page-cache-{signal!r}-{label}",
            )
