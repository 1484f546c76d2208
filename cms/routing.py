"""Which pages lie on a requested path, and which pages a home page's sections
link to, read once per process and content version.

Routing reads the pages on the path (their tree position, address, title and
type) before it loads the target's own row. Where they are changes only with a
publish, a move or a page saved, each of which moves the content version
(``engage.page_cache.connect``), so each process keeps what it read for the
current version and loads only the target's row per request.

That row's query is the same for every page of a type but its key, so its SQL
is written once per process and type (``load_page``).
"""

import functools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from engage.cache import for_this_version
from engage.compiled import KEY_PLACEHOLDER, CompiledQuery


@functools.cache
def route_fields():
    """What routing reads of the pages on a path, and what their breadcrumb links
    and view restrictions read later; not the editing, search and SEO columns.
    Every language's title, so what is kept serves every language; in the
    model's own column order, as ``from_db`` expects. Asked after start-up: the
    title's translation columns are added once the apps are loaded."""
    titles = {
        build_localized_fieldname("title", code) for code, _ in settings.LANGUAGES
    }
    wanted = {"id", "path", "depth", "numchild", "url_path", "slug", "title", "live"}
    wanted |= titles | {"content_type_id", "locale_id"}
    return tuple(
        field.attname for field in Page._meta.concrete_fields if field.attname in wanted
    )


def _rows_on_path(prefixes, slugs):
    """The rows of the pages at ``prefixes``, from the top down, as far as the
    path leads to a page."""
    # url_path has no index: the slugs (which have one) keep this from reading
    # every page of the site.
    on_path = Page.objects.filter(slug__in=slugs, url_path__in=prefixes)
    # Each translated title in its own column, not the reader's language's.
    rows = on_path.rewrite(False).values_list(*route_fields())
    url_path = route_fields().index("url_path")
    found = {row[url_path]: row for row in rows}
    chain = []
    for prefix in prefixes:
        if prefix not in found:
            break
        chain.append(found[prefix])
    return tuple(chain)


# Pages kept per process and version; only pages that exist are kept, so a
# crawler's made-up addresses cannot grow it. A site of more pages than this
# starts again rather than grow without end.
MAX_PAGES = 5000


def pages_on_path(root, path_components):
    """The pages below ``root`` along ``path_components``, from the top down, as
    far as the path leads to a page: fresh objects each time, so a request may
    set what it likes on them.

    Read from what this process keeps when every page on the path is kept, or
    when the path goes on below a kept page that has no children (a routable
    page's own sub-paths, such as a survey's ``results/``)."""
    prefixes = [
        f"{root.url_path}{'/'.join(path_components[: depth + 1])}/"
        for depth in range(len(path_components))
    ]
    fields = route_fields()
    # A dict of its own for this version, so pages never push out the menu.
    kept = for_this_version("pages-on-path", dict)
    rows = []
    for prefix in prefixes:
        if prefix not in kept:
            break
        rows.append(kept[prefix])
    leads_further = rows and rows[-1][fields.index("numchild")]
    if len(rows) < len(prefixes) and (not rows or leads_further):
        rows = _rows_on_path(prefixes, set(path_components))
        if len(kept) >= MAX_PAGES:
            kept.clear()
        kept.update((row[fields.index("url_path")], row) for row in rows)
    return [Page.from_db("default", fields, row) for row in rows]


def live_child(parent, page_class):
    """``parent``'s first live child in tree order that is a ``page_class``, with
    what a link to it needs (``route_fields``): a fresh object from what this
    process keeps for the current version, as for the pages on a path. Only the
    page found is built: a page object cost more to make than its row to read."""
    fields = route_fields()
    rows = for_this_version(
        ("live-children", parent.pk),
        lambda: tuple(parent.get_children().live().rewrite(False).values_list(*fields)),
    )
    content_type = fields.index("content_type_id")
    for row in rows:
        found_class = ContentType.objects.get_for_id(row[content_type]).model_class()
        if found_class is not None and issubclass(found_class, page_class):
            return Page.from_db("default", fields, row)
    return None


@functools.cache
def _page_query(page_class, related):
    """The query loading one ``page_class`` with its ``related`` rows, compiled
    once (``engage.compiled``): building and compiling it cost more than running
    it, and came to a tenth of a plain page's time."""
    pages = page_class.objects.filter(pk=KEY_PLACEHOLDER).order_by()
    if related:
        pages = pages.select_related(*related)
    return CompiledQuery(pages)


def load_page(page_class, pk, related=()):
    """The ``page_class`` page of key ``pk`` with its ``related`` rows (a
    ``select_related``), or None."""
    pages = _page_query(page_class, tuple(related)).rows(pk)
    return pages[0] if pages else None
