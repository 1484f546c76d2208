"""Account pages, account emails and the two-factor screens in Vietnamese.

allauth ships no Vietnamese catalog, so its strings live in locale-allauth/vi; without
it a resident on /vi/ signs in, signs up and reads the sign-in code email in English,
and a staff member sets up and enters their authenticator code in English.
"""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from engage.catalogs import extract_messages
from tests.factories.engage import StaffFactory, UserFactory
from tests.helpers import sign_in, totp_code

ALLAUTH_DIR = Path(allauth.__file__).parent
CATALOG = settings.BASE_DIR / "locale-allauth" / "vi" / "LC_MESSAGES" / "django.po"
# The allauth Python modules whose strings a resident sees on the account pages.
ALLAUTH_MODULES = ("account/adapter.py", "account/forms.py", "account/fields.py")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|<[^>]+>")


@pytest.fixture(scope="module")
def vietnamese():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="vi", domain="django")


def shown_by(message, prefixes):
    return any(path.startswith(prefixes) for path, _line in message.locations)


def untranslated(vietnamese, messages):
    return [
        (message.context, message.id)
        for message in messages
        if not getattr(vietnamese.get(message.id, message.context), "string", "")
    ]


@pytest.mark.parametrize(
    "folder, at_least",
    [
        ("templates/account/", 100),
        # Every screen, message and email of allauth.mfa, including the
        # security-key and trust-this-browser ones this site has not switched on.
        ("templates/mfa/", 60),
    ],
)
def test_every_template_string_has_vietnamese(vietnamese, folder, at_least):
    extracted = [
        message
        for message in extract_messages(ALLAUTH_DIR)
        if message.id and shown_by(message, (folder,))
    ]
    assert len(extracted) > at_least
    assert untranslated(vietnamese, extracted) == []


@pytest.mark.parametrize("modules, at_least", [(ALLAUTH_MODULES, 50), (("mfa/",), 10)])
def test_every_form_and_adapter_message_has_vietnamese(vietnamese, modules, at_least):
    """allauth's Spanish catalog names the Python modules each string is in."""
    spanish_path = ALLAUTH_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
    with spanish_path.open("rb") as handle:
        spanish = read_po(handle, locale="es", domain="django")
    used = [m for m in spanish if m.id and shown_by(m, modules)]
    assert len(used) > at_least
    assert untranslated(vietnamese, used) == []


def translated_forms(message):
    """(msgid, msgstr) pairs to compare; Vietnamese has one plural form, said of any
    number, so it is held to the plural msgid."""
    if not message.pluralizable:
        return [(message.id, message.string)]
    return [(message.id[1], string) for string in message.string]


def test_translations_keep_every_placeholder_and_tag(vietnamese):
    broken = [
        message.id
        for message in vietnamese
        if message.id
        for msgid, string in translated_forms(message)
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(string))
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


def assert_vietnamese_page(response, heading, vietnamese_strings, english_strings):
    """The page is in Vietnamese: its heading and the strings named are
    translated and shown, and none of the English ones is left."""
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

    assert_vietnamese_page(response, heading, vietnamese_strings, english_strings)


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


# Two-factor authentication (allauth.mfa), which every staff member sets up --------

STAFF_PASSWORD = "một mật khẩu dài của ban tổ chức"


@pytest.fixture
def staff(db):
    user = StaffFactory(is_staff=True)
    user.set_password(STAFF_PASSWORD)
    user.save()
    return user


@pytest.fixture
def totp_secret(staff):
    """The staff member's authenticator app, with their ten recovery codes."""
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    RecoveryCodes.activate(staff)
    return secret


