"""The site's time zone, chosen in Site settings, for pages, emails and calendars."""

import zoneinfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .health import PATH as HEALTH_PATH
from .health import READY_PATH
from .models import SITE_TIMEZONE_CACHE_KEY as CACHE_KEY
from .models import SiteSettings


def site_timezone():
    name = cache.get(CACHE_KEY)
    if name is None:
        chosen = SiteSettings.for_default_site()
        name = chosen.timezone if chosen else settings.TIME_ZONE
        cache.set(CACHE_KEY, name, 3600)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def forget_site_timezone():
    cache.delete(CACHE_KEY)


class SiteTimezoneMiddleware:
    """Show every time in the city's time zone, whatever the server's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Probes: /healthz uses no database, /readyz reports a failing one itself.
        if request.path_info in (HEALTH_PATH, READY_PATH):
            return self.get_response(request)
        timezone.activate(site_timezone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
