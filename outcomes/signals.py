"""Outcomes' signal receivers: telling residents once their forum's summary is
live, and keeping every change of an action item's status in its history."""

from functools import partial

from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from cms.kept_files import keep_documents, keep_images
from cms.withdrawal import PastWithdrawal

from . import webhooks  # noqa: F401  (connects the anymail tracking receiver)
from .models import ActionItem, ActionItemUpdate, ActionStatus, ForumSummaryPage
from .models.attachments import DOCUMENT_KEPT, IMAGE_KEPT, published_summary_shows
from .notifications import notify_summary_residents

keep_documents(published_summary_shows, DOCUMENT_KEPT)
keep_images(published_summary_shows, IMAGE_KEPT)


@receiver(page_published, sender=ForumSummaryPage)
def tell_residents_summary_is_out(sender, instance, **kwargs):
    """Queued once the publication commits, so no notice goes out for a page that
    is not live yet; the task checks again that it is live before sending."""
    transaction.on_commit(partial(notify_summary_residents.enqueue, instance.pk))


@receiver(page_unpublished, sender=ForumSummaryPage)
def note_summary_withdrawn(sender, instance, **kwargs):
    """A summary once public leaves a dated notice on its forum's page and at
    its address when it is unpublished: withdrawn by a lead organizer with a
    reason (``outcomes.withdrawing``), or on its expiry date."""
    ForumSummaryPage.objects.filter(
        pk=instance.pk, first_published_at__isnull=False
    ).update(withdrawn_at=timezone.now())


@receiver(page_published, sender=ForumSummaryPage)
def end_summary_withdrawal(sender, instance, **kwargs):
    """Published again, the summary's notice goes and its withdrawal joins the
    summary's record. The instance published is cleared too, so a later save of
    it cannot write the notice back."""
    PastWithdrawal.end(ForumSummaryPage, instance.pk, timezone.now())
    instance.withdrawn_at, instance.withdrawal_reason = None, ""
    instance.withdrawal_language = ""


@receiver(pre_save, sender=ActionItem)
def record_status_changed_in_the_editor(sender, instance, raw=False, **kwargs):
    """A status changed in the summary editor and published joins the item's
    public history, as one recorded from the item's own page does; that page
    writes its update row first, so its change is not recorded twice."""
    if raw or instance.pk is None:
        return
    before = ActionItem.objects.filter(pk=instance.pk).values_list("status", flat=True)
    previous = before.first()
    if previous is None or previous == instance.status:
        return
    latest = instance.updates.order_by("-created_at", "-pk").first()
    if latest is not None and latest.status == instance.status:
        return
    update = ActionItemUpdate(
        action_item_id=instance.pk,
        status=instance.status,
        previous_status=previous,
        date=timezone.localdate(),
    )
    if instance.status == ActionStatus.DECLINED:
        for field in ActionItemUpdate._meta.get_fields():
            if field.name.startswith("note"):
                reason = field.name.replace("note", "declined_reason", 1)
                setattr(update, field.name, getattr(instance, reason, "") or "")
    update.save()
