"""The request's Wagtail site and its home page, looked up once per content version.

Wagtail finds the site with a query on every request (a ``CASE`` over hostnames
and ports that costs more to compile than to run) and then loads the home page's
own row with another, before routing even starts. Both change only when the
content version does (a site or any page saved, published, moved or deleted), so
each process keeps them for the version it read and hands them to Wagtail through
``request._wagtail_site``, the attribute ``Site.find_for_request`` reads first.

The home page object is shared by the requests of one process and must be treated
as read-only, as every page object Wagtail serves already is.
"""

from django.http.request import split_domain_port
from wagtail.models import Site

from .cache import content_version
from .health import PATH as HEALTH_PATH
from .health import READY_PATH

# Hosts kept per version: a request with an unknown Host header is answered by
# the default site but does not grow the memo past this.
MAX_HOSTS = 50

_memo = (None, {})


def find_site(request):
    """Wagtail's own answer for this host and port, from the memo when the
    content version has not moved since it was read."""
    global _memo
    version, sites = _memo
    current = content_version()
    if version != current:
        version, sites = _memo = (current, {})
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    if key in sites:
        return sites[key]
    site = Site._find_for_request(request)
    if site is not None:
        # Routing starts from the specific home page; load it now, once.
        site.root_page = site.root_page.specific
    if len(sites) < MAX_HOSTS:
        sites[key] = site
    return site


class SiteMiddleware:
    """Sets ``request._wagtail_site`` from the memo, before anything asks; the
    probes, which touch neither the cache nor the database, are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = request.path_info in (HEALTH_PATH, READY_PATH)
        if not probe and not hasattr(request, "_wagtail_site"):
            request._wagtail_site = find_site(request)
        return self.get_response(request)
