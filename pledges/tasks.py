from django_tasks import task


@task()
def notify_update_followers(update_id):
    """Email every follower who wants each update; runs once per publication."""
    from .models import ProgressUpdatePage
    from .services import notify_followers

    update = ProgressUpdatePage.objects.live().filter(pk=update_id).first()
    return notify_followers(update) if update else 0


@task()
def regenerate_share_image(pledge_id):
    from .models import PledgePage
    from .share_image import regenerate

    pledge = PledgePage.objects.filter(pk=pledge_id).first()
    if pledge is not None:
        regenerate(pledge)
