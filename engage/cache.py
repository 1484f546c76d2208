"""One version number for everything shown around and on public pages.

Cached fragments (the menu, site settings) put the version in their keys; any
publish, unpublish, move or settings change bumps it, so stale entries are never
read again and simply expire.
"""

import contextvars
import secrets

from django.core.cache import cache

VERSION_KEY = "engage:content-version"

# Within a request (``ContentVersionMiddleware``), the version read first: one
# cache read rather than one per menu, setting, time zone and page-cache key,
# and a page rendered against a single version throughout.
_request_memo = contextvars.ContextVar("engage_content_version", default=None)


def content_version():
    """Starts at a random number, so a cache emptied and refilled never returns
    to a version that something kept in memory (``engage.sites``) was read at."""
    memo = _request_memo.get()
    if memo:
        return memo[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = secrets.randbits(48)
        cache.add(VERSION_KEY, fresh, None)
        version = cache.get(VERSION_KEY, fresh)  # a cache that keeps nothing
    if memo is not None:
        memo.append(version)
    return version


def bump_content_version(*args, **kwargs):
    """Signal-friendly: accepts and ignores any signal arguments."""
    memo = _request_memo.get()
    if memo:
        memo.clear()  # this request reads the new version from now on
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, secrets.randbits(48), None)


class ContentVersionMiddleware:
    """Reads the content version at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set([])
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


# What ``for_this_version`` keeps: the version it was read at, and the values.
_process_memo = {"version": None, "values": {}}
# Values kept per version (per site and language): far more than one site's
# menus, settings and time zone, far less than memory would notice.
MAX_REMEMBERED = 200


def _kept_values():
    """The values kept for the current version, emptied when it has moved on."""
    version = content_version()
    if _process_memo["version"] != version:
        _process_memo["version"] = version
        _process_memo["values"] = {}
    return _process_memo["values"]


def for_this_version(key, compute):
    """``compute()`` for the current content version, kept in this process.

    For what every page reads and only a content change alters (the menu, the
    site settings, the time zone, whether any page is private): one query per
    process and version, and no cache read per request. The values are shared
    by the process's requests and must be treated as read-only."""
    values = _kept_values()
    if key in values:
        return values[key]
    value = compute()
    # Reading can change the version (settings made on first read are saved):
    # what was read is then what the new version shows.
    values = _kept_values()
    if len(values) >= MAX_REMEMBERED:
        values.clear()
    values[key] = value
    return value


def versioned_key(*parts):
    return ":".join(["engage", str(content_version()), *map(str, parts)])
