"""Atom feeds of published progress updates: one per pledge and one for all pledges.

Feed readers fetch and show them far from the site, so every link carries the
public address."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from engage.links import absolute_reverse, absolute_url

from .choices import status_style
from .models import PledgeIndexPage, PledgePage, ProgressUpdatePage

FEED_LENGTH = 50


class PledgeUpdatesFeed(Feed):
    feed_type = Atom1Feed

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
            return absolute_url(obj)
        index = PledgeIndexPage.objects.live().first()
        return absolute_url(index or "/")

    def feed_url(self, obj):
        if obj is None:
            return absolute_reverse("pledges:all_feed")
        return absolute_reverse("pledges:pledge_feed", kwargs={"pledge_id": obj.pk})

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
        return f"{absolute_url(item.commitment)}#update-{item.pk}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [status_style(item.status).label]
