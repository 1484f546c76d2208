"""Outcomes' signal receivers: telling residents once their forum's summary is live."""

from functools import partial

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from . import webhooks  # noqa: F401  (connects the anymail tracking receiver)
from .models import ForumSummaryPage
from .notifications import notify_summary_residents


@receiver(page_published, sender=ForumSummaryPage)
def tell_residents_summary_is_out(sender, instance, **kwargs):
    """Queued once the publication commits, so no notice goes out for a page that
    is not live yet; the task checks again that it is live before sending."""
    transaction.on_commit(partial(notify_summary_residents.enqueue, instance.pk))
