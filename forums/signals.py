from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.contrib.redirects.signal_handlers import create_redirects
from wagtail.models import Site
from wagtail.signals import page_published, page_slug_changed

from engage.i18n import LANGUAGE_CODES

from .announcements import announce_forum_changes, announce_venue_change
from .models import ForumPage, Venue


@receiver(page_published, sender=ForumPage)
def tell_registrants_about_changes(sender, instance, **kwargs):
    """An organizer's ordinary edit (new time, venue, cancellation) reaches everyone."""
    announce_forum_changes(instance)


@receiver(page_slug_changed, sender=ForumPage)
def redirect_the_old_address_in_every_language(sender, instance, instance_before, **kw):
    """Wagtail redirects a forum's old address under the active language only;
    emailed and shared links use all six, so each of them redirects."""
    roots = instance._get_relevant_site_root_paths(cache_object=instance)
    sites = Site.objects.filter(id__in=[root.site_id for root in roots]).exclude(
        root_page=instance
    )
    for code in LANGUAGE_CODES:
        with translation.override(code):
            create_redirects(page=instance, page_old=instance_before, sites=sites)


@receiver(post_save, sender=Venue)
def tell_registrants_about_venue_edits(sender, instance, created, **kwargs):
    """A new address for a venue moves every upcoming forum held there."""
    if not created and instance.location_changed:
        transaction.on_commit(lambda: announce_venue_change(instance))
        instance._saved_location = instance.location()
