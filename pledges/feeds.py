"""Atom feeds of published progress updates: one per pledge and one for all pledges."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import PledgeIndexPage, PledgePage, ProgressUpdatePage, status_style

FEED_LENGTH = 50


class PledgeUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, pledge_id=None):
        if pledge_id is None:
            return None
        return get_object_or_404(PledgePage.objects.live(), pk=pledge_id)

    def title(self, obj):
        if obj is None:
            return _("Mayoral pledge progress: every city")
        return _("Mayoral pledge progress: %(city)s") % {"city": obj.city}

    def subtitle(self, obj):
        return _("Progress updates on each commitment, with their evidence.")

    def link(self, obj):
        if obj is not None:
            return obj.get_url(request=self.request)
        index = PledgeIndexPage.objects.live().first()
        return index.get_url(request=self.request) if index else "/"

    def feed_url(self, obj):
        if obj is None:
            return reverse("pledges:all_feed")
        return reverse("pledges:pledge_feed", kwargs={"pledge_id": obj.pk})

    def items(self, obj):
        updates = ProgressUpdatePage.objects.live().select_related("commitment")
        if obj is not None:
            updates = updates.descendant_of(obj)
        updates = list(updates.order_by("-first_published_at", "-pk")[:FEED_LENGTH])
        paths = {u.commitment.path[: -u.steplen] for u in updates if u.commitment}
        cities = dict(
            PledgePage.objects.filter(path__in=paths).values_list("path", "city")
        )
        for update in updates:
            update.city = cities.get(update.commitment.path[: -update.steplen], "")
        return updates

    def item_title(self, item):
        return _("%(city)s: %(commitment)s is %(status)s (%(percentage)s%%)") % {
            "city": item.city,
            "commitment": item.commitment.title,
            "status": status_style(item.status).label.lower(),
            "percentage": item.percentage,
        }

    def item_description(self, item):
        return item.explanation

    def item_link(self, item):
        return f"{item.commitment.get_url(request=self.request)}#update-{item.pk}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [status_style(item.status).label]
