"""The request's Wagtail site, its home page and the sites' root paths, read in
one query per content version.

Wagtail finds the site with a query on every request (a ``CASE`` over hostnames
and ports that costs more to compile than to run), loads the home page's own row
with another before routing starts, and reads every site again for the root
paths page links are made from. All of it changes only when the content version
does (a site or any page saved, published, moved or deleted), so each process
loads the sites once for the version it read, chooses among them as Wagtail
does, and hands the result to Wagtail through the attributes it reads first:
``request._wagtail_site`` and ``request._wagtail_cached_site_root_paths``.

The objects are shared by the requests of one process and must be treated as
read-only, as every page object Wagtail serves already is.
"""

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

from .cache import content_version
from .health import PATH as HEALTH_PATH
from .health import READY_PATH

# Hosts remembered per version: a request with an unknown Host header is
# answered by the default site but does not grow the memo past this.
MAX_HOSTS = 50

_memo = (None, None)


class Sites:
    """Every site with its root page, as read at one content version."""

    def __init__(self):
        self.all = list(
            Site.objects.select_related("root_page", "root_page__locale").order_by(
                "-root_page__url_path", "-is_default_site", "hostname"
            )
        )
        self.root_paths = self._root_paths()
        self.by_host = {}
        self.with_home = set()

    def _root_paths(self):
        """``Site.get_site_root_paths()`` without another query, when each site
        has one language (Wagtail's own answer otherwise); kept in Wagtail's
        cache too, for the links made without a request (emails, calendars)."""
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return Site.get_site_root_paths()
        paths = [
            SiteRootPath(
                site.id,
                site.root_page.url_path,
                site.root_url,
                site.root_page.locale.language_code,
            )
            for site in self.all
        ]
        cache.set(
            SITE_ROOT_PATHS_CACHE_KEY,
            paths,
            3600,
            version=SITE_ROOT_PATHS_CACHE_VERSION,
        )
        return paths

    def site_for(self, request):
        """Wagtail's site for this request, with its specific home page as
        ``root_page``."""
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        if key in self.by_host:
            return self.by_host[key]
        site = choose(self.all, *key)
        if site is not None and site.pk not in self.with_home:
            # Routing starts from the specific home page; load it once.
            site.root_page = site.root_page.specific
            self.with_home.add(site.pk)
        if len(self.by_host) < MAX_HOSTS:
            self.by_host[key] = site
        return site


def choose(sites, hostname, port):
    """The site Wagtail's ``get_site_for_hostname`` picks for this host and
    port: the exact host and port, else the host if it is the default, else the
    one site with the host if there is only one, else the default site."""

    def rank(site):
        if site.hostname == hostname:
            if site.port == port:
                return 0
            if site.is_default_site:
                return 1
            return 3
        return 2  # the default site, for another host

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site),
        key=rank,
    )
    if not candidates:
        return None
    best = rank(candidates[0])
    if len(candidates) == 1 or best in (0, 1):
        return candidates[0]
    if best == 2:
        # The default, unless exactly one site has this host on another port.
        return candidates[len(candidates) == 2]
    return None


def current_sites():
    """The sites of the current content version, read now if not yet."""
    global _memo
    version, sites = _memo
    current = content_version()
    if version != current or sites is None:
        sites = Sites()
        _memo = (current, sites)
    return sites


class SiteMiddleware:
    """Sets the site and the root paths on the request from the memo, before
    anything asks; the probes, which touch neither the cache nor the database,
    are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = request.path_info in (HEALTH_PATH, READY_PATH)
        if not probe and not hasattr(request, "_wagtail_site"):
            sites = current_sites()
            request._wagtail_site = sites.site_for(request)
            request._wagtail_cached_site_root_paths = sites.root_paths
        return self.get_response(request)
