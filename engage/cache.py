"""One version number for everything shown around and on public pages.

Cached fragments (the menu, site settings) put the version in their keys; any
publish, unpublish, move or settings change bumps it, so stale entries are never
read again and simply expire.
"""

import secrets

from django.core.cache import cache

VERSION_KEY = "engage:content-version"


def content_version():
    """Starts at a random number, so a cache emptied and refilled never returns
    to a version that something kept in memory (``engage.sites``) was read at."""
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = secrets.randbits(48)
        cache.add(VERSION_KEY, fresh, None)
        version = cache.get(VERSION_KEY, fresh)  # a cache that keeps nothing
    return version


def bump_content_version(*args, **kwargs):
    """Signal-friendly: accepts and ignores any signal arguments."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, secrets.randbits(48), None)


def versioned_key(*parts):
    return ":".join(["engage", str(content_version()), *map(str, parts)])
