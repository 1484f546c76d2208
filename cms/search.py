"""Site search in every language the site speaks.

The database backends split text into words at spaces and punctuation. Chinese is
written without spaces and Korean glues particles onto words ("경찰은"), so a whole
sentence or word-plus-particle would be one token and nobody could find it.
Indexed text and queries therefore go through the same normalisation: runs of Han,
kana and Hangul become overlapping character pairs (plus single characters in the
index, so a one-character query still finds its pages), Arabic loses its optional
marks, letter variants and definite article, and everything is put in Unicode NFC
so that Vietnamese typed with combining accents matches text stored precomposed.
Nothing is downloaded or loaded at run time.
"""

import functools
import re
import unicodedata

from modelsearch.backends import database
from modelsearch.query import PlainText
from wagtail.search import index

# Han (with extensions), kana and Hangul: scripts written without spaces between
# words, or with particles attached to them.
UNSPACED_RUN = re.compile(
    "["
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
    "]+"
)
# The definite article, alone or after "and", "with", "so", "like" or "for" (the
# prefixes Lucene's light Arabic stemmer removes), before a word of 3+ letters:
# "الشرطة" and "للشرطة" find "شرطة".
ARABIC_ARTICLE = re.compile(
    "(?<![\u0621-\u064a])(?:[\u0648\u0628\u0641\u0643]?\u0627\u0644|\u0644\u0644)(?=[\u0621-\u064a]{3})"
)
# Arabic harakat, superscript alef and tatweel: optional, and rarely typed.
ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# The normalisation Lucene's ArabicNormalizer applies: alef with hamza or madda
# to bare alef, alef maqsura to yeh, teh marbuta to heh.
ARABIC_LETTERS = str.maketrans(
    {"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627"}
    | {"\u0649": "\u064a", "\u0629": "\u0647"}
)


def _normalise(text):
    text = unicodedata.normalize("NFC", text)
    text = ARABIC_MARKS.sub("", text).translate(ARABIC_LETTERS)
    return ARABIC_ARTICLE.sub("", text)


def _pairs(run):
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def _index_tokens(run):
    return " ".join(_pairs(run) + list(run)) if len(run) > 1 else run


def text_for_index(text):
    """The text as the index stores it."""
    text = _normalise(text)
    return UNSPACED_RUN.sub(lambda match: f" {_index_tokens(match.group())} ", text)


def text_for_query(text):
    """A visitor's query in the index's terms: every character pair must match."""
    text = _normalise(text)
    return " ".join(
        UNSPACED_RUN.sub(
            lambda match: f" {' '.join(_pairs(match.group()))} ", text
        ).split()
    )


class MultilingualSearchField(index.SearchField):
    """A search field whose text is indexed in the form queries are searched in."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, str):
            return text_for_index(value)
        if isinstance(value, list | tuple):
            return [text_for_index(str(item)) for item in value]
        return value


class MultilingualQueryMixin:
    """Puts every plain-text query through text_for_query before searching."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            query = text_for_query(query)
        elif isinstance(query, PlainText):
            query = PlainText(text_for_query(query.query_string), query.operator)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@functools.cache
def _multilingual(backend_class):
    name = f"Multilingual{backend_class.__name__}"
    return type(name, (MultilingualQueryMixin, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in this module
    """The database backend for the connection's vendor, with multilingual queries."""
    return _multilingual(type(database.SearchBackend(params)))(params)
