from django.dispatch import receiver
from wagtail.signals import page_published

from . import webhooks  # noqa: F401  (connects the anymail tracking receiver)
from .models import ForumSummaryPage
from .notifications import notify_summary_residents


@receiver(page_published, sender=ForumSummaryPage)
def tell_residents_summary_is_out(sender, instance, **kwargs):
    """Residents who RSVPed hear once, in their language; republishing sends nothing."""
    notify_summary_residents.enqueue(instance.pk)
