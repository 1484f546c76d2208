"""One place that rate-limits every public form and endpoint, per client IP.

The rules live in ``settings.ENGAGE_RATE_LIMITS`` (first match wins); each is a
dict with:

- ``group``: the counter's name (requests of one group share a budget);
- ``rate``: ``"<count>/<period>"``, the period in seconds or ``s``, ``m``,
  ``h``, ``d`` optionally preceded by a number, e.g. ``"10/m"``, ``"5/300s"``;
- ``methods``: HTTP methods the rule counts;
- one matcher: ``paths`` (prefixes of the un-prefixed path, e.g. "/anymail/"),
  ``views`` (URL names, e.g. "search", "forums:rsvp_manage"), ``url_kwarg``
  (any route that captures this keyword, e.g. every signed-token link) or
  ``public: True`` (anything outside ``ENGAGE_RATE_LIMIT_EXEMPT_PATHS``,
  which covers forms posted to Wagtail pages: RSVP, survey, contact, follow).

Limits are checked before the view runs, so a refused request stores nothing.
Counts are exact fixed windows (:mod:`engage.counters`). The client IP is
:func:`client_ip`, shared by every limit on the site (and by allauth's sign-in
limits): ``ALLAUTH_TRUSTED_PROXY_COUNT`` or ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``
configure it. ``ENGAGE_RATE_LIMITS_ENABLED = False`` switches them off (the
test settings do, so tests may post freely).
"""

import re

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from . import counters
from .views import too_many_requests

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd]?)$")


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the one the trusted proxies name in
    X-Forwarded-For (allauth's adapter reads the right-most entries the
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies added, so a spoofed entry on the
    left changes nothing)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except ImproperlyConfigured:  # fewer X-Forwarded-For entries than proxies
        return request.META.get("REMOTE_ADDR") or "unknown"
    except PermissionDenied:
        return "unknown"


def parse_rate(rate):
    """``"10/m"`` -> ``(10, 60)``: the allowed count and the window in seconds."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * PERIODS[unit or "s"]


def hit(name, rate, now=None):
    """Count one request against ``rate`` for ``name``; return whether it is
    over the limit and the seconds until the window ends."""
    limit, window = parse_rate(rate)
    count, seconds_left = counters.increment(name, window, now=now)
    return count > limit, seconds_left


def rule_matches(rule, request, resolver_match):
    if request.method not in rule["methods"]:
        return False
    path = request.path_info
    if "paths" in rule:
        return path.startswith(tuple(rule["paths"]))
    if path.startswith(tuple(settings.ENGAGE_RATE_LIMIT_EXEMPT_PATHS)):
        return False
    if "views" in rule:
        return resolver_match is not None and resolver_match.view_name in rule["views"]
    if "url_kwarg" in rule:
        return resolver_match is not None and rule["url_kwarg"] in (
            resolver_match.kwargs
        )
    return bool(rule.get("public"))


def matching_rule(request, resolver_match):
    return next(
        (
            rule
            for rule in settings.ENGAGE_RATE_LIMITS
            if rule_matches(rule, request, resolver_match)
        ),
        None,
    )


class RateLimitMiddleware:
    """Answer with the 429 page, in the visitor's language, once a client IP
    goes over a rule's rate; the view never runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.ENGAGE_RATE_LIMITS_ENABLED:
            return None
        rule = matching_rule(request, getattr(request, "resolver_match", None))
        if rule is None:
            return None
        limited, seconds_left = hit(
            f"ip:{rule['group']}:{client_ip(request)}", rule["rate"]
        )
        if not limited:
            return None
        return too_many_requests(request, retry_after=seconds_left)
