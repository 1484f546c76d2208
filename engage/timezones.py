"""The site's time zone, chosen in Site settings, for pages, emails and calendars."""

import zoneinfo

from django.conf import settings
from django.utils import timezone

from .cache import for_this_version
from .health import PATH as HEALTH_PATH
from .health import READY_PATH
from .models import SiteSettings


def site_timezone():
    """The default site's time zone: it is needed before the request's site is
    known, and by emails and tasks that have no request."""

    def read():
        chosen = SiteSettings.for_default_site()
        return chosen.timezone if chosen else settings.TIME_ZONE

    name = for_this_version("site-timezone", read)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


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
