"""Whole-page cache for anonymous readers of public pages.

A response is stored only when its view opted in (every Engage page's ``serve``
and the public feeds, through :func:`cacheable`), and only for a GET from a
visitor who carries no state: no cookies but the CSRF and language ones, so no
session (signed in, messages, passed a password), no "already answered" cookie.
The key holds the content version (``engage.cache``), the host, scheme,
language, path and query string; a publish or any other broad change bumps the
version (see :func:`connect`), so stale entries are never read again.

Rows written all the time (RSVPs and walk-ins, survey responses) do not bump
it: they bump tags instead (:data:`TAGGED`). While a page renders, every SQL
query is watched; one that reads a tagged table makes the page depend on its
family's tag (``forum-seats``, ``survey-responses``), unless the code reading
it said whose rows it reads with :func:`depends_on` (``survey-responses:42``).
The entry keeps the version of each tag as it was before the rows were read,
and a hit whose tags have moved on since is a miss. A page that reads no
tagged table (a pledge, a survey's questions) stays cached through them all.

Forms: Django masks the CSRF secret afresh for every response and keeps the
secret in the visitor's cookie, so a stored page must not carry anyone's token.
The ``{% csrf_token %}`` inputs are stored as a placeholder and filled in with
the current visitor's own token on every hit (which also sets their CSRF cookie
when they have none). A response that used the token in any other way is not
stored, nor one that used the per-request Content-Security-Policy nonce.
"""

import contextlib
import contextvars
import functools
import hashlib
import operator
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import translation

from . import health
from .cache import bump_content_version, versioned_key

HEADER = "X-Engage-Cache"
PLACEHOLDER = b"engage-page-cache-csrf-token-placeholder"
CSRF_INPUT = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")'
)
TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
MAX_QUERY_STRING = 300


def seconds():
    """How long an entry lives; 0 turns the cache off. Short, because some
    pages change with the clock (a forum starts, RSVPs close)."""
    return settings.ENGAGE_PAGE_CACHE_SECONDS


def cacheable(view):
    """Let the page cache store this view's public responses."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return mark(view(*args, **kwargs))

    return wrapper


def mark(response):
    response.engage_page_cache = True
    return response


def _stateless_get(request):
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return (
        request.method == "GET"
        and set(request.COOKIES) <= harmless
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def _key(request):
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return versioned_key("page", translation.get_language(), digest)


def _without_csrf_tokens(request, content):
    """The content with the visitor's CSRF tokens replaced by the placeholder,
    or None when a token is left somewhere the placeholder cannot reach."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content
    content, replaced = CSRF_INPUT.subn(rb"\1" + PLACEHOLDER + rb"\2", content)
    secret = request.META.get("CSRF_COOKIE", "")
    if not replaced or any(
        _unmask_cipher_token(match.group().decode()) == secret
        for match in TOKEN_LIKE.finditer(content)
    ):
        return None
    return content


def _entry(request, response):
    """What to store for this response, or None when it must not be stored."""
    storage = getattr(request, "_messages", None)
    if (
        not getattr(response, "engage_page_cache", False)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or (storage is not None and storage._queued_messages)
        # A per-request CSP nonce (inline <style>) must not be served twice.
        or isinstance(getattr(request, "_csp_nonce", None), str)
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return None
    content = _without_csrf_tokens(request, response.content)
    if content is None:
        return None
    headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
    return {"content": content, "headers": headers}


def _response(request, entry):
    content = entry["content"]
    if PLACEHOLDER in content:
        content = content.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, headers=dict(entry["headers"]))
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Last in MIDDLEWARE, so the language is chosen and the CSRF middleware
    sets the cookie for the token a cached page is given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lifetime = seconds()
        # The probes answer for themselves, even with the cache down.
        probe = request.path_info in (health.PATH, health.READY_PATH)
        if not lifetime or probe or not _stateless_get(request):
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None and _still_current(entry):
            return _response(request, entry)
        render = _Render()
        with _watching(render):
            response = self.get_response(request)
        entry = _entry(request, response)
        if entry is not None and render.storable:
            entry["tags"] = render.tags
            cache.set(key, entry, lifetime)
            response[HEADER] = "miss"
        return response


# Dependencies -------------------------------------------------------------------

# A tagged table's rows bump the tag of their family and that of the object
# they belong to (the attribute path, read on the row): label -> (family, path).
TAGGED = {
    "forums.RSVP": ("forum-seats", "forum_id"),
    "forums.WalkIn": ("forum-seats", "forum_id"),
    "surveys.Response": ("survey-responses", "survey_id"),
    "surveys.Participation": ("survey-responses", "survey_id"),
    "surveys.Answer": ("survey-responses", "response.survey_id"),
}
# Rows no public page shows, by one field's value: an RSVP waiting for its
# owner's emailed confirmation holds no seat and no place in line. One posted
# (by anyone, or a bot) and never confirmed, or purged unconfirmed, leaves every
# page cached; any other change to it (its confirmation) bumps as usual.
UNSHOWN = {"forums.RSVP": ("status", "pending")}
TAG_KEY = "engage:page-tag:"
_current_render = contextvars.ContextVar("engage_page_cache_render", default=None)
_tables = {}  # table name -> family, filled by connect()


