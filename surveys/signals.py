"""Keep the results totals (``surveys.tallies``) true when rows they count are
deleted by any path, the admin included: a response, or the forum or area its
responses name (the responses keep counting, under "none"). Note when results
first become public, and when they go down with their survey."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from engage.models import Area
from forums.models import ForumPage

from . import tallies
from .models import Response, SurveyPage


# Before the deletion, in its transaction, while the answers are still there.
@receiver(pre_delete, sender=Response, dispatch_uid="surveys-tally-response")
def take_out_response(sender, instance, **kwargs):
    tallies.take_out([instance.pk])


@receiver(pre_delete, sender=ForumPage, dispatch_uid="surveys-tally-forum")
def merge_forum(sender, instance, **kwargs):
    tallies.merge_into_none("forum_pk", instance.pk)


@receiver(pre_delete, sender=Area, dispatch_uid="surveys-tally-area")
def merge_area(sender, instance, **kwargs):
    tallies.merge_into_none("area_pk", instance.pk)


@receiver(page_published, sender=SurveyPage, dispatch_uid="surveys-results-public")
def note_results_public(sender, instance, **kwargs):
    """From their first publication, the results are withdrawn with a reason or
    stay public (``surveys.models.results_withdrawal``)."""
    if instance.results_public:
        SurveyPage.objects.filter(
            pk=instance.pk, results_public_since__isnull=True
        ).update(results_public_since=timezone.now())


@receiver(page_unpublished, sender=SurveyPage, dispatch_uid="surveys-results-down")
def note_results_taken_down(sender, instance, **kwargs):
    """Unpublished while its results were public (on an expiry date, or by code
    outside the admin, which asks why first), the survey still says when they
    went, with no reason."""
    SurveyPage.objects.filter(
        pk=instance.pk, results_public=True, results_public_since__isnull=False
    ).update(results_public=False, withdrawn_at=timezone.now())
