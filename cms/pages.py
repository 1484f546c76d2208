"""What every Engage page type shares."""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

from engage import page_cache
from engage.cache import versioned_key


def view_restrictions_exist():
    """Whether any page is private at all; most sites have none."""
    key = versioned_key("view-restrictions-exist")
    exists = cache.get(key)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(key, exists, 3600)
    return exists


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
