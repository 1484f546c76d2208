"""Staff reach the Wagtail admin only through allauth, with their second factor."""

from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from engage.models import User
from engage.security import LAST_SEEN_SESSION_KEY
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_with_totp(db):
    user = User.objects.create_user(
        "organizer", "organizer@example.org", "a-long-staff-password", is_staff=True
    )
    user.is_superuser = True
    user.save()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def test_wagtail_login_form_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_offsite_next_is_dropped(client):
    response = client.get("/admin/login/?next=https://evil.example.com/")
    assert "evil" not in response["Location"]


def test_admin_sign_in_asks_for_totp_code(client, staff_with_totp):
    user, secret = staff_with_totp
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": user.email, "password": "a-long-staff-password"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Password alone does not open the admin.
    assert client.get("/admin/").status_code == 302

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_late_by_one_step_opens_the_admin_once_and_older_ones_never(
    client, staff_with_totp, monkeypatch
):
    """A code read off the phone at the end of its 30 seconds arrives in the
    next step and is accepted; a code two steps old is not, and a code that was
    used does not open a second session."""
    user, secret = staff_with_totp
    now = 1_800_000_015.0  # the middle of a step
    monkeypatch.setattr(totp_auth, "time", SimpleNamespace(time=lambda: now))
    step = int(now) // 30

    def code(counter):
        return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))

    def sign_in(with_code):
        client.logout()
        client.post(
            reverse("account_login") + "?next=/admin/",
            {"login": user.email, "password": "a-long-staff-password"},
        )
        return client.post(reverse("mfa_authenticate"), {"code": with_code})

    assert sign_in(code(step - 2)).status_code == 200
    assert client.get("/admin/").status_code == 302
    assert sign_in(code(step + 2)).status_code == 200
    late = sign_in(code(step - 1))
    assert (late.status_code, late["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
    assert sign_in(code(step - 1)).status_code == 200
    assert client.get("/admin/").status_code == 302


# Enforcement for every admin URL (engage.security.StaffSessionMiddleware) ------

ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/images/",
    "/admin/snippets/",
    "/admin/api/main/pages/",
    "/admin/users/",
]


@pytest.fixture
def mfa_required(settings):
    settings.ENGAGE_STAFF_MFA_REQUIRED = True


@pytest.fixture
def staff_without_totp(db):
    user = User.objects.create_superuser(
        "editor", "editor@example.org", "a-long-staff-password"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_staff_without_totp_are_sent_to_set_it_up(
    mfa_required, client, staff_without_totp, url
):
    client.force_login(staff_without_totp)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_session_without_second_factor_is_refused(
    mfa_required, client, staff_with_totp, url
):
    """Holding a TOTP device is not enough: this session must have used it."""
    user, _secret = staff_with_totp
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_admin_open_after_password_and_code(mfa_required, client, staff_with_totp):
    user, secret = staff_with_totp
    client.post(
        reverse("account_login"),
        {"login": user.email, "password": "a-long-staff-password"},
    )
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_residents_need_no_second_factor(mfa_required, client, home):
    resident = User.objects.create_user(
        "resident", "resident@example.org", "a-long-resident-password"
    )
    client.force_login(resident)
    assert client.get(reverse("account_profile")).status_code == 200
    # The admin still turns them away, with the "staff only" page (no redirect
    # loop back to the sign-in form they are already past).
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Staff only" in response.content.decode()


def test_recovery_codes_are_offered(settings):
    assert "recovery_codes" in settings.MFA_SUPPORTED_TYPES
    assert "totp" in settings.MFA_SUPPORTED_TYPES


def test_idle_staff_sessions_end(client, staff_with_totp, settings, home):

    settings.ENGAGE_STAFF_IDLE_TIMEOUT = 60
    user, _secret = staff_with_totp
    client.force_login(user)
    assert client.get(reverse("account_profile")).status_code == 200
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = session[LAST_SEEN_SESSION_KEY] - 61
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_are_rate_limited(client, staff_with_totp, home):
    """allauth's login_failed limit: 5 failures per address, then even the right
    password is refused for a while (our middleware adds 10 posts/min per IP)."""
    user, _secret = staff_with_totp
    url = reverse("account_login")
    for _attempt in range(5):
        response = client.post(url, {"login": user.email, "password": "wrong"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(
        url, {"login": user.email, "password": "a-long-staff-password"}
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
