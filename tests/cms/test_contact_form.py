"""The demo contact form: what a resident, an organizer and a bot each get."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms.models import ContactPage

VALID = {
    "your_name": "Dana Reyes",
    "your_email": "dana@example.org",
    "topic": "A topic for a future forum",
    "your_message": "Could a forum cover traffic stops near Elm Avenue?",
    "website": "",
}


@pytest.fixture
def contact(demo_site):
    return ContactPage.objects.get()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def field_errors(response, name):
    errors = soup(response).select_one(f"#id_{name}_error")
    return [item.get_text() for item in errors.select("li")] if errors else []


def assert_nothing_kept():
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_valid_message_is_stored_emailed_and_thanked(client, contact):
    response = client.post("/en/contact/", VALID)

    assert response.status_code == 200
    assert "cms/contact_page_landing.html" in [t.name for t in response.templates]
    thanks = soup(response).select_one(".message--success").get_text()
    assert "Thank you" in thanks

    submission = FormSubmission.objects.get()
    assert submission.page_id == contact.pk
    data = submission.get_data()
    assert data["your_email"] == "dana@example.org"
    assert "website" not in data

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["engagement@example.org"]
    assert message.subject == contact.subject
    assert message.reply_to == ["dana@example.org"]
    assert "traffic stops near Elm Avenue" in message.body
    html = message.alternatives[0][0]
    assert "traffic stops near Elm Avenue" in html
    assert "Website" not in message.body


def test_contact_email_escapes_html_from_residents(client, contact):
    client.post(
        "/en/contact/", {**VALID, "your_message": "<b>bold</b> <script>x()</script>"}
    )

    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_form_is_labelled_and_hides_the_honeypot(client, contact):
    page = soup(client.get("/en/contact/"))

    for name in ("your_name", "your_email", "topic", "your_message"):
        assert page.select_one(f"label[for=id_{name}]") is not None
    honeypot = page.select_one("#id_website")
    assert honeypot.find_parent(class_="hp")["aria-hidden"] == "true"
    assert honeypot["tabindex"] == "-1"


def test_missing_fields_are_reported_next_to_each_field(client, contact):
    response = client.post("/en/contact/", {**VALID, "your_name": "", "topic": ""})

    assert response.status_code == 200
    assert field_errors(response, "your_name") == ["This field is required."]
    assert field_errors(response, "topic") == ["This field is required."]
    assert field_errors(response, "your_email") == []
    # What the resident typed is kept so they do not have to write it again.
    message = soup(response).select_one("#id_your_message").get_text()
    assert "traffic stops near Elm Avenue" in message
    assert_nothing_kept()


def test_errors_are_in_spanish_on_the_spanish_page(client, contact):
    response = client.post(
        "/es/contact/", {**VALID, "your_name": "", "your_email": "not-an-email"}
    )

    assert response.status_code == 200
    assert soup(response).html["lang"] == "es"
    # Wagtail's Spanish catalog words Django's "required" message this way.
    assert field_errors(response, "your_name") == ["Este campo es necesario."]
    assert field_errors(response, "your_email") == [
        "Introduzca una dirección de correo electrónico válida."
    ]
    assert_nothing_kept()


def test_filled_honeypot_is_turned_away(client, contact):
    response = client.post(
        "/en/contact/", {**VALID, "website": "https://spam.example.com"}
    )

    assert response.status_code == 200
    assert field_errors(response, "website") != []
    assert_nothing_kept()


@pytest.mark.parametrize(
    "junk",
    [
        {"your_name": "Dana\x00Reyes"},
        {"your_message": "hello\x00world"},
        {"your_name": "x" * 100_000},
        {"your_message": "x" * 100_000},
        {"your_email": "x" * 100_000 + "@example.org"},
        {"topic": "Not one of the choices"},
        {"topic": "\x00"},
        {"your_email": "<script>alert(1)</script>"},
        {"topic": "<script>alert(1)</script>"},
    ],
    ids=[
        "nul-in-name",
        "nul-in-message",
        "huge-name",
        "huge-message",
        "huge-email",
        "unknown-choice",
        "nul-choice",
        "script-email",
        "script-choice",
    ],
)
def test_junk_is_refused_without_error_or_echo(client, contact, junk):
    response = client.post("/en/contact/", {**VALID, **junk})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert soup(response).select(".errorlist")
    assert_nothing_kept()


def test_repeated_and_unexpected_fields_do_not_break_the_form(client, contact):
    data = {**VALID, "your_name": ["One", "Two"], "is_admin": "1", "page": "7"}

    response = client.post("/en/contact/", data)

    assert response.status_code == 200
    assert FormSubmission.objects.get().get_data()["your_name"] == "Two"


def test_empty_post_is_an_invalid_form_not_an_error(client, contact):
    response = client.post("/en/contact/", {})

    assert response.status_code == 200
    assert len(soup(response).select(".errorlist")) == 4
    assert_nothing_kept()


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_never_store_anything(client, contact, method):
    response = getattr(client, method)(
        "/en/contact/",
        "your_name=Dana",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert_nothing_kept()


def test_unknown_method_is_refused(client, contact):
    response = client.generic("BREW", "/en/contact/")

    assert response.status_code == 405
    assert_nothing_kept()


def test_untranslated_labels_and_choices_are_marked_but_emailed_plainly(
    client, contact
):
    """An office that wrote the form in English only: on the Arabic page its
    labels, help and choices say they are English; the organizers' email names
    the fields as they wrote them, without markup."""
    for field in contact.form_fields.all():
        for name in ("label", "help_text", "choices"):
            setattr(field, f"{name}_ar", "")
        field.save()
    page = soup(client.get("/ar/contact/"))

    name_label = page.select_one('label[for="id_your_name"] span')
    assert (name_label.get_text(), name_label["lang"], name_label["dir"]) == (
        "Your name",
        "en",
        "ltr",
    )
    topic = page.select_one("#id_topic")
    assert (topic["lang"], topic["dir"]) == ("en", "ltr")
    assert "A topic for a future forum" in [
        o.get_text() for o in topic.select("option")
    ]
    help_text = page.select_one("#id_your_message_helptext span")
    assert help_text["lang"] == "en"

    response = client.post("/ar/contact/", VALID)
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1
    (message,) = mail.outbox
    assert "Your name:\nDana Reyes\n" in message.body
    assert "<span" not in message.body
    assert "&lt;span" not in message.alternatives[0][0]
