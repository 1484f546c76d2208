from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from engage.cache import bump_content_version
from engage.models import SiteSettings

from .models import MenuItem, NavigationSettings


def connect():
    """Anything that changes the header, footer or a page's address bumps the
    content version, so cached menus and settings are rebuilt."""
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"cms-bump-{signal!r}")
    for model in (
        Page,
        Site,
        PageViewRestriction,
        MenuItem,
        NavigationSettings,
        SiteSettings,
    ):
        post_save.connect(
            bump_content_version, sender=model, dispatch_uid=f"cms-save-{model}"
        )
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"cms-delete-{model}"
        )
