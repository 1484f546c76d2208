"""Withdrawing a published summary, the one way the admin takes a summary down
once the public has read it: the organizer says why, and the forum's page and
the summary's own address show the reason with the dates
(``outcomes.models.withdrawal``)."""

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction

from .models import ForumSummaryPage


def must_be_withdrawn(page):
    """Whether unpublishing ``page`` must go through ``withdraw``: a summary
    the public has read."""
    return page.specific_class is ForumSummaryPage and page.live


def withdraw(summary, user, reason, language):
    """Unpublish ``summary`` as ``user`` and record ``reason``, written in
    ``language``, in one transaction: a notice never goes out without it."""
    with transaction.atomic():
        UnpublishPageAction(summary, user=user, include_descendants=False).execute(
            skip_permission_checks=True
        )
        ForumSummaryPage.objects.filter(pk=summary.pk).update(
            withdrawal_reason=reason, withdrawal_language=language
        )
