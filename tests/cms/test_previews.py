"""Every page type previews without error, as saved and as a new page with its
rows held in memory: an editor's preview of a page not yet saved must not ask
the database for what only a saved page has (its key, its links, its address)."""

import pytest
from wagtail.models import get_page_models

pytestmark = pytest.mark.django_db

OUR_APPS = {"cms", "forums", "outcomes", "surveys", "pledges"}
PAGE_TYPES = [model for model in get_page_models() if model._meta.app_label in OUR_APPS]


def as_new(page):
    """``page``'s latest draft as Wagtail's preview of a new page holds it: no
    key, its rows not saved, at the next free place under its parent."""
    parent = page.get_parent()
    new = page.get_latest_revision_as_object()
    for relation in new._cluster_related_objects:
        for row in getattr(new, relation).all():
            row.pk = None
    new.pk = new.id = new.page_ptr_id = None
    new.depth = parent.depth + 1
    new.path = parent.get_last_child()._inc_path()
    new.live, new.first_published_at = False, None
    return new


def preview(page, rf, user):
    request = rf.get("/")
    request.user = user
    response = page.serve_preview(request, page.default_preview_mode)
    response.render()
    return response


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_previews_saved_and_new(full_demo, rf, admin_user, model):
    page = model.objects.order_by("path").last()
    assert page is not None, f"The demo has no {model.__name__} to preview."
    page.save_revision()

    assert preview(page, rf, admin_user).status_code == 200
    assert preview(as_new(page), rf, admin_user).status_code == 200
