"""Interface strings: extraction with babel and Django's own template lexer.

This keeps ``make messages`` and the catalog-completeness test free of GNU
gettext: Python files go through babel's extractor, templates through
``templatize`` first, exactly as ``makemessages`` would feed them to xgettext.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

SOURCE_DIRS = [
    "engage",
    "cms",
    "forums",
    "outcomes",
    "surveys",
    "pledges",
    "questions",
    "templates",
]
SKIP_PARTS = {"migrations", "__pycache__", "static"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
DOMAIN = "django"


def source_files(base_dir=None):
    base_dir = Path(base_dir or settings.BASE_DIR)
    for folder in SOURCE_DIRS:
        for path in sorted((base_dir / folder).rglob("*")):
            if SKIP_PARTS & set(path.parts) or not path.is_file():
                continue
            if path.suffix in {".py", ".html", ".txt"}:
                yield path


def _python_source(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return text
    # Templatized text keeps the template's indentation, which Python's tokenizer
    # rejects ("unindent does not match"); the gettext calls sit on single lines,
    # so dropping the indentation loses nothing and keeps the line numbers.
    source = templatize(text, origin=str(path))
    return "\n".join(line.lstrip() for line in source.splitlines())


def extract_messages(base_dir=None):
    """A catalog of every translatable string in the project's code and templates."""
    import io

    base_dir = Path(base_dir or settings.BASE_DIR)
    catalog = Catalog(domain=DOMAIN, project="Engage", version="1.0")
    for path in source_files(base_dir):
        source = _python_source(path)
        if "gettext" not in source and "_(" not in source:
            continue
        for lineno, funcname, message, comments in extract_python(
            io.BytesIO(source.encode("utf-8")), KEYWORDS.keys(), [], {}
        ):
            spec = KEYWORDS[funcname] or (1,)
            msgid, context = _apply_spec(message, spec)
            if msgid is None:
                continue
            location = (str(path.relative_to(base_dir)), lineno)
            catalog.add(
                msgid,
                locations=[location],
                context=context,
                auto_comments=comments,
                flags=_flags(msgid),
            )
    return catalog


def _flags(msgid):
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return ["python-format"] if "%(" in text else []


def _apply_spec(message, spec):
    if not isinstance(message, tuple):
        message = (message,)
    context = None
    parts = []
    for item in spec:
        if isinstance(item, tuple):
            context = message[item[0] - 1]
        else:
            parts.append(message[item - 1] if item - 1 < len(message) else None)
    if any(part is None or part == "" for part in parts):
        return None, None
    return (tuple(parts) if len(parts) > 1 else parts[0]), context


def catalog_path(language, base_dir=None):
    base_dir = Path(base_dir or settings.BASE_DIR)
    return base_dir / "locale" / to_locale(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language, base_dir=None):
    path = catalog_path(language, base_dir)
    if not path.exists():
        return Catalog(locale=to_locale(language), domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=to_locale(language), domain=DOMAIN)


def update_catalogs(base_dir=None):
    """Merge extracted strings into each language's catalog; returns counts of new
    and untranslated entries per language."""
    template = extract_messages(base_dir)
    report = {}
    for language, _name in settings.LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        catalog = read_catalog(language, base_dir)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        # A fuzzy header makes compilers skip the whole file.
        catalog.fuzzy = False
        catalog.project = "Engage"
        catalog.version = "1.0"
        catalog.header_comment = (
            f"# Engage interface strings in {language}.\n"
            "# Written by the Engage developers; update with `make messages`."
        )
        path = catalog_path(language, base_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(
                handle, catalog, width=88, sort_output=True, include_previous=False
            )
        report[language] = untranslated(catalog)
    return report


def untranslated(catalog):
    """msgids with an empty, partial or fuzzy translation."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    return problems
