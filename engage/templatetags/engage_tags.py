"""Locale-aware formatting (through babel) and translation helpers for templates."""

import copy
import datetime
import functools
import zoneinfo

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.core import Locale
from django import template
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html
from modeltranslation.translator import NotRegistered, translator

from engage.i18n import (
    babel_locale,
    fallback_attributes,
    language_attributes,
    languages_with,
    marked_text,
    missing_translations,
    normalize_language,
)

register = template.Library()


def _local(value, tz_name=None):
    if isinstance(value, datetime.datetime):
        tz = zoneinfo.ZoneInfo(tz_name) if tz_name else timezone.get_current_timezone()
        if timezone.is_aware(value):
            return value.astimezone(tz)
    return value


@register.filter
def format_date(value, format="long", locale_name=None):
    """``{{ forum.start|format_date }}``: "12 de mayo de 2026" in Spanish. Code
    drawing many dates may pass the ``babel_locale`` it worked out once."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return _date(value, format, locale_name or babel_locale())


@functools.lru_cache(maxsize=4096)
def _date(value, format, locale_name):
    """Dates repeat (a listing's cards, a pledge's updates), and Babel reads the
    locale's patterns again for each one."""
    return babel_dates.format_date(value, format=format, locale=locale_name)


@register.filter
def format_datetime(value, format="medium"):
    """Date and time as the reader's language writes them, the time in its short
    form (no seconds, no raw offset) joined by the language's own pattern and
    punctuation: "15 de enero de 2027, 9:00", "15 يناير 2027، 9:00 ص". The "long"
    and "full" forms name the time zone in words, for deadlines and openings."""
    if not value:
        return ""
    value = _local(value)
    locale = Locale.parse(babel_locale())
    date_format = "medium" if format in ("short", "medium") else "long"
    date = babel_dates.format_date(value, format=date_format, locale=locale)
    time = babel_dates.format_time(value, "short", tzinfo=value.tzinfo, locale=locale)
    pattern = str(locale.datetime_formats[date_format]).replace("'", "")
    text = pattern.replace("{0}", time).replace("{1}", date)
    if date_format == "medium" or not isinstance(value, datetime.datetime):
        return text
    zone = babel_dates.get_timezone_name(value, "long", locale=locale)
    if locale.language == "zh":
        return f"{text}（{zone}）"
    return f"{text} ({zone})"


@register.filter
def format_time(value, format="short"):
    if not value:
        return ""
    value = _local(value)
    if format in WALL_CLOCK_FORMATS and isinstance(value, datetime.datetime):
        return _time(value.time(), format, babel_locale())
    return babel_dates.format_time(value, format=format, locale=babel_locale())


# Time formats that show the hour on the clock and nothing of its zone: what
# they write follows from the local time of day alone.
WALL_CLOCK_FORMATS = ("short", "medium")


@functools.lru_cache(maxsize=4096)
def _time(value, format, locale_name):
    """Times of day repeat (forums start at 6 or 6:30), and Babel reads the
    locale's patterns again for each one."""
    return babel_dates.format_time(value, format=format, locale=locale_name)


@register.filter
def format_weekday_date(value):
    """Weekday and date, the way people read an event date: "Tuesday, May 12, 2026"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return _date(value, "full", babel_locale())


@register.filter
def format_number(value, decimals=None):
    """``{{ 1234|format_number }}`` gives "1,234", "1234" or "1.234" by locale;
    with ``decimals``, exactly that many."""
    if value is None or value == "":
        return ""
    places = None if decimals is None else int(decimals)
    locale, pattern = _decimal_pattern(babel_locale(), places)
    return pattern.apply(value, locale)


@functools.lru_cache(maxsize=64)
def _decimal_pattern(locale_name, places):
    """The locale and its number pattern, parsed once: a results table formats
    dozens of numbers, and parsing cost more than formatting."""
    locale = Locale.parse(locale_name)
    if places is None:
        return locale, locale.decimal_formats[None]
    fraction = f".{'0' * places}" if places else ""
    return locale, babel_numbers.parse_pattern(f"#,##0{fraction}")


@register.filter
def format_percent(value, decimals=0):
    """``{{ 0.456|format_percent }}`` gives "46%", "46 %" or "٪46" by locale."""
    if value is None or value == "":
        return ""
    return _percent(value, int(decimals), babel_locale())


@functools.lru_cache(maxsize=4096)
def _percent(value, decimals, locale_name):
    """Percentages repeat (a grid of commitments shows the same few), and
    parsing the locale's pattern costs more than formatting the number."""
    # The locale's own pattern keeps its spacing ("46 %" in Spanish); only the
    # number of decimals is ours to choose.
    locale = Locale.parse(locale_name)
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (decimals, decimals)
    return babel_numbers.format_percent(value, format=pattern, locale=locale)


