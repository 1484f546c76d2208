"""What pledges keep about residents: followers' addresses."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engage.privacy import email_q

from .models import PledgeFollower
from .services.following import CONFIRM_MAX_AGE


def confirm_days():
    return CONFIRM_MAX_AGE // 86400


def forget_unconfirmed_follows(now=None):
    """Delete follows whose confirmation link has expired unused: an address
    someone typed that its owner never confirmed is not kept."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _rows = PledgeFollower.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


def privacy_section(request):
    return {
        "heading": _("Following a pledge"),
        "collected": _(
            "Your email address, your language and how often you want to hear from us."
        ),
        "purpose": _(
            "To email you progress on the pledge you follow. Nothing is sent until "
            "you confirm with the link we email you."
        ),
        "kept": _(
            "Until you stop following: every email has a link that deletes your "
            "address at once."
        )
        + " "
        + ngettext(
            "If you do not confirm within %(days)s day, the link stops working "
            "and your address is deleted within the following week.",
            "If you do not confirm within %(days)s days, the link stops working "
            "and your address is deleted within the following week.",
            confirm_days(),
        )
        % {"days": confirm_days()},
        "fields": ["pledges.PledgeFollower.email"],
    }


def personal_data(user, emails):
    followers = PledgeFollower.objects.filter(email_q("email", emails))
    return {
        "pledge_follows": [
            {
                "pledge": follower.pledge.title,
                "email": follower.email,
                "language": follower.language,
                "frequency": follower.frequency,
                "asked_at": follower.created_at,
                "confirmed_at": follower.confirmed_at,
            }
            for follower in followers.select_related("pledge").order_by("pk")
        ]
    }


def erase_personal_data(user, emails):
    """Following is only an address: stop following, as the unsubscribe link does."""
    PledgeFollower.objects.filter(email_q("email", emails)).delete()
