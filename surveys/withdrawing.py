"""Withdrawing a survey's results once the public has read them, saying why, and
publishing them again (``surveys.models.results_withdrawal``). Each writes the
page's state directly, in one transaction, and empties the page cache: no
revision or form carries it."""

from django.db import transaction
from django.utils import timezone

from cms.withdrawal import PastWithdrawal
from engage import page_cache

from .models import SurveyPage


def results_shown(page):
    """Whether ``page`` is a published survey showing results that have been
    public: they are withdrawn with a reason, not unpublished with it."""
    page = page.specific_deferred
    return (
        isinstance(page, SurveyPage)
        and page.live
        and page.results_public
        and page.results_public_since is not None
    )


def surveys_showing_results():
    """The published surveys showing results that have been public."""
    return SurveyPage.objects.live().filter(
        results_public=True, results_public_since__isnull=False
    )


def withdraw_results(survey, reason, language):
    """Take ``survey``'s results down with ``reason``, written in ``language``."""
    with transaction.atomic():
        SurveyPage.objects.filter(pk=survey.pk).update(
            results_public=False,
            withdrawn_at=timezone.now(),
            withdrawal_reason=reason,
            withdrawal_language=language,
        )
        page_cache.bump_now_and_on_commit()


def publish_results_again(survey):
    """Show ``survey``'s withdrawn results again; the withdrawal stays listed
    with them."""
    with transaction.atomic():
        PastWithdrawal.end(SurveyPage, survey.pk, timezone.now(), results_public=True)
        page_cache.bump_now_and_on_commit()
