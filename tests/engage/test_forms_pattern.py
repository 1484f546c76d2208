"""Every public form and the account forms follow one pattern (issue 17): on an
error, "Error: " starts the title and a summary at the top of the page links to
each field and takes focus; after success the confirmation takes focus; personal
fields say what they hold, and numbers take any script's digits. The browser
half (focus really moves, nothing scrolls sideways) is
tests/browser/test_inclusion_forms.py."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cms.models import ContactPage
from forums.models import RSVP
from surveys.models import Answer, QuestionKind
from tests.factories.forums import make_forum, rsvp_data
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

REQUIRED = "This field is required."


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def error_title_prefix(language):
    with translation.override(language):
        return gettext("Error:") + " "


def summary_links(response, language="en", status=200):
    """Check the summary's frame and return its links as (href, text) pairs."""
    assert response.status_code == status
    page = soup(response)
    assert page.title.get_text().startswith(error_title_prefix(language))
    box = page.select_one("main #error-summary")
    assert box is not None, "No error summary"
    # First thing in the page's content, focused on load, named by its heading,
    # and no live region (an alert present from page load is never announced).
    assert page.select_one("main .container > *") is box
    assert box.name == "section"
    assert box["tabindex"] == "-1"
    assert box.has_attr("autofocus")
    assert box.has_attr("data-autofocus")
    assert not page.select("[role=alert]")
    heading = page.select_one(f"#{box['aria-labelledby']}")
    with translation.override(language):
        assert heading.get_text(strip=True) == gettext("There is a problem")
    links = [(a["href"], a.get_text(" ", strip=True)) for a in box.select("li a")]
    assert len(box.select("li")) == len(links), "An error without a link"
    for href, _text in links:
        assert page.select_one(href) is not None, f"{href} leads nowhere"
    return links


def assert_no_summary(response):
    assert response.status_code == 200
    page = soup(response)
    assert not page.title.get_text().startswith(error_title_prefix("en"))
    assert page.select_one("#error-summary") is None
    assert not page.select("[role=alert]")


@pytest.fixture
def forum(forum_index):
    return make_forum(forum_index, capacity=50)


@pytest.fixture
def survey(survey_index):
    return make_survey(
        survey_index,
        questions=[
            {
                "key": "pick",
                "kind": QuestionKind.SINGLE,
                "required": True,
                "text": "Do you feel safe in your neighbourhood?",
                "choices": [("yes", "Yes"), ("no", "No")],
            },
            {
                "key": "age",
                "kind": QuestionKind.NUMBER,
                "required": True,
                "min_value": 16,
                "max_value": 120,
                "text": "Your age.",
            },
        ],
    )


def question_name(survey, key):
    return f"q{survey.questions.get(key=key).pk}"


def question_id(survey, key):
    return f"id_{question_name(survey, key)}"


# The error summary -------------------------------------------------------------


def test_rsvp_errors_link_to_each_field(client, forum):
    assert_no_summary(client.get(forum.url))

    response = client.post(forum.url, rsvp_data(name="", email="not-an-email"))

    assert summary_links(response) == [
        ("#id_name", f"Your name: {REQUIRED}"),
        ("#id_email", "Email: Enter a valid email address."),
    ]
    # Sent to the page itself, not to #rsvp: a fragment stops the browser from
    # honouring `autofocus`.
    form = soup(response).select_one("form.rsvp-form")
    assert form["action"] == forum.url
    assert "Please correct the errors below" not in response.content.decode()
    assert not RSVP.objects.exists()


def test_summary_and_title_in_the_residents_language(client, forum):
    with translation.override("es"):
        required = gettext(REQUIRED)
        your_name = gettext("Your name")
    response = client.post(
        forum.url.replace("/en/", "/es/", 1), rsvp_data(name="", language="es")
    )
    assert summary_links(response, "es") == [("#id_name", f"{your_name}: {required}")]


def test_survey_errors_link_to_the_first_option_and_the_box(client, survey):
    assert_no_summary(client.get(survey.url))

    response = client.post(survey.url, {})

    # The label's closing full stop is dropped before the colon.
    assert summary_links(response) == [
        (
            f"#{question_id(survey, 'pick')}_0",
            "Do you feel safe in your neighbourhood?: Please answer this question.",
        ),
        (f"#{question_id(survey, 'age')}", "Your age: Please answer this question."),
    ]


def test_contact_errors_link_to_each_field(client, demo_site):
    contact = ContactPage.objects.get()
    assert_no_summary(client.get(contact.url))

    response = client.post(contact.url, {"your_email": "nope"})

    assert summary_links(response) == [
        ("#id_your_name", f"Your name: {REQUIRED}"),
        ("#id_your_email", "Your email: Enter a valid email address."),
        ("#id_topic", f"Topic: {REQUIRED}"),
        ("#id_your_message", f"Your message: {REQUIRED}"),
    ]


def test_pledge_follow_errors_link_to_each_field(client, pledge):
    response = client.post(reverse("pledges:follow", args=[pledge.pk]), {})

    assert summary_links(response, status=400) == [
        ("#id_email", f"Your email address: {REQUIRED}"),
        ("#id_frequency_0", f"How often should we write?: {REQUIRED}"),
        ("#id_language", f"Language of the emails: {REQUIRED}"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "links"),
    [
        (
            "account_signup",
            {},
            [
                ("#id_email", f"Email: {REQUIRED}"),
                ("#id_password1", f"Password: {REQUIRED}"),
                ("#id_password2", f"Password (again): {REQUIRED}"),
            ],
        ),
        ("account_reset_password", {}, [("#id_email", f"Email: {REQUIRED}")]),
        ("account_request_login_code", {}, [("#id_email", f"Email: {REQUIRED}")]),
        (
            # A wrong password is an error of the whole form: its link leads
            # to the first field.
            "account_login",
            {"login": "nobody@example.org", "password": "wrong-password-here"},
            [
                (
                    "#id_login",
                    "The email address and/or password you specified are not correct.",
                )
            ],
        ),
    ],
)
def test_account_form_errors_link_to_each_field(client, home, name, data, links):
    url = reverse(name)
    assert_no_summary(client.get(url))
    assert summary_links(client.post(url, data)) == links


