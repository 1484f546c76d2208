from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ForumPage, Venue
from .services import announce_forum_changes, announce_venue_change


@receiver(page_published, sender=ForumPage)
def tell_registrants_about_changes(sender, instance, **kwargs):
    """An organizer's ordinary edit (new time, venue, cancellation) reaches everyone."""
    announce_forum_changes(instance)


@receiver(post_save, sender=Venue)
def tell_registrants_about_venue_edits(sender, instance, created, **kwargs):
    """A new address for a venue moves every upcoming forum held there."""
    if not created and instance.location_changed:
        transaction.on_commit(lambda: announce_venue_change(instance))
        instance._saved_location = instance.location()
