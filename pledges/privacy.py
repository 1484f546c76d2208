"""What pledges keep about residents: followers' addresses."""

from django.utils.translation import gettext as _

from engage.privacy import email_q

from .models import PledgeFollower


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
        ),
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
