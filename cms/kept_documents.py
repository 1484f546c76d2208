"""Documents the public record shows keep their file. A document backing a
published pledge update, or attached to a published forum summary, is never
given another file or deleted, by anyone: its edit and delete screens, bulk
deletion and code alike would otherwise change what the record showed without
a trace. Each app says which documents it keeps (``keep_documents``)."""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_delete, pre_save
from wagtail.documents import get_document_model

# (holds, message): ``holds(document)`` says whether the record shows it.
_keepers = []


def keep_documents(holds, message):
    """Keep every document for which ``holds(document)`` is true, refusing a new
    file or a deletion with ``message``."""
    _keepers.append((holds, message))


def refuse_changes_to_kept(document):
    """Raise ``ValidationError`` when the record shows ``document``."""
    for holds, message in _keepers:
        if holds(document):
            raise ValidationError(message)


def _document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk)
    if not stored.filter(file=instance.file.name).exists():
        refuse_changes_to_kept(instance)


def _document_deleted(sender, instance, **kwargs):
    refuse_changes_to_kept(instance)


def connect():
    document = get_document_model()
    pre_save.connect(_document_saved, sender=document, dispatch_uid="kept_doc_saved")
    pre_delete.connect(
        _document_deleted, sender=document, dispatch_uid="kept_doc_deleted"
    )
