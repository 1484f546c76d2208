from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from . import webhooks  # noqa: F401  (connects the anymail tracking receiver)
from .models import ForumPage, ForumSummaryPage, Venue


@receiver(page_published, sender=ForumPage)
def tell_registrants_about_changes(sender, instance, **kwargs):
    """An organizer's ordinary edit (new time, venue, cancellation) reaches everyone."""
    from .services import announce_forum_changes

    announce_forum_changes(instance)


@receiver(page_published, sender=ForumSummaryPage)
def tell_residents_summary_is_out(sender, instance, **kwargs):
    """Residents who RSVPed hear once, in their language; republishing sends nothing."""
    from .tasks import notify_summary_residents

    notify_summary_residents.enqueue(instance.pk)


@receiver(post_save, sender=Venue)
def tell_registrants_about_venue_edits(sender, instance, created, **kwargs):
    """A new address for a venue moves every upcoming forum held there."""
    if not created and instance.location_changed:
        from .services import announce_venue_change

        transaction.on_commit(lambda: announce_venue_change(instance))
        instance._saved_location = instance.location()
