"""What forums forget, and when: unconfirmed requests after a week, residents'
details a set number of days after their forum."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from .models import RSVP, ForumSettings, RSVPStatus, WalkIn
from .notifications import UNCONFIRMED_DAYS


def drop_unconfirmed(now=None):
    """Delete requests nobody confirmed within ``UNCONFIRMED_DAYS``, and those of
    forums that have ended: whoever typed them, they were never anyone's RSVP."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    stale = RSVP.objects.unconfirmed_since(cutoff) | RSVP.objects.filter(
        status=RSVPStatus.PENDING, forum__end__lt=now
    )
    return stale.delete()[0]


def purge_personal_data(now=None, days=None):
    """Erase names, emails, phones and free text of RSVPs ``days`` after their forum."""
    now = now or timezone.now()
    if days is None:
        site = Site.objects.filter(is_default_site=True).first()
        days = ForumSettings.for_site(site).rsvp_retention_days if site else 90
    cutoff = now - datetime.timedelta(days=days)
    rsvps = RSVP.objects.filter(forum__end__lt=cutoff, erased_at__isnull=True)
    erased = 0
    with transaction.atomic():
        for rsvp in rsvps.select_for_update().iterator():
            rsvp.erase_personal_data(now)
            rsvp.save()
            erased += 1
        WalkIn.objects.filter(forum__end__lt=cutoff).exclude(name="").update(name="")
    return erased
