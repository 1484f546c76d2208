"""Production settings for ``make bench`` only: the cache chosen by the run,
and a header counting each request's SQL queries. Never deploy these."""

import os

from engage.settings.production import *  # noqa: F403

if os.environ.get("ENGAGE_BENCH_CACHE") == "cold":
    # Cold: the cache is emptied before each request (bench.middleware), so every
    # request finds nothing cached (pages, menu, settings, time zone, the site)
    # and fills it as it goes, as the first request after a restart or a
    # publish does. A cache that kept nothing at all would also make a request
    # look the same things up again and again within itself, which no deployed
    # cache does.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bench-cold",
        }
    }

elif os.environ.get("ENGAGE_BENCH_CACHE") == "no-pages":
    # Miss: every page is rendered, as on a page-cache miss; the menu, site
    # settings and time zone still come from the production cache.
    ENGAGE_PAGE_CACHE_SECONDS = 0

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]  # noqa: F405
if os.environ.get("ENGAGE_BENCH_CACHE") == "cold":
    MIDDLEWARE = ["bench.middleware.empty_cache", *MIDDLEWARE]

# The benchmark talks plain HTTP to gunicorn, with no TLS proxy in front: the
# RSVP burst's clients must be able to send the CSRF cookie back.
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = False

if os.environ.get("ENGAGE_BENCH_RATE_LIMITS") == "off":
    # The RSVP burst posts 200 forms from one address, 127.0.0.1; the per-IP
    # form limit would refuse all but ten of them. Forum night's survey
    # responses come from there too, one a second.
    ENGAGE_RATE_LIMITS_ENABLED = False
    SURVEYS_RATE_LIMIT = 1_000_000