def test_account_fields_are_labelled_on_the_page(client, home):
    page = soup(client.get(reverse("account_signup")))
    for field_id in ("id_email", "id_password1", "id_password2"):
        assert page.select_one(f"label[for={field_id}]") is not None, field_id
    assert page.select_one("main form")["novalidate"] == ""


# Confirmations take focus ---------------------------------------------------------


def assert_focused_confirmation(response, text):
    assert response.status_code == 200
    page = soup(response)
    focused = page.select("[autofocus]")
    assert len(focused) == 1
    assert focused[0]["tabindex"] == "-1"
    assert text in focused[0].get_text(" ", strip=True)


def test_rsvp_lands_on_its_focused_confirmation(client, forum):
    response = client.post(forum.url, rsvp_data())

    assert response.status_code == 302
    assert response["Location"] == f"{forum.url}#messages"
    page = client.get(forum.url)
    assert_focused_confirmation(
        page,
        "Almost done: we have emailed a link to ana@example.org. Open it to "
        "confirm your RSVP. No seat is held for you until you do.",
    )
    assert soup(page).select_one("[autofocus]")["id"] == "messages"


def test_survey_thanks_are_focused(client, survey):
    data = {
        question_name(survey, "pick"): str(
            survey.questions.get(key="pick").choices.get(code="yes").pk
        ),
        question_name(survey, "age"): "42",
    }
    response = client.post(survey.url, data, follow=True)
    assert_focused_confirmation(response, "Thank you. Your answers have been counted.")


def test_contact_thanks_are_focused(client, demo_site):
    contact = ContactPage.objects.get()
    data = {
        "your_name": "Dana Reyes",
        "your_email": "dana@example.org",
        "topic": "Something else",
        "your_message": "Hello.",
        "website": "",
    }
    response = client.post(contact.url, data)
    page = soup(response)
    focused = page.select("[autofocus]")
    assert len(focused) == 1
    assert "message--success" in focused[0]["class"]
    assert focused[0]["tabindex"] == "-1"


def test_pledge_follow_confirmation_is_focused(client, pledge):
    data = {"email": "resident@example.org", "frequency": "each", "language": "en"}
    response = client.post(
        reverse("pledges:follow", args=[pledge.pk]), data, follow=True
    )
    assert_focused_confirmation(response, "resident@example.org")


# What fields say they hold, and digits in any script --------------------------------


def field(page, field_id):
    element = page.select_one(f"#{field_id}")
    assert element is not None, field_id
    return element


def test_rsvp_fields_say_what_they_hold(client, forum):
    page = soup(client.get(forum.url))
    assert field(page, "id_name")["autocomplete"] == "name"
    assert field(page, "id_email")["type"] == "email"
    assert field(page, "id_email")["autocomplete"] == "email"
    assert field(page, "id_phone")["type"] == "tel"
    assert field(page, "id_phone")["autocomplete"] == "tel"
    for number in ("id_party_size", "id_childcare_children"):
        assert field(page, number)["type"] == "text"
        assert field(page, number)["inputmode"] == "numeric"
    assert not page.select("input[type=number]")


def test_contact_fields_say_what_they_hold(client, demo_site):
    contact = soup(client.get(ContactPage.objects.get().url))
    assert field(contact, "id_your_name")["autocomplete"] == "name"
    assert field(contact, "id_your_email")["autocomplete"] == "email"


def test_follow_and_survey_fields_say_what_they_hold(client, pledge, survey):
    follow = soup(client.get(pledge.url))
    assert field(follow, "id_email")["autocomplete"] == "email"
    answering = soup(client.get(survey.url))
    age = field(answering, question_id(survey, "age"))
    assert (age["type"], age["inputmode"]) == ("text", "decimal")
    assert not answering.select("input[type=number]")


def test_arabic_indic_digits_are_numbers(client, forum, survey):
    response = client.post(
        forum.url.replace("/en/", "/ar/", 1),
        rsvp_data(party_size="٢", childcare_children="١"),
    )
    assert response.status_code == 302
    rsvp = RSVP.objects.get()
    assert (rsvp.party_size, rsvp.childcare_children) == (2, 1)

    pick = survey.questions.get(key="pick").choices.get(code="no")
    data = {question_name(survey, "pick"): str(pick.pk)}
    data[question_name(survey, "age")] = "۴۲"  # Persian digits
    assert client.post(survey.url, data).status_code == 302
    assert Answer.objects.get(question__key="age").number == 42


# The phone menu --------------------------------------------------------------------


def test_menu_folds_into_a_details_button(client, forum):
    page = soup(client.get(forum.url))
    nav = page.select_one("nav.site-nav")
    fold = nav.select_one("details.site-nav__fold")
    assert not fold.has_attr("open")
    with translation.override("en"):
        assert fold.select_one("summary").get_text(strip=True) == gettext("Menu")
    folded = [a["href"] for a in fold.select("a")]
    wide = [a["href"] for a in nav.select(".site-nav__list--wide a")]
    assert folded == wide
    assert reverse("search") in folded
