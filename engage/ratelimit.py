"""One place that rate-limits every public form and endpoint, per client IP.

The rules live in ``settings.ENGAGE_RATE_LIMITS`` (first match wins); each is a
dict with:

- ``group``: the counter's name (requests of one group share a budget);
- ``rate``: django-ratelimit's syntax, e.g. ``"10/m"``;
- ``methods``: HTTP methods the rule counts;
- one matcher: ``paths`` (prefixes of the un-prefixed path, e.g. "/anymail/"),
  ``views`` (URL names, e.g. "search", "forums:rsvp_manage"), ``url_kwarg``
  (any route that captures this keyword, e.g. every signed-token link) or
  ``public: True`` (anything outside ``ENGAGE_RATE_LIMIT_EXEMPT_PATHS``,
  which covers forms posted to Wagtail pages: RSVP, survey, contact, follow).

Limits are checked before the view runs, so a refused request stores nothing.
The client IP comes from allauth's adapter, so ``ALLAUTH_TRUSTED_PROXY_COUNT``
or ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` configure both allauth's sign-in limits
and these. ``ENGAGE_RATE_LIMITS_ENABLED = False`` switches them off (the test
settings do, so tests may post freely).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django_ratelimit.core import get_usage

from .views import too_many_requests


def client_ip(group, request):
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


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
        usage = get_usage(
            request,
            group=f"engage.{rule['group']}",
            key=client_ip,
            rate=rule["rate"],
            method=rule["methods"],
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return None
        return too_many_requests(request, retry_after=usage["time_left"])
