"""Language helpers shared by pages, emails and forms."""

import functools
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from modeltranslation.utils import build_localized_fieldname, resolution_order

# The site's languages in menu order; settings.LANGUAGES is the one list.
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# How each language names its translated columns (``title_zh_hans``).
LANGUAGE_FIELD_SUFFIXES = [code.replace("-", "_") for code in LANGUAGE_CODES]
NON_DEFAULT_LANGUAGE_CODES = [c for c in LANGUAGE_CODES if c != settings.LANGUAGE_CODE]


@functools.cache
def column_of(field_name, language):
    """The column holding ``field_name`` in ``language`` (``title_zh_hans``),
    worked out once: listings ask it for every field of every row."""
    return build_localized_fieldname(field_name, language)


def normalize_language(language):
    """Return a supported language code, falling back to the default."""
    if language in LANGUAGE_CODES:  # most callers pass one already
        return language
    if not language:
        return settings.LANGUAGE_CODE
    language = language.lower().replace("_", "-")
    if language in LANGUAGE_CODES:
        return language
    base = language.split("-")[0]
    if base == "zh":
        return "zh-hans"
    return base if base in LANGUAGE_CODES else settings.LANGUAGE_CODE


def language_choices():
    """Each language named in its own script, for forms and switchers."""
    return list(settings.LANGUAGES)


def babel_locale(language=None):
    """Babel's name for a Django language code (``zh-hans`` -> ``zh_Hans``)."""
    language = normalize_language(language or translation.get_language())
    if language == "zh-hans":
        return "zh_Hans_CN"
    return language


def translated_value(row, field_name, language=None):
    """A translated field read from a ``values()`` row, as modeltranslation reads
    it on a model: in ``language`` (the active one unless given), else in English,
    else empty."""
    for code in fallback_order(language or translation.get_language()):
        value = row.get(column_of(field_name, code))
        if value not in (None, ""):
            return value
    return ""


class RowText:
    """A translated field of an object made from a ``values()`` row (a card, a
    listing's row): in the active language, or in English when not translated,
    as the field reads on its model (``translated_value`` of the row's columns,
    ``columns_in``)."""

    def __init__(self, field_name):
        self.field_name = field_name

    def __get__(self, row, owner=None):
        if row is None:
            return self
        return translated_value(row.__dict__, self.field_name)


@functools.cache
def fallback_order(language):
    """``language``, then the languages its untranslated fields are shown in."""
    return resolution_order(normalize_language(language))


def columns_in(language, *field_names):
    """The columns ``translated_value`` reads for each field in ``language``: a
    row read for one reader need not carry the other languages' text."""
    return tuple(
        column_of(name, code)
        for name in field_names
        for code in fallback_order(language)
    )


def ordered_as_shown(field_name, language=None):
    """An ordering by a translated field as readers of ``language`` (the active
    one unless given) see it: an untranslated row sorts by the text it falls
    back to, among the others, not first as its empty column would."""
    columns = columns_in(language or translation.get_language(), field_name)
    if len(columns) == 1:
        return F(columns[0]).asc()
    return Coalesce(*(NullIf(F(column), Value("")) for column in columns)).asc()


def missing_translations(instance, field_names, language=None):
    """Names of fields that have English content but none in ``language``."""
    language = normalize_language(language or translation.get_language())
    if language == settings.LANGUAGE_CODE:
        return []
    missing = []
    for name in field_names:
        original = getattr(instance, column_of(name, settings.LANGUAGE_CODE), None)
        translated = getattr(instance, column_of(name, language), None)
        if _has_content(original) and not _has_content(translated):
            missing.append(name)
    return missing


def language_attributes(code):
    """``lang`` and ``dir`` of text written in the language ``code``."""
    try:
        bidi = translation.get_language_info(code)["bidi"]
    except KeyError:  # a language Django does not know (Kreyòl, Hmoob)
        bidi = False
    return {"lang": code, "dir": "rtl" if bidi else "ltr"}


# The language and direction of text shown untranslated, as an element's
# attributes: the default language's.
FALLBACK_ATTRIBUTES = language_attributes(settings.LANGUAGE_CODE)
# The same, written into a tag.
FALLBACK_MARK = format_html(
    ' lang="{}" dir="{}"', FALLBACK_ATTRIBUTES["lang"], FALLBACK_ATTRIBUTES["dir"]
)


def fallback_attributes(instance, field_name, language=None):
    """` lang="en" dir="ltr"` when ``instance``'s field is shown in English because
    it is not translated into ``language`` (the active one unless given), else
    ""."""
    if instance is None or not missing_translations(instance, [field_name], language):
        return ""
    return FALLBACK_MARK


def marked_text(instance, field_name, lines=False):
    """A translated field's text as HTML, inside ``<span lang="en" dir="ltr">``
    when it is shown in English, so that inline text carries its own language
    wherever it appears (cards, tables, links, form labels, emails). ``lines``
    keeps its line breaks."""
    value = getattr(instance, field_name, "") if instance is not None else ""
    text = conditional_escape(value or "")
    if lines:
        text = linebreaksbr(text)
    attributes = fallback_attributes(instance, field_name)
    if not attributes:
        return text
    return format_html("<span{}>{}</span>", attributes, text)


def blocktranslated(message, **values):
    """``message`` (already translated) with its values, as
    ``{% blocktranslate %}`` writes it: the translation as it is, the values
    escaped. For markup written in Python that replaces a template's."""
    return message % {name: conditional_escape(value) for name, value in values.items()}


def languages_with(instance, field_name):
    """The site's languages in which ``instance``'s field is written, in menu
    order: the languages a printed sheet or an email about it can be given in."""
    return [
        code
        for code in LANGUAGE_CODES
        if _has_content(getattr(instance, column_of(field_name, code)))
    ]


def _has_content(value):
    if isinstance(value, str):  # most translated fields
        return bool(value.strip())
    if value is None:
        return False
    if hasattr(value, "raw_data"):
        return len(value.raw_data) > 0
    return bool(str(value).strip())


def language_links(url_in):
    """The site's languages in menu order, each with ``url_in(code)``, the page in
    that language, for a switcher: named in its own language, marked when it is
    the current one or written right to left."""
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": url_in(code),
            "current": code == current,
            "bidi": code in settings.LANGUAGES_BIDI,
        }
        for code, name in settings.LANGUAGES
    ]


def path_in_language(path, language):
    """``path`` with its language prefix (if it has one) made ``language``'s: the
    same page in another language, as the site's URL patterns address it."""
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in LANGUAGE_CODES:
        rest = parts[2] if len(parts) > 2 else ""
    else:
        rest = path.lstrip("/")
    return f"/{language}/{rest}"


def url_in_language(url, language):
    """A page's address (root-relative or absolute) in ``language``; None for a
    page with no address."""
    if url is None:
        return None
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=path_in_language(parts.path, language)))


def switch_language_url(request, language):
    """The current page's address in another language: the prefix changes, the
    rest of the path and the query string stay."""
    url = path_in_language(request.path, language)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url
