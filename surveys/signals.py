"""Keep the results totals (``surveys.tallies``) true when rows they count are
deleted by any path, the admin included: a response, or the forum or area its
responses name (the responses keep counting, under "none")."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from engage.models import Area
from forums.models import ForumPage

from . import tallies
from .models import Response


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
