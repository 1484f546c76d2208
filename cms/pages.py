"""What every Engage page type shares."""

from wagtail.models import PageViewRestriction

from engage import page_cache
from engage.cache import for_this_version


def view_restrictions_exist():
    """Whether any page is private at all; most sites have none."""
    return for_this_version(
        "view-restrictions-exist", PageViewRestriction.objects.exists
    )


def held_in_memory(page, relation_name):
    """Whether ``page``'s child or many-to-many relation (a ``ParentalKey`` or
    ``ParentalManyToManyField``) is held in memory by modelcluster, as in a
    preview, a revision or a page not yet saved, rather than read from the
    database: a query compiled by the page's key would read what is saved."""
    return page.pk is None or relation_name in getattr(
        page, "_cluster_related_objects", {}
    )


class EngagePageMixin:
    """Skips the two view-restriction queries on every request while no page on
    the site is private. Put it before ``Page`` in a page's bases."""

    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def serve(self, request, *args, **kwargs):
        """Public pages may be cached whole for anonymous readers; the cache
        itself decides which requests and responses qualify."""
        return page_cache.mark(super().serve(request, *args, **kwargs))
