"""What a card in a public listing of pages reads, and nothing more.

A specific page row carries every Wagtail column, the translated ones six times
over (SEO titles, search descriptions), the editing state (locks, revisions,
schedules) and the page's StreamFields. Compiling, reading and converting those
columns costs a listing more than running its query, and no card shows them.
"""

from wagtail.models import Page

# Wagtail's own page columns that no card shows: search engines' title and
# description, and the state of editing and scheduling.
UNLISTED_PAGE_FIELDS = (
    "seo_title",
    "search_description",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "go_live_at",
    "expire_at",
    "expired",
    "owner",
    "alias_of",
    "translation_key",
    "locale",
    "has_unpublished_changes",
    "last_published_at",
    "show_in_menus",
)


def for_cards(pages):
    """``pages`` without the columns above or any StreamField."""
    return pages.defer_streamfields().defer(*UNLISTED_PAGE_FIELDS)


def url_of_path(url_path, request=None):
    """The address ``Page.get_url`` gives the page at ``url_path``, for rows read
    without their pages. Wagtail works it out from the path and the sites' root
    paths alone, so no page is built: a page's constructor sets every language's
    columns, which cost a calendar feed more than its query did."""
    page = Page.__new__(Page)
    page.url_path = url_path
    return page.get_url(request)


class ChildAddresses:
    """The addresses ``Page.get_url`` gives pages read as rows, from their
    ``url_path``: each is its parent's address followed by its slug, as Wagtail
    routes it, and each parent's address is worked out once (a listing's rows
    share one or a few parents). Not for a site's root page."""

    def __init__(self, request=None):
        self.request = request
        self.parents = {}

    def __call__(self, url_path):
        parent_path, slug = url_path.rstrip("/").rsplit("/", 1)
        if parent_path not in self.parents:
            self.parents[parent_path] = url_of_path(f"{parent_path}/", self.request)
        parent = self.parents[parent_path]
        # Under no site's root, Wagtail gives a page no address.
        return f"{parent}{slug}/" if parent else None