class _Render:
    """The tags one render depends on, each with its version when first read."""

    def __init__(self):
        self.tags = {}
        self.scopes = []
        self.storable = True

    def depend(self, tag):
        if tag not in self.tags:
            version = tag_version(tag)
            self.tags[tag] = version
            # A cache that keeps nothing cannot say when the rows change.
            self.storable = self.storable and version is not None

    def saw(self, sql):
        for table in set(_table_names().findall(sql)):
            family = _tables[table]
            if family not in self.scopes:
                self.depend(family)


@functools.cache
def _table_names():
    names = "|".join(map(re.escape, sorted(_tables))) or "(?!)"
    return re.compile(rf"\b({names})\b")


@contextlib.contextmanager
def _watching(render):
    """Every query of every database connection of this thread is shown to
    ``render`` before it runs, so a tag's version is read before its rows."""

    def watch(execute, sql, params, many, context):
        render.saw(sql)
        return execute(sql, params, many, context)

    token = _current_render.set(render)
    try:
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(watch))
            yield
    finally:
        _current_render.reset(token)


@contextlib.contextmanager
def depends_on(family, pk):
    """Say that the reads of ``family``'s tables inside this block concern only
    the object ``pk`` (one forum's RSVPs, one survey's responses), so that the
    page depends on that object's tag, not on every row of the family."""
    render = _current_render.get()
    if render is None:
        yield
        return
    render.depend(f"{family}:{pk}")
    render.scopes.append(family)
    try:
        yield
    finally:
        render.scopes.pop()


def _fresh_version():
    """Random, so a tag evicted from the cache never comes back at a version an
    entry recorded before."""
    return secrets.randbits(48)


def tag_version(tag):
    key = TAG_KEY + tag
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh_version(), None)
        version = cache.get(key)
    return version


def _still_current(entry):
    tags = entry.get("tags") or {}
    if not tags:
        return True
    current = cache.get_many([TAG_KEY + tag for tag in tags])
    return all(current.get(TAG_KEY + tag) == seen for tag, seen in tags.items())


def bump_tags(tags):
    for tag in tags:
        try:
            cache.incr(TAG_KEY + tag)
        except ValueError:
            cache.set(TAG_KEY + tag, _fresh_version(), None)


# Invalidation -------------------------------------------------------------------


def bump_now_and_on_commit(*args, **kwargs):
    """Bump at once (so nothing cached from now on is read) and again after the
    transaction commits (so a page rendered from the old rows in between is not
    read either)."""
    bump_content_version()
    transaction.on_commit(bump_content_version)


def bump_row_tags(sender, instance, created=None, **kwargs):
    """A tagged row changed: bump its family and its object, now and on commit;
    everything when the object cannot be told (its parent is already gone).
    Nothing when a row no page shows was added or deleted (``created`` is None
    for a deletion)."""
    label = sender._meta.label
    field, value = UNSHOWN.get(label, (None, None))
    if field and created is not False and getattr(instance, field) == value:
        return
    family, path = TAGGED[label]
    try:
        pk = operator.attrgetter(path)(instance)
    except ObjectDoesNotExist:
        pk = None
    if pk is None:
        bump_now_and_on_commit()
        return
    tags = [family, f"{family}:{pk}"]
    bump_tags(tags)
    transaction.on_commit(functools.partial(bump_tags, tags))


# Models whose rows show on public pages outside a page publish, rarely written:
# venues and series, action items, pledge offices and followers, areas, images
# and documents. Deliberately absent: rows written while a public page renders
# (image renditions), which would empty the cache on every miss, and the TAGGED
# ones.
SHOWN_ON_PAGES = [
    "engage.Area",
    "forums.Venue",
    "forums.ForumSettings",
    "forums.ForumSeries",
    "forums.ForumSeriesExclusion",
    "forums.ForumOfficer",
    "outcomes.ActionItem",
    "outcomes.DepartmentUnit",
    "outcomes.DepartmentMember",
    "pledges.MayorsOffice",
    "pledges.PledgeFollower",
    "pledges.PledgeShareImage",
    "pledges.UpdateEvidence",
    "wagtailcore.Page",
    "wagtailimages.Image",
    "wagtaildocs.Document",
]


def connect():
    """The content version for publishes and rare edits, which touch pages all
    over (the home page lists forums, surveys and pledges, every page shows the
    menu); tags for the rows residents write by the hundred on a forum night."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_now_and_on_commit, dispatch_uid=f"page-cache-{signal!r}")
    for label in SHOWN_ON_PAGES:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(
                bump_now_and_on_commit,
                sender=model,
                dispatch_uid=f"page-cache-{signal!r}-{label}",
            )
    for label, (family, _path) in TAGGED.items():
        model = apps.get_model(label)
        _tables[model._meta.db_table] = family
        for signal in (post_save, post_delete):
            signal.connect(
                bump_row_tags,
                sender=model,
                dispatch_uid=f"page-cache-tags-{signal!r}-{label}",
            )
    _table_names.cache_clear()