def confirmed_just_now(client, user):
    """Signed in with both factors, and the password given again just now, as
    allauth asks before two-factor settings change."""
    sign_in(client, user)
    response = client.post(
        reverse("account_reauthenticate"), {"password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    return client


def recovery_codes_left(unused, total):
    with translation.override("vi"):
        return ngettext(
            "There is %(unused_count)s out of %(total_count)s recovery codes "
            "available.",
            "There are %(unused_count)s out of %(total_count)s recovery codes "
            "available.",
            unused,
        ) % {"unused_count": unused, "total_count": total}


@pytest.mark.parametrize(
    ("name", "with_totp", "heading", "vietnamese_strings", "english_strings"),
    [
        (
            "mfa_index",
            True,
            "Two-Factor Authentication",
            [
                "Authenticator App",
                "Authentication using an authenticator app is active.",
                "Deactivate",
                "Recovery Codes",
                "View",
                "Download",
                "Generate",
            ],
            ["Authenticator", "active", "Deactivate", "Recovery", "Download"],
        ),
        (
            "mfa_index",
            False,
            "Two-Factor Authentication",
            [
                "An authenticator app is not active.",
                "Activate",
                "No recovery codes set up.",
            ],
            ["authenticator app", "Activate", "recovery codes"],
        ),
        (
            "mfa_activate_totp",
            False,
            "Activate Authenticator App",
            [
                "To protect your account with two-factor authentication, scan the QR "
                "code below with your authenticator app. Then, input the verification "
                "code generated by the app below.",
                "Authenticator secret",
                "You can store this secret and use it to reinstall your authenticator "
                "app at a later time.",
                "Authenticator code",
                "Activate",
            ],
            ["QR code", "Authenticator", "secret", "Activate"],
        ),
        (
            "mfa_deactivate_totp",
            True,
            "Deactivate Authenticator App",
            [
                "You are about to deactivate authenticator app based authentication. "
                "Are you sure?",
                "Deactivate",
            ],
            ["Deactivate", "authenticator app", "Are you sure"],
        ),
        (
            "mfa_view_recovery_codes",
            True,
            "Recovery Codes",
            ["Unused codes", "Download codes", "Generate new codes"],
            ["Recovery", "recovery codes", "Unused", "Download", "Generate"],
        ),
        (
            "mfa_generate_recovery_codes",
            True,
            "Recovery Codes",
            [
                "You are about to generate a new set of recovery codes for your "
                "account.",
                "This action will invalidate your existing codes.",
                "Are you sure?",
                "Generate",
            ],
            ["Recovery", "You are about", "invalidate", "Are you sure", "Generate"],
        ),
    ],
)
def test_two_factor_pages_are_in_vietnamese(
    request,
    client,
    home,
    staff,
    name,
    with_totp,
    heading,
    vietnamese_strings,
    english_strings,
):
    if with_totp:
        request.getfixturevalue("totp_secret")
    confirmed_just_now(client, staff)

    response = client.get(vi_url(name))

    assert_vietnamese_page(response, heading, vietnamese_strings, english_strings)


def test_two_factor_index_counts_recovery_codes_in_vietnamese(
    client, home, staff, totp_secret
):
    confirmed_just_now(client, staff)

    text = main_text(client.get(vi_url("mfa_index")))

    assert "Còn 10 trong số 10 mã khôi phục có thể sử dụng." in text
    assert (
        recovery_codes_left(1, 10) == "Còn 1 trong số 10 mã khôi phục có thể sử dụng."
    )
    assert "Ứng dụng xác thực" in text
    assert "Xác thực bằng ứng dụng xác thực đang được bật." in text
    assert "recovery codes available" not in text


def test_sign_in_asks_for_the_authenticator_code_in_vietnamese(
    client, home, staff, totp_secret
):
    response = client.post(
        vi_url("account_login"), {"login": staff.email, "password": STAFF_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == vi_url("mfa_authenticate")
    page = client.get(response["Location"])
    assert BeautifulSoup(page.content, "html.parser").main.h1.get_text(
        strip=True
    ) == vi("Two-Factor Authentication")
    text = main_text(page)
    assert (
        "Tài khoản của quý vị được bảo vệ bằng xác thực hai lớp. "
        "Vui lòng nhập mã từ ứng dụng xác thực:"
    ) in text
    assert vi("Code") in text
    assert "two-factor" not in text
    assert "authenticator code" not in text

    wrong = main_text(client.post(vi_url("mfa_authenticate"), {"code": "000000"}))
    assert vi("Incorrect code.") == "Mã không đúng."
    assert "Mã không đúng." in wrong
    assert "Incorrect code" not in wrong
    assert "two-factor" not in wrong

    right = client.post(vi_url("mfa_authenticate"), {"code": totp_code(totp_secret)})
    assert right.status_code == 302
    assert right["Location"] == vi_url("account_profile")


def test_reauthentication_asks_for_the_authenticator_code_in_vietnamese(
    client, home, staff, totp_secret
):
    """A staff session opened without the second factor is asked for it again."""
    client.force_login(staff)

    text = main_text(client.get(vi_url("mfa_reauthenticate")))

    assert vi("Confirm Access") in text
    assert "Nhập mã từ ứng dụng xác thực:" in text
    assert vi("Use your password") in text
    assert "Enter an authenticator code" not in text
    assert "Confirm Access" not in text


def test_activating_the_authenticator_app_in_vietnamese(client, home, staff):
    confirmed_just_now(client, staff)
    page = BeautifulSoup(client.get(vi_url("mfa_activate_totp")).content, "html.parser")
    secret = page.find(id="authenticator_secret")["value"]

    wrong = client.post(vi_url("mfa_activate_totp"), {"code": "000000"})
    text = main_text(wrong)
    assert "Mã xác thực" in text
    assert "Mã không đúng." in text
    assert "Authenticator code" not in text

    response = client.post(vi_url("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == vi_url("mfa_view_recovery_codes")
    text = main_text(client.get(response["Location"]))
    assert "Mã khôi phục" in text
    assert "Còn 10 trong số 10 mã khôi phục có thể sử dụng." in text
    assert "Mã chưa sử dụng" in text
    assert "Tạo mã mới" in text
    assert "recovery codes" not in text


def test_deactivating_the_authenticator_app_in_vietnamese(
    client, home, staff, totp_secret, settings
):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    confirmed_just_now(client, staff)

    response = client.post(vi_url("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert response["Location"] == vi_url("mfa_index")
    text = main_text(client.get(response["Location"]))
    assert "Đã hủy kích hoạt ứng dụng xác thực." in text
    assert "Chưa kích hoạt ứng dụng xác thực." in text
    assert "Chưa thiết lập mã khôi phục." in text
    assert "deactivated" not in text
    assert "not active" not in text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đã hủy kích hoạt ứng dụng xác thực"
    assert "Đã hủy kích hoạt ứng dụng xác thực." in message.body
    assert "Authenticator" not in message.subject + message.body


def test_two_factor_refusals_are_in_vietnamese(client, home, staff):
    confirmed_just_now(client, staff)

    generate = main_text(client.post(vi_url("mfa_generate_recovery_codes")))
    assert (
        "Quý vị không thể tạo mã khôi phục khi chưa bật xác thực hai lớp." in generate
    )
    assert "You cannot" not in generate

    EmailAddress.objects.filter(user=staff).update(verified=False)
    response = client.get(vi_url("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"] == vi_url("mfa_index")
    text = main_text(client.get(response["Location"]))
    assert (
        "Quý vị không thể kích hoạt xác thực hai lớp cho đến khi đã xác minh địa chỉ "
        "email của mình."
    ) in text
    assert "You cannot" not in text


@pytest.mark.parametrize(
    ("template", "context", "vietnamese_text"),
    [
        ("mfa/messages/totp_activated.txt", {}, "Đã kích hoạt ứng dụng xác thực."),
        (
            "mfa/messages/totp_deactivated.txt",
            {},
            "Đã hủy kích hoạt ứng dụng xác thực.",
        ),
        (
            "mfa/messages/recovery_codes_generated.txt",
            {"MFA_RECOVERY_CODES_SHOW_ONCE": False},
            "Đã tạo một bộ mã khôi phục mới.",
        ),
        (
            "mfa/messages/recovery_codes_generated.txt",
            {"MFA_RECOVERY_CODES_SHOW_ONCE": True},
            "Đã tạo một bộ mã khôi phục mới. Vui lòng lưu các mã này ở nơi an toàn "
            "ngay bây giờ — chúng sẽ không được hiển thị lại.",
        ),
        (
            "mfa/email/totp_activated_subject.txt",
            {},
            "Đã kích hoạt ứng dụng xác thực",
        ),
        (
            "mfa/email/recovery_codes_generated_subject.txt",
            {},
            "Đã tạo mã khôi phục mới",
        ),
    ],
    ids=[
        "totp-activated",
        "totp-deactivated",
        "codes-generated",
        "codes-generated-show-once",
        "totp-activated-subject",
        "codes-generated-subject",
    ],
)
def test_two_factor_messages_and_email_subjects_are_in_vietnamese(
    template, context, vietnamese_text
):
    """What allauth shows or sends once a change is committed, which a test's
    transaction never is: rendered here as its adapter renders them."""
    with translation.override("vi"):
        assert " ".join(render_to_string(template, context).split()) == (
            vietnamese_text
        )
