"""The one place absolute URLs come from.

Emails, calendar files, share links and printed sheets are read away from the
site, so their links must carry the public address (``SITE_URL``) rather than
the host of whatever request, worker or Site record happened to build them.
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(target="", request=None):
    """``SITE_URL`` joined to a path, a Wagtail page or anything with ``.url``.

    A page's path is its URL in the active language (``/es/forums/…``). Given
    the request, pages read the sites' root paths it carries rather than the
    cache, which matters when a feed links to every forum.
    """
    if hasattr(target, "get_url_parts"):
        parts = target.get_url_parts(request)
        path = parts[2] if parts else ""
    elif hasattr(target, "url") and not isinstance(target, str):
        path = target.url
    else:
        path = target or ""
    if path.startswith(("http://", "https://")):
        return path
    if path and not path.startswith("/"):
        path = "/" + path
    return settings.SITE_URL + path


def absolute_reverse(viewname, *args, **kwargs):
    """``absolute_url`` of ``reverse(viewname, ...)``."""
    return absolute_url(reverse(viewname, *args, **kwargs))
