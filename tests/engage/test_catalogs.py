"""Every interface string is translated into every site language.

This fails until the translation catalogs are complete (`make messages`, then
translate every entry): a missing or fuzzy entry shows English to a reader who
chose another language.
"""

import gettext
import re

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


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_translation_is_still_asked_for(extracted, language):
    """A translated string the extractor no longer finds: reworded, removed, or
    asked for where the extractor cannot see it (``gettext`` inside an f-string,
    as "Over time" once was). ``make messages`` would drop its translation, and
    readers of this language would get English where the code still asks."""
    asked = {(message.id, message.context) for message in extracted if message.id}
    dropped = [
        message.id
        for message in read_catalog(language)
        if message.id and (message.id, message.context) not in asked
    ]
    assert dropped == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_plural_entries_have_every_form_of_the_language(language):
    """Arabic has six plural forms, Spanish two, Chinese, Vietnamese and Korean
    one: a plural entry short of a form shows English (or nothing) for some
    numbers, and one with extra forms means the header and entries disagree."""
    catalog = read_catalog(language)
    expected = {"es": 2, "zh-hans": 1, "vi": 1, "ar": 6, "ko": 1}[language]

    assert catalog.num_plurals == expected
    wrong = [
        (message.id, len(message.string))
        for message in catalog
        if message.id
        and isinstance(message.id, tuple)
        and len(message.string) != expected
    ]
    assert wrong == []


def test_arabic_plural_rule_picks_the_form_for_each_number():
    """The Plural-Forms header of Arabic: zero, one, two, few (3-10), the form
    for 11-99, and the form for hundreds (100-102) as the catalog orders them."""
    catalog = read_catalog("ar")
    rule = gettext.c2py(catalog.plural_expr)
    forms = {n: rule(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)}

    assert forms == {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 5, 99: 5, 100: 4, 102: 4}


# The accusative ending of an indefinite noun: “15 عضوًا”.
ARABIC_ACCUSATIVE = re.compile("ًا|ةً|ءً|ًى")


def test_arabic_counts_eleven_to_ninety_nine_in_the_accusative():
    """Arabic counts 11-99 with a singular noun in the accusative (“15 عضوًا”)
    and hundreds with a singular in the genitive (“100 عضو”): form 5 of the
    rule above, and form 4. Where the two forms differ, form 5 carries the
    accusative endings, not form 4."""
    catalog = read_catalog("ar")
    swapped = [
        message.id[0]
        for message in catalog
        if isinstance(message.id, tuple)
        and len(ARABIC_ACCUSATIVE.findall(message.string[4] or ""))
        > len(ARABIC_ACCUSATIVE.findall(message.string[5] or ""))
    ]
    assert swapped == []


def test_arabic_reads_a_count_as_arabic_does():
    """What a reader sees for 15 and for 100 members."""
    translation = gettext.GNUTranslations(
        catalog_path("ar").with_suffix(".mo").open("rb")
    )
    singular, plural = "%(count)s member to add", "%(count)s members to add"

    assert translation.ngettext(singular, plural, 15) == "%(count)s عضوًا للإضافة"
    assert translation.ngettext(singular, plural, 100) == "%(count)s عضو للإضافة"


def test_korean_never_leaves_the_particle_for_the_reader_to_pick():
    """“5이(가)” reads as a form to fill in: a Korean sentence around a
    placeholder is phrased so that no particle follows the value."""
    catalog = read_catalog("ko")
    bracketed = re.compile(r"\((이|가|은|는|을|를|과|와|으)\)")
    found = [
        message.id
        for message in catalog
        if message.id
        for text in (
            message.string if isinstance(message.string, tuple) else [message.string]
        )
        if bracketed.search(text or "")
    ]
    assert found == []


def test_arabic_dual_names_two_without_a_numeral():
    """Arabic says “two people” with the dual alone (شخصان); “2 شخصان” repeats
    the number. Form 2 is used for exactly two, so it needs no numeral."""
    catalog = read_catalog("ar")
    numeral_then_dual = re.compile(r"%\(\w+\)s \w+(ان|ين)\b")
    found = [
        message.id
        for message in catalog
        if isinstance(message.id, tuple)
        and numeral_then_dual.search(message.string[2] or "")
    ]
    assert found == []


def test_arabic_keeps_a_file_extension_in_its_own_order():
    """“(.ics)” inside Arabic is drawn “(ics.)”: the full stop, having no
    direction of its own, joins the Arabic run. A left-to-right isolate around
    the extension keeps it as written."""
    catalog = read_catalog("ar")
    extension = re.compile(r"(?<![\w\u2066])\.[A-Za-z]+")
    found = [
        message.id
        for message in catalog
        for text in (
            message.string if isinstance(message.string, tuple) else [message.string]
        )
        if extension.search(text or "")
    ]
    assert found == []
