"""Uploaded images, served the same way in development and in production.

Only renditions (``MEDIA_ROOT/images/``) that Wagtail made have an address here.
An original upload (``original_images/``) or a document file (``documents/``) has
none, so a guessed path finds nothing: documents are served by Wagtail's view,
which enforces collection privacy. A rendition of an image in a collection with
view restrictions is shown to staff only and never stored by a shared cache;
the others carry a long public cache lifetime, since a changed image gets new
rendition files."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve
from wagtail.images import get_image_model

from .security import can_use_admin

# Thirty days: browsers and proxies keep public renditions without asking again.
PUBLIC_CACHE_CONTROL = "public, max-age=2592000"


def rendition(request, path):
    name = f"images/{path}"
    found = (
        get_image_model()
        .get_rendition_model()
        .objects.select_related("image__collection")
        .filter(file=name)
        .first()
    )
    if found is None:
        raise Http404
    restricted = found.image.collection.get_view_restrictions().exists()
    if restricted and not can_use_admin(request.user):
        raise Http404
    response = serve(request, name, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = (
        "private, no-store" if restricted else PUBLIC_CACHE_CONTROL
    )
    return response
