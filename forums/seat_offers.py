"""Seats offered from the waitlist near a forum's date.

Within ``FORUM_OFFER_WINDOW_HOURS`` of the start, a freed seat could go to
someone who no longer reads their email and then stays empty. So ``services``
offers it instead (status ``offered``, held until ``offer_expires_at``): the
resident accepts with the button on their manage page, declines by cancelling
there, or lets it run out.

An offer that runs out cancels the RSVP, and the email says so. Putting the
resident back at the end of the line would offer them the same seat again
whenever the line is short, every few hours until the forum; a resident who
still wants to come signs up again with the same link and joins the end of the
waitlist, which is where they would have been. Either way the seat is offered
to the next person at once, under the forum's row lock, so each offer is
passed on exactly once however many runs or clicks happen together.
"""

from django.db import transaction
from django.utils import timezone

from . import notifications
from .models import RSVP, ForumPage, RSVPStatus
from .services import _notify_promoted, _promote, lock_forum


class OfferGone(Exception):
    """The RSVP holds no offer to accept: it ran out, or there never was one."""


ACCEPTED = "accepted"
ALREADY_CONFIRMED = "already_confirmed"


def accept_offer(rsvp, now=None):
    """The resident pressed "Accept": the offered seat becomes theirs. Pressing
    again once confirmed is harmless (``ALREADY_CONFIRMED``). An offer past its
    time is passed on here, if the scheduled job has not done it yet, and
    ``OfferGone`` is raised."""
    now = now or timezone.now()
    forum = rsvp.forum
    with transaction.atomic():
        locked = lock_forum(forum)
        rsvp = RSVP.objects.get(pk=rsvp.pk)
        rsvp.forum = forum
        if rsvp.is_confirmed:
            return ALREADY_CONFIRMED
        if not rsvp.is_offered:
            raise OfferGone
        if rsvp.offer_expires_at > now and locked.accepts_rsvps:
            rsvp.status = RSVPStatus.CONFIRMED
            rsvp.offer_expires_at = None
            rsvp.save(update_fields=["status", "offer_expires_at", "updated_at"])
            notifications.rsvp_confirmed(rsvp)
            return ACCEPTED
    # Too late: it must be passed on, in a transaction of its own so the offer
    # is not left half-expired if this one is rolled back by the caller.
    expire_offers(now=now, forum=forum)
    raise OfferGone


def expire_offers(now=None, forum=None):
    """End the offers nobody accepted in time, each one once, and offer the
    seats to the next people in line. Safe to run at any time, and by several
    runs at once: each forum's offers are re-read under its row lock. Returns
    the number of offers ended."""
    now = now or timezone.now()
    expired = RSVP.objects.offers_expired(now)
    if forum is not None:
        expired = expired.filter(forum=forum)
    forum_ids = set(expired.values_list("forum_id", flat=True))
    ended = 0
    for forum_id in sorted(forum_ids):
        with transaction.atomic():
            ended += _expire_forum_offers(forum_id, now)
    return ended


def _expire_forum_offers(forum_id, now):
    forum = ForumPage.objects.select_related("venue", "series").get(pk=forum_id)
    locked = lock_forum(forum)
    rsvps = list(RSVP.objects.offers_expired(now).filter(forum_id=forum_id))
    for rsvp in rsvps:
        rsvp.cancel()
        rsvp.forum = forum
        notifications.rsvp_offer_expired(rsvp)
    promoted = _promote(locked, now) if rsvps and locked.accepts_rsvps else []
    _notify_promoted(forum, promoted)
    return len(rsvps)
