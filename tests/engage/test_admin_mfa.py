"""Staff reach the Wagtail admin only through allauth, with their second factor."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from engage.models import User

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


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


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

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
