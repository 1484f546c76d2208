"""Security headers and staff-session rules that apply to every request.

Settings (all in engage/settings/base.py):
- ``CONTENT_SECURITY_POLICY``: django-csp's strict public policy.
- ``ENGAGE_ADMIN_CONTENT_SECURITY_POLICY``: the narrower-than-nothing policy for
  the Wagtail admin, which still ships inline scripts and style attributes.
- ``ENGAGE_PERMISSIONS_POLICY``: browser features the site never uses.
- ``ENGAGE_STAFF_MFA_REQUIRED`` and ``ENGAGE_STAFF_IDLE_TIMEOUT``: admin access.
"""

import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .views import staff_only

ADMIN_PREFIX = "/admin/"
LAST_SEEN_SESSION_KEY = "engage_staff_last_seen"


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy everywhere except the Wagtail admin, which gets its own.
    A page rendered for the admin's preview panel (``request.is_preview``, set
    by Wagtail on the request it makes up) keeps the public policy but may be
    framed by the site itself: the panel shows it in a frame, which
    ``frame-ancestors 'none'`` left empty."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        if (
            not report_only
            and parts.config is None
            and is_admin_path(request.path_info)
        ):
            admin_policy = settings.ENGAGE_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            return PolicyParts(
                config=dict(admin_policy),
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


class PermissionsPolicyMiddleware:
    """Switch off browser features (camera, location, ...) the site never needs,
    so an injected or embedded script cannot ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.ENGAGE_PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(origins)})"
                for feature, origins in policy.items()
            )
        return response


class PrivateResponseMiddleware:
    """``Cache-Control: private, no-store`` on every response that may show
    personal data, so no shared cache or browser history keeps it: anything
    served to a signed-in visitor (account pages, the data download), the
    answer to any form post (acknowledgement pages) and every page reached by
    a signed link (RSVP manage, follow confirm and unsubscribe, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_private(request):
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def is_private(request):
        resolver_match = getattr(request, "resolver_match", None)
        return (
            request.method not in ("GET", "HEAD", "OPTIONS")
            or (resolver_match is not None and "token" in resolver_match.kwargs)
            # Without a session cookie nobody is signed in; not asking keeps
            # public pages free of "Vary: Cookie".
            or (
                settings.SESSION_COOKIE_NAME in request.COOKIES
                and request.user.is_authenticated
            )
        )


def can_use_admin(user):
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def used_second_factor(request):
    """Whether this session was opened (or re-confirmed) with a second factor."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


class StaffSessionMiddleware:
    """Guard every URL under /admin/ (pages, snippets, documents, images, the
    admin API, choosers): staff need a TOTP authenticator and a session confirmed
    with it, and staff sessions end after ``ENGAGE_STAFF_IDLE_TIMEOUT`` seconds
    without a request. A signed-in resident gets the "staff only" page (403)
    there; elsewhere residents' accounts are untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not can_use_admin(user)
            and is_admin_path(request.path_info)
        ):
            return staff_only(request)
        if user is not None and can_use_admin(user):
            if self.idle_too_long(request):
                logout(request)
                if is_admin_path(request.path_info):
                    return redirect(
                        f"{reverse('account_login')}?"
                        f"{urlencode({'next': request.get_full_path()})}"
                    )
            elif (
                is_admin_path(request.path_info) and settings.ENGAGE_STAFF_MFA_REQUIRED
            ):
                response = self.require_second_factor(request)
                if response is not None:
                    return response
        return self.get_response(request)

    @staticmethod
    def idle_too_long(request):
        timeout = settings.ENGAGE_STAFF_IDLE_TIMEOUT
        if not timeout:
            return False
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        request.session[LAST_SEEN_SESSION_KEY] = now
        return isinstance(last_seen, int) and now - last_seen > timeout

    @staticmethod
    def require_second_factor(request):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import is_mfa_enabled

        next_query = urlencode({"next": request.get_full_path()})
        if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
        if not used_second_factor(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return None
