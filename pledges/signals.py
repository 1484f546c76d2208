"""Reactions to publication, wherever it happens: the admin, a workflow approval,
scheduled publishing or code."""

from .models import CommitmentPage, PledgePage, ProgressUpdatePage


def _first_publication(page):
    return page.first_published_at == page.last_published_at


def on_page_published(sender, instance, **kwargs):
    from . import services
    from .tasks import regenerate_share_image

    if isinstance(instance, ProgressUpdatePage):
        if _first_publication(instance):
            services.on_update_published(instance)
    elif isinstance(instance, PledgePage):
        if _first_publication(instance):
            services.publish_template_commitments(instance)
        regenerate_share_image.enqueue(instance.pk)
    elif isinstance(instance, CommitmentPage):
        pledge = PledgePage.objects.filter(
            path=instance.path[: -instance.steplen]
        ).first()
        if pledge is not None and pledge.live:
            regenerate_share_image.enqueue(pledge.pk)
