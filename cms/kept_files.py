"""Files the public record shows keep their content. A document backing a
published pledge update or attached to a published forum summary, and an image
shown as a published summary's photo, are never given another file or deleted,
by anyone: their edit and delete screens, bulk deletion and code alike would
otherwise change what the record showed without a trace. Each app says which
it keeps (``keep_documents``, ``keep_images``)."""

import functools

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_delete, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# By kind, (holds, message): ``holds(item)`` says whether the record shows it.
_keepers = {"document": [], "image": []}


def keep_documents(holds, message):
    """Keep every document for which ``holds(document)`` is true, refusing a new
    file or a deletion with ``message``."""
    _keepers["document"].append((holds, message))


def keep_images(holds, message):
    """As ``keep_documents``, for images."""
    _keepers["image"].append((holds, message))


def refuse_changes_to_kept(kind, item):
    """Raise ``ValidationError`` when the record shows ``item``, a ``kind``."""
    for holds, message in _keepers[kind]:
        if holds(item):
            raise ValidationError(message)


def _saved(kind, sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk)
    if not stored.filter(file=instance.file.name).exists():
        refuse_changes_to_kept(kind, instance)


def _deleted(kind, sender, instance, **kwargs):
    refuse_changes_to_kept(kind, instance)


def connect():
    """The receivers are partials, held here for good: a signal keeps only a
    weak reference to them."""
    for kind, model in (
        ("document", get_document_model()),
        ("image", get_image_model()),
    ):
        pre_save.connect(
            functools.partial(_saved, kind),
            sender=model,
            weak=False,
            dispatch_uid=f"kept_{kind}",
        )
        pre_delete.connect(
            functools.partial(_deleted, kind),
            sender=model,
            weak=False,
            dispatch_uid=f"kept_{kind}_deleted",
        )
