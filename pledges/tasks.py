"""Work done after publication, outside the request that published."""

from django_tasks import task

from .models import PledgePage, ProgressUpdatePage
from .services.following import notify_followers
from .share_image import regenerate


@task()
def notify_update_followers(update_id):
    """Email every follower who wants each update; runs once per publication."""
    update = ProgressUpdatePage.objects.live().filter(pk=update_id).first()
    return notify_followers(update) if update else 0


@task()
def regenerate_share_image(pledge_id):
    pledge = PledgePage.objects.filter(pk=pledge_id).first()
    if pledge is not None:
        regenerate(pledge)
