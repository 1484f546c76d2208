"""The monthly reminder to each mayor's office whose commitments need attention,
sent to every active member in their own language."""

from django.utils import translation

from engage.i18n import normalize_language
from engage.links import absolute_reverse, absolute_url
from engage.mail import send_email

from ..choices import stale_after_days
from ..models import MayorsOffice
from .attention import attention


def send_office_reminders():
    """Email each member of an office with stale or overdue commitments; returns
    how many emails were queued. Offices with nothing to report get nothing."""
    sent = 0
    for item in attention(MayorsOffice.objects.all()):
        if not item.needed:
            continue
        members = item.office.group.user_set.filter(is_active=True).exclude(email="")
        for member in members.order_by("pk"):
            language = normalize_language(member.preferred_language)
            with translation.override(language):
                links = {
                    "pledge_url": absolute_url(item.pledge),
                    "dashboard_url": absolute_reverse("pledges_office:dashboard"),
                }
            send_email(
                "pledges/email/office_reminder",
                {"item": item, "stale_after_days": stale_after_days(), **links},
                to=member.email,
                language=language,
            )
            sent += 1
    return sent
