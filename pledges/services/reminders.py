"""The monthly reminder to each mayor's office whose commitments need attention,
sent to every active member in their own language, once a month at most."""

from django.db import transaction
from django.utils import timezone, translation

from engage.i18n import normalize_language
from engage.links import absolute_reverse, absolute_url
from engage.mail import send_email
from engage.timezones import site_timezone

from ..choices import stale_after_days
from ..models import MayorsOffice, OfficeReminder
from .attention import attention


def reminder_month(today=None):
    """The first day of the calendar month, in the site's time zone, that a run
    on ``today`` sends the reminders of."""
    today = today or timezone.localdate(timezone=site_timezone())
    return today.replace(day=1)


def send_office_reminders(today=None):
    """Email each member of an office with stale or overdue commitments who has
    not had this month's reminder yet; returns how many emails were queued.
    Offices with nothing to report get nothing.

    Each email is queued in the transaction that records it: if a run stops
    half-way, those sent are recorded and the next run sends only the rest."""
    month = reminder_month(today)
    sent = 0
    for item in attention(MayorsOffice.objects.all()):
        if not item.needed:
            continue
        already = OfficeReminder.objects.filter(office=item.office, month=month)
        members = (
            item.office.group.user_set.filter(is_active=True)
            .exclude(email="")
            .exclude(pk__in=already.values("member"))
        )
        for member in members.order_by("pk"):
            with transaction.atomic():
                _, created = OfficeReminder.objects.get_or_create(
                    office=item.office, member=member, month=month
                )
                if not created:  # a run at the same time got there first
                    continue
                _send(item, member)
            sent += 1
    return sent


def _send(item, member):
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
