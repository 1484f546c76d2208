"""Every interface string is translated into every site language.

This fails until the translation catalogs are complete (`make messages`, then
translate every entry): a missing or fuzzy entry shows English to a reader who
chose another language.
"""

import pytest
from django.conf import settings

from engage.catalogs import catalog_path, extract_messages, read_catalog, untranslated

TRANSLATED_LANGUAGES = [
    code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


@pytest.fixture(scope="module")
def extracted():
    return extract_messages()


def test_extraction_finds_the_interface_strings(extracted):
    ids = {message.id for message in extracted if message.id}
    assert "Skip to main content" in ids  # a template
    assert "Your preferences have been saved." in ids  # Python code
    assert "Sign-In Code" not in ids  # allauth's own strings are allauth's job
    assert (
        "%(counter)s result for “%(query)s”",
        "%(counter)s results for “%(query)s”",
    ) in ids


def test_extraction_survives_oddly_indented_templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "figure.html").write_text(
        "{% load i18n %}\n<figure>\n  <figcaption>\n     {{ value }}\n"
        '    <span>{% translate "Source" %}</span>\n  </figcaption>\n</figure>\n',
        encoding="utf-8",
    )

    catalog = extract_messages(tmp_path)

    assert [message.id for message in catalog if message.id] == ["Source"]


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalog_is_complete(extracted, language):
    assert catalog_path(language).exists(), f"no catalog for {language}"
    catalog = read_catalog(language)

    missing = [
        message.id
        for message in extracted
        if message.id and catalog.get(message.id, context=message.context) is None
    ]
    assert missing == [], f"{len(missing)} strings missing from {language}"
    problems = untranslated(catalog)
    assert problems == [], f"{len(problems)} strings untranslated in {language}"
