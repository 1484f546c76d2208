"""The privacy page in every language: each section is there, in that language,
with no sentence left in English (gettext gives back the English msgid only when
a translation is missing)."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from engage.i18n import LANGUAGE_CODES
from engage.privacy_views import page_sections
from tests.factories.cms import make_contact_page

pytestmark = pytest.mark.django_db

TEXTS = ("heading", "collected", "purpose", "kept", "not_kept", "visible")


@pytest.fixture
def contact(home):
    return make_contact_page(home)


def sections_in(language):
    with translation.override(language):
        request = RequestFactory().get(f"/{language}/privacy/")
        return page_sections(request)


def page_in(client, language):
    with translation.override(language):
        response = client.get(reverse("privacy"))
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").main
    return " ".join(main.get_text(" ").split())


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_section_is_on_the_page_in_every_language(client, contact, language):
    text = page_in(client, language)

    for section in sections_in(language):
        for key in TEXTS:
            if section.get(key):
                assert " ".join(section[key].split()) in text


@pytest.mark.parametrize("language", [code for code in LANGUAGE_CODES if code != "en"])
def test_no_sentence_is_left_in_english(client, contact, language):
    english = sections_in("en")
    translated = sections_in(language)
    text = page_in(client, language)

    assert len(translated) == len(english)
    for ours, theirs in zip(english, translated, strict=True):
        for key in TEXTS:
            if ours.get(key):
                assert theirs[key] != ours[key], (language, key, ours[key])
                for sentence in ours[key].split(". "):
                    assert sentence not in text, (language, sentence)
