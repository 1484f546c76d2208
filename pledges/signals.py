"""Reactions to saving and publishing pledges, wherever it happens: the admin, a
workflow approval, scheduled publishing or code."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from cms.kept_files import keep_documents

from .models import CommitmentPage, LatestUpdate, PledgePage, ProgressUpdatePage
from .models.evidence import EVIDENCE_KEPT, published_evidence_holds
from .pledge_template import publish_template_commitments
from .services.access import sync_pledge_access
from .tasks import notify_update_followers, regenerate_share_image


def _first_publication(page):
    return page.first_published_at == page.last_published_at


def on_pledge_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep the mayor's office rights and the approval workflow in step with the
    pledge. Saves of chosen fields only (tree moves, publication bookkeeping)
    change neither. A pledge gets its office's group and collection when first
    published, so an abandoned or autosaved draft leaves none behind."""
    if raw or update_fields is not None:
        return
    if not (instance.live or instance.first_published_at):
        return
    sync_pledge_access(instance)


def on_update_saved_or_deleted(sender, instance, **kwargs):
    """Keep the commitment's latest update (``LatestUpdate``) in the same
    transaction as the publication, or the removal, of one of its updates:
    fixtures and raw saves included, since every save sends this."""
    if instance.live:
        LatestUpdate.objects.refresh(instance.commitment_id)


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ProgressUpdatePage):
        if _first_publication(instance):
            _on_update_published(instance)
    elif isinstance(instance, PledgePage):
        if _first_publication(instance):
            publish_template_commitments(instance)
        regenerate_share_image.enqueue(instance.pk)
    elif isinstance(instance, CommitmentPage):
        pledge = PledgePage.objects.filter(
            path=instance.path[: -instance.steplen]
        ).first()
        if pledge is not None and pledge.live:
            regenerate_share_image.enqueue(pledge.pk)


def _on_update_published(update):
    """First publication of an update: redraw the share picture, tell followers."""
    pledge = PledgePage.objects.ancestor_of(update).first()
    if pledge is None:
        return
    regenerate_share_image.enqueue(pledge.pk)
    notify_update_followers.enqueue(update.pk)


def connect():
    post_save.connect(
        on_pledge_saved, sender=PledgePage, dispatch_uid="pledges_pledge_saved"
    )
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            on_update_saved_or_deleted,
            sender=ProgressUpdatePage,
            dispatch_uid=f"pledges_update_{name}",
        )
    keep_documents(published_evidence_holds, EVIDENCE_KEPT)
    page_published.connect(on_page_published, dispatch_uid="pledges_published")
