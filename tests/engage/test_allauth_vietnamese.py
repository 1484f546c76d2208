"""Account pages and account emails in Vietnamese.

allauth ships no Vietnamese catalog, so its strings live in locale-allauth/vi; without
it a resident on /vi/ signs in, signs up and reads the sign-in code email in English.
"""

import re
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from engage.catalogs import extract_messages
from tests.factories.engage import UserFactory

ALLAUTH_DIR = Path(allauth.__file__).parent
CATALOG = settings.BASE_DIR / "locale-allauth" / "vi" / "LC_MESSAGES" / "django.po"
# The allauth Python modules whose strings a resident sees on the account pages.
ALLAUTH_MODULES = ("account/adapter.py", "account/forms.py", "account/fields.py")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>")


@pytest.fixture(scope="module")
def vietnamese():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="vi", domain="django")


def shown_by(message, prefixes):
    return any(path.startswith(prefixes) for path, _line in message.locations)


def test_every_account_template_string_has_vietnamese(vietnamese):
    extracted = [
        message
        for message in extract_messages(ALLAUTH_DIR)
        if message.id and shown_by(message, ("templates/account/",))
    ]

    missing = [
        (message.context, message.id)
        for message in extracted
        if not getattr(vietnamese.get(message.id, message.context), "string", "")
    ]
    assert len(extracted) > 100
    assert missing == []


def test_every_account_form_and_adapter_message_has_vietnamese(vietnamese):
    spanish_path = ALLAUTH_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
    with spanish_path.open("rb") as handle:
        spanish = read_po(handle, locale="es", domain="django")
    used = [m for m in spanish if m.id and shown_by(m, ALLAUTH_MODULES)]

    missing = [
        (message.context, message.id)
        for message in used
        if not getattr(vietnamese.get(message.id, message.context), "string", "")
    ]
    assert len(used) > 50
    assert missing == []


def test_translations_keep_every_placeholder_and_tag(vietnamese):
    broken = [
        message.id
        for message in vietnamese
        if message.id
        and sorted(PLACEHOLDER.findall(message.id))
        != sorted(PLACEHOLDER.findall(message.string))
    ]
    assert broken == []


def vi_url(name):
    with translation.override("vi"):
        return reverse(name)


def main_text(response):
    assert response.status_code == 200
    return " ".join(
        BeautifulSoup(response.content, "html.parser").main.stripped_strings
    )


def vi(text):
    with translation.override("vi"):
        return gettext(text)


@pytest.mark.parametrize(
    ("name", "heading", "vietnamese_strings", "english_strings"),
    [
        (
            "account_login",
            "Sign In",
            ["Sign In", "Send me a sign-in code", "Forgot your password?"],
            ["Sign In", "sign-in code", "Forgot", "sign up"],
        ),
        (
            "account_signup",
            "Sign Up",
            ["Sign Up", "Password (again)"],
            ["Sign Up", "Already have an account", "Password (again)"],
        ),
        (
            "account_request_login_code",
            "Send me a sign-in code",
            ["Request Code", "Other sign-in options"],
            ["Request Code", "sign-in", "password-free"],
        ),
        (
            "account_reset_password",
            "Password Reset",
            [
                "Reset My Password",
                "Please contact us if you have any trouble resetting your password.",
            ],
            ["Password Reset", "Reset My Password", "Forgotten your password"],
        ),
    ],
)
def test_account_pages_are_in_vietnamese(
    client, home, name, heading, vietnamese_strings, english_strings
):
    response = client.get(vi_url(name))

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert page.html["lang"] == "vi"
    assert page.main.h1.get_text(strip=True) == vi(heading)
    assert vi(heading) != heading
    text = main_text(response)
    for string in vietnamese_strings:
        assert vi(string) != string
        assert vi(string) in text
    for english in english_strings:
        assert english not in text


def test_sign_in_code_email_is_in_vietnamese(client, home, db):
    UserFactory(email="lan@example.org", preferred_language="")

    response = client.post(
        vi_url("account_request_login_code"), {"email": "lan@example.org"}
    )

    assert response.status_code == 302
    assert response["Location"] == vi_url("account_confirm_login_code")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Mã đăng nhập"
    assert (
        vi(
            "Your sign-in code is listed below. "
            "Please enter it in your open browser window."
        )
        in message.body
    )
    assert (
        vi("This mail can be safely ignored if you did not initiate this action.")
        in message.body
    )
    assert "sign-in code" not in message.body
    assert "ignored" not in message.body
    page = main_text(client.get(response["Location"]))
    assert vi("Enter Sign-In Code") in page
    assert "Enter Sign-In Code" not in page


def test_sign_up_confirmation_email_is_in_vietnamese(client, home, db):
    response = client.post(
        vi_url("account_signup"),
        {
            "email": "minh@example.org",
            "password1": "hàng xóm cùng phố 2026",
            "password2": "hàng xóm cùng phố 2026",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == vi_url("account_email_verification_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == vi("Please Confirm Your Email Address")
    assert message.subject == "Vui lòng xác nhận địa chỉ email của quý vị"
    assert "To confirm this is correct" not in message.body
    assert "Để xác nhận thông tin này là đúng, hãy truy cập http" in message.body
    # The site is named by SITE_URL's host, never left blank ("on .").
    assert " testserver." in message.body
    assert " ." not in message.body
    page = main_text(client.get(response["Location"]))
    assert vi("Verify Your Email Address") in page
    assert "Verify Your Email Address" not in page
