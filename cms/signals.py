from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from engage.models import SiteSettings
from engage.page_cache import bump_now_and_on_commit

from .models import MenuItem, NavigationSettings


def connect():
    """Anything that changes the header, footer or a page's address bumps the
    content version, so cached menus and settings are rebuilt; again once the
    transaction commits, so nothing read from the old rows in between is kept
    under the new version (the site and home page of ``engage.sites`` included)."""
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(bump_now_and_on_commit, dispatch_uid=f"cms-bump-{signal!r}")
    for model in (
        Page,
        Site,
        PageViewRestriction,
        MenuItem,
        NavigationSettings,
        SiteSettings,
    ):
        post_save.connect(
            bump_now_and_on_commit, sender=model, dispatch_uid=f"cms-save-{model}"
        )
        post_delete.connect(
            bump_now_and_on_commit, sender=model, dispatch_uid=f"cms-delete-{model}"
        )
