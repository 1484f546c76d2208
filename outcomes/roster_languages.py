"""Reading a roster's language cell: a code, a tag or a language's name.

Rosters come from personnel systems that write "es", "es-MX", "Spanish" or
"español"; each means the same site language. Names are matched without case or
accents, in English, in the language itself and in every site language.
"""

import unicodedata

from django.conf.locale import LANG_INFO
from django.utils import translation

from engage.i18n import LANGUAGE_CODES


def fold(text):
    """Lower case without accents or marks: "Español" reads as "espanol"."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _names(code):
    info = LANG_INFO.get(code, {})
    names = {code, info.get("name", ""), info.get("name_local", "")}
    if info.get("name"):
        for language in LANGUAGE_CODES:
            with translation.override(language):
                names.add(translation.gettext(info["name"]))
    return names


def language_labels():
    """Every accepted spelling, folded, and the site language it means."""
    labels = {}
    for code in LANGUAGE_CODES:
        for name in _names(code):
            if name:
                labels.setdefault(fold(name), code)
    return labels


def language_from_label(text, labels):
    """The site language ``text`` names, or None when it names none of them."""
    key = fold(text).replace("_", "-")
    if key in labels:
        return labels[key]
    # A regional tag (es-MX, zh-CN): Django's own fallback, else its language.
    fallbacks = LANG_INFO.get(key, {}).get("fallback")
    if fallbacks:
        return labels.get(fallbacks[0])
    primary = key.split("-")[0]
    return next((c for c in LANGUAGE_CODES if c.split("-")[0] == primary), None)