@register.simple_tag
def written_in(instance, field_name):
    """``{% written_in survey "title" as languages %}``: the languages the field
    is written in (engage.i18n.languages_with)."""
    return languages_with(instance, field_name)


@register.simple_tag
def direction_arrow():
    """An arrow from the old value to the new one in reading order: "→" in
    left-to-right languages, "←" in Arabic, so "35% → 60%" never reads as a fall."""
    return "\u2190" if translation.get_language_bidi() else "\u2192"


@register.filter
def isolate(value):
    """A name typed by a person, isolated from the sentence around it, so that a
    Latin name keeps its own order inside Arabic text (and an Arabic one inside
    English)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate_text(value):
    """``isolate`` for plain text: the name between FIRST STRONG ISOLATE and POP
    DIRECTIONAL ISOLATE, which plain-text mail shows as nothing but obeys."""
    return f"\u2068{value}\u2069"


@register.filter
def format_list(items):
    """Join items as the reader's language does: "a, b and c", "a、b和c"."""
    return babel_lists.format_list([str(item) for item in items], locale=babel_locale())


@register.filter
def language_name(code):
    """A language's name in the reader's language: "vietnamita" in Spanish."""
    code = normalize_language(code) if code else ""
    if not code:
        return ""
    try:
        spoken = Locale.parse(babel_locale(code))
        # A language is named without its territory: "Chinese (Simplified)".
        spoken = Locale(spoken.language, script=spoken.script)
        name = spoken.get_display_name(babel_locale())
    except (ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code


@register.simple_tag
def language_of(code):
    """` lang=".." dir=".."` for an element holding text in the language
    ``code``, such as an option naming a language in its own."""
    return flatatt(language_attributes(code))


@register.filter
def native_language_name(code):
    """A language named in its own script, as a switcher should."""
    return dict(settings.LANGUAGES).get(code, code)


@register.simple_tag
def breadcrumb_trail(page):
    """The page's ancestors from the site's home page down to its parent.

    Walks ``get_parent()``: a page reached through Wagtail's routing already holds
    its parents, so this costs no query where ``get_ancestors()`` would cost one.
    """
    trail = []
    current = page
    while current.depth > 2:
        current = current.get_parent()
        trail.append(current)
    return trail[::-1]


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context, instance, *field_names):
    """Say so when this content is shown in English because it is not translated."""
    if instance is None:
        return {"show": False}
    if not field_names:
        try:
            field_names = translator.get_options_for_model(type(instance)).fields
        except NotRegistered:
            return {"show": False}
        field_names = [name for name in field_names if name not in {"slug", "url_path"}]
    missing = missing_translations(instance, field_names)
    return {
        "show": bool(missing),
        "language": translation.get_language(),
        "default_language": settings.LANGUAGE_CODE,
    }


@register.simple_tag
def fallback_lang(instance, field_name):
    """` lang="en" dir="ltr"` for an element whose field is shown in English because
    it is not translated, so screen readers read it as English (WCAG 3.1.2)."""
    return fallback_attributes(instance, field_name)


@register.simple_tag
def marked(instance, field_name, lines=False):
    """A translated field's text, inside ``<span lang="en" dir="ltr">`` when it is
    shown in English (see engage.i18n.marked_text)."""
    return marked_text(instance, field_name, lines=lines)
