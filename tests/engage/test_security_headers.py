"""The production settings serve the security headers the README promises."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, Site

from tests.factories.engage import UserFactory
from tests.factories.forums import make_forum, make_index, make_rsvp, rsvp_data
from tests.factories.pledges import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
    add_update_url,
    update_form,
)
from tests.helpers import fresh_production_settings, sign_in

pytestmark = pytest.mark.django_db

# Kept from the test settings: where data, files, mail and tasks go.
KEEP = {
    "DATABASES",
    "STORAGES",
    "CACHES",
    "TASKS",
    "EMAIL_BACKEND",
    "ANYMAIL",
    "PASSWORD_HASHERS",
    "MEDIA_ROOT",
    "ENGAGE_RATE_LIMITS_ENABLED",
}


@pytest.fixture
def production(monkeypatch, settings):
    """Every other setting exactly as engage.settings.production computes it."""
    monkeypatch.setenv("SECRET_KEY", "p" * 30 + "-not-a-real-production-secret-key")
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    monkeypatch.delenv("SECURE_PROXY_SSL_HEADER_NAME", raising=False)
    module = fresh_production_settings()
    missing = object()
    for name in dir(module):
        value = getattr(module, name)
        # Overriding an unchanged setting such as INSTALLED_APPS would reload apps.
        if (
            name.isupper()
            and name not in KEEP
            and getattr(settings, name, missing) != value
        ):
            setattr(settings, name, value)
    return module


def directives(header):
    return {
        part.split()[0]: part.split()[1:]
        for part in (item.strip() for item in header.split(";"))
        if part
    }


def test_public_page_headers(production, home, client):
    response = client.get("/en/", secure=True)
    assert response.status_code == 200

    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["script-src-attr"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]

    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_plain_http_is_redirected_to_https(production, home, client):
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"


def test_cookies_are_secure(production, home, client):
    response = client.get("/en/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response.cookies["csrftoken"]["secure"]
    assert production.SESSION_COOKIE_SECURE
    assert production.LANGUAGE_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY


def test_proxy_ssl_header_is_opt_in(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER_NAME", "HTTP_X_FORWARDED_PROTO")
    module = fresh_production_settings()
    assert module.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_admin_gets_its_own_narrower_policy(
    production, home, client, django_user_model
):
    admin = django_user_model.objects.create_superuser(
        "admin", "admin@example.org", "a-long-admin-password"
    )
    client.force_login(admin)
    response = client.get("/admin/login/", secure=True)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\s on[a-z]+\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)


def test_public_pages_have_no_inline_code(demo_site, client):
    """Under the test settings (same CSP as production), no public page relies on
    something the policy blocks: inline scripts, event handlers, un-nonced styles."""
    seen = set()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        kind = type(page).__name__
        if kind in seen:
            continue
        seen.add(kind)
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), page.url
        assert not INLINE_HANDLER.search(html), page.url
        assert not STYLE_ELEMENT.search(html), page.url
        assert "script-src 'self'" in response["Content-Security-Policy"]
    assert len(seen) > 3


# Personal data is never kept by a cache ----------------------------------------

PRIVATE = "private, no-store"


@pytest.fixture
def resident(db):
    return UserFactory(email="ana@example.org", preferred_language="es")


def test_account_pages_are_not_cached(home, client, resident):
    client.force_login(resident)
    with translation.override("es"):
        profile = client.get(reverse("account_profile"))
        download = client.post(reverse("account_data"))
    assert profile.status_code == 200
    assert profile["Cache-Control"] == PRIVATE
    assert download.status_code == 200
    assert download["Cache-Control"] == PRIVATE


def test_the_rsvp_manage_page_is_not_cached(home, client):
    forum = make_forum(make_index(home), capacity=10)
    rsvp = make_rsvp(forum, "ana@example.org")
    response = client.get(reverse("forums:rsvp_manage", args=[rsvp.manage_token()]))
    assert response.status_code == 200
    assert rsvp.name in response.content.decode()
    assert response["Cache-Control"] == PRIVATE


def test_acknowledgement_pages_are_not_cached(home, client):
    forum = make_forum(make_index(home), capacity=10)
    response = client.post(forum.url, rsvp_data(email="ana@example.org"))
    assert response.status_code in (200, 302)
    assert response["Cache-Control"] == PRIVATE
    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    response = client.post(
        reverse("pledges:follow", args=[pledge.pk]),
        {"email": "ana@example.org", "frequency": "each", "language": "en"},
    )
    assert response.status_code == 200
    assert "ana@example.org" in response.content.decode()
    assert response["Cache-Control"] == PRIVATE


def test_public_pages_stay_cacheable(home, client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# The admin is for staff ---------------------------------------------------------


def test_residents_get_a_staff_only_page_in_their_language(home, client, resident):
    client.force_login(resident)
    for path in ("/admin/", "/admin/login/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 403, path
        html = response.content.decode()
        assert '<html lang="es"' in html
        assert 'href="/es/accounts/profile/"' in html
        assert response["Cache-Control"] == PRIVATE


def test_visitors_are_still_sent_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/admin/"


# Passwords ---------------------------------------------------------------------


def test_passwords_need_twelve_characters():
    staff = UserFactory.build(username="organizer", email="organizer@example.org")
    with pytest.raises(ValidationError) as refused:
        validate_password("Xq7!mPa#2wZ", staff)  # 11 characters
    assert [error.code for error in refused.value.error_list] == ["password_too_short"]
    validate_password("Xq7!mPa#2wZe", staff)  # 12


def test_a_short_password_is_refused_at_password_change(home, client):
    staff = UserFactory(is_staff=True)
    staff.set_password("an-old-staff-password")
    staff.save()
    client.force_login(staff)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "an-old-staff-password",
            "password1": "Xq7!mPa#2wZ",
            "password2": "Xq7!mPa#2wZ",
        },
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password("an-old-staff-password")


def test_a_preview_may_be_framed_by_the_admin_alone(
    production, pledge, client, admin_user
):
    """Wagtail's preview panel shows the page in a frame of the admin. The page
    keeps the public policy, but may be framed by the site itself: with
    ``frame-ancestors 'none'`` the panel stayed empty in every browser."""
    Site.objects.update(port=443)  # served over HTTPS, as in production
    commitment = CommitmentPageFactory(parent=pledge)
    TOTP.activate(admin_user, generate_totp_secret())
    sign_in(client, admin_user)
    url = add_update_url(commitment) + "preview/"
    client.post(url, update_form(timezone.localdate()), secure=True)

    response = client.get(url + "?in_preview_panel=true", secure=True)

    assert response.status_code == 200
    assert "The ordinance had its first reading." in response.content.decode()
    csp = directives(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    public = client.get(commitment.url, secure=True)
    assert directives(public["Content-Security-Policy"])["frame-ancestors"] == [
        "'none'"
    ]
