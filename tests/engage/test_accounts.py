"""Signing in with an emailed code, and the resident's account page."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories.engage import UserFactory

CODE_LINE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def emailed_code(message):
    found = CODE_LINE.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


@pytest.fixture
def resident(db):
    return UserFactory(email="dana@example.org", preferred_language="")


def request_code(client, email, language="en"):
    return client.post(url("account_request_login_code", language), {"email": email})


def test_sign_in_with_the_emailed_code(client, resident, home):
    response = request_code(client, resident.email)

    assert response.status_code == 302
    assert response["Location"] == url("account_confirm_login_code")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    code = emailed_code(message)

    response = client.post(url("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert response["Location"] == url("account_profile")
    assert get_user(client).pk == resident.pk
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert resident.email in BeautifulSoup(page.content, "html.parser").main.get_text()


def test_resident_lands_in_their_preferred_language(client, resident, home):
    resident.preferred_language = "ko"
    resident.save()
    request_code(client, resident.email)

    response = client.post(
        url("account_confirm_login_code"), {"code": emailed_code(mail.outbox[0])}
    )

    assert response["Location"] == "/ko/accounts/profile/"
    page = client.get(response["Location"])
    assert BeautifulSoup(page.content, "html.parser").html["lang"] == "ko"


def test_code_email_is_in_the_language_of_the_page(client, resident, home):
    request_code(client, resident.email, language="es")

    message = mail.outbox[0]
    assert message.subject == "Código de inicio de sesión"
    assert emailed_code(message)


def test_wrong_code_is_refused(client, resident, home):
    request_code(client, resident.email)
    code = emailed_code(mail.outbox[0])
    wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)

    response = client.post(url("account_confirm_login_code"), {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not get_user(client).is_authenticated


def test_code_for_an_unknown_address_signs_nobody_in(client, resident, home):
    response = request_code(client, "stranger@example.org")

    # allauth does not reveal whether an address has an account...
    assert response.status_code == 302
    # ...and the stranger cannot sign in with a guessed code.
    client.post(url("account_confirm_login_code"), {"code": "ABC123"})
    assert not get_user(client).is_authenticated


def test_account_page_requires_sign_in(client, home):
    response = client.get(url("account_profile", "es"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login", "es"))
    assert "next=/es/accounts/profile/" in response["Location"]


def profile_data(**changes):
    return {
        "first_name": "Dana",
        "last_name": "Reyes",
        "preferred_language": "en",
        "email_forum_updates": "on",
        **changes,
    }


def test_saving_a_preferred_language(client, resident, home):
    client.force_login(resident)

    response = client.post(
        url("account_profile"), profile_data(preferred_language="vi")
    )

    assert response.status_code == 302
    # The site carries on in the language just chosen.
    assert response["Location"] == "/vi/accounts/profile/"
    resident.refresh_from_db()
    assert resident.preferred_language == "vi"
    assert resident.first_name == "Dana"
    assert resident.email_forum_updates is True
    assert resident.email_news is False
    page = client.get(response["Location"])
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.html["lang"] == "vi"
    assert soup.select(".message--success")
    assert soup.select_one("#id_preferred_language option[selected]")["value"] == "vi"


@pytest.mark.parametrize("language", ["xx", "", "es-ES", "en\x00", "<script>"])
def test_unknown_language_is_refused(client, resident, home, language):
    client.force_login(resident)

    response = client.post(
        url("account_profile"), profile_data(preferred_language=language)
    )

    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(
        "#id_preferred_language_error li"
    )
    assert errors
    assert "<script>" not in response.content.decode().split("</header>")[1]
    resident.refresh_from_db()
    assert resident.preferred_language == ""
    assert resident.first_name == ""


def test_account_page_errors_are_in_spanish(client, resident, home):
    client.force_login(resident)

    response = client.post(
        url("account_profile", "es"), profile_data(preferred_language="")
    )

    errors = BeautifulSoup(response.content, "html.parser").select(
        "#id_preferred_language_error li"
    )
    assert [e.get_text() for e in errors] == ["Este campo es necesario."]


def test_language_choices_are_named_in_their_own_script(client, resident, home):
    client.force_login(resident)

    response = client.get(url("account_profile", "ko"))

    options = BeautifulSoup(response.content, "html.parser").select(
        "#id_preferred_language option"
    )
    names = {option["value"]: option.get_text() for option in options}
    assert names["zh-hans"] == "简体中文"
    assert names["ar"] == "العربية"
