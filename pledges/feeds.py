"""Atom feeds of published progress updates and amendments of terms: one per
pledge and one for all pledges.

Feed readers fetch and show them far from the site, so every link carries the
public address. An update is dated by its effective date (and marked updated
when it was published); an amendment by when it was made. Evidence is linked
from each entry as an enclosure."""

import datetime
import mimetypes

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from engage.links import absolute_reverse, absolute_url

from .choices import status_style
from .models import Amendment, PledgeIndexPage, PledgePage, ProgressUpdatePage

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
        amendments = Amendment.objects.public().select_related("pledge", "commitment")
        if obj is not None:
            updates = updates.descendant_of(obj)
            amendments = amendments.filter(pledge=obj)
        updates = list(
            updates.prefetch_related(
                "evidence__document", "evidence__saved_copy"
            ).order_by("-update_date", "-first_published_at", "-pk")[:FEED_LENGTH]
        )
        paths = {u.commitment.path[: -u.steplen] for u in updates if u.commitment}
        cities = dict(
            PledgePage.objects.filter(path__in=paths).values_list("path", "city")
        )
        for update in updates:
            update.city = cities.get(update.commitment.path[: -update.steplen], "")
            update.feed_date = _start_of(update.update_date)
        amendments = list(amendments.order_by("-made_at", "-pk")[:FEED_LENGTH])
        for amendment in amendments:
            amendment.feed_date = amendment.made_at
        entries = sorted(
            updates + amendments, key=lambda item: item.feed_date, reverse=True
        )
        return entries[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, Amendment):
            return _("%(city)s: the terms of %(subject)s changed (%(term)s)") % {
                "city": item.pledge.city,
                "subject": item.commitment.title if item.commitment else item.pledge,
                "term": item.get_term_display().lower(),
            }
        return _("%(city)s: %(commitment)s is %(status)s (%(percentage)s%%)") % {
            "city": item.city,
            "commitment": item.commitment.title,
            "status": status_style(item.status).label.lower(),
            "percentage": item.percentage,
        }

    def item_description(self, item):
        if isinstance(item, Amendment):
            return render_to_string(
                "pledges/includes/amendment.html", {"amendment": item}
            ).strip()
        return item.explanation

    def item_link(self, item):
        if isinstance(item, Amendment):
            target = item.commitment or item.pledge
            return f"{absolute_url(target)}#amendment-{item.pk}"
        return f"{absolute_url(item.commitment)}#update-{item.pk}"

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.feed_date

    def item_updateddate(self, item):
        if isinstance(item, Amendment):
            return item.made_at
        return item.first_published_at

    def item_categories(self, item):
        if isinstance(item, Amendment):
            return [str(item.get_term_display())]
        return [status_style(item.status).label]

    def item_enclosures(self, item):
        """The evidence of an update, each link and saved copy or document."""
        if isinstance(item, Amendment):
            return []
        return [
            Enclosure(absolute_url(url), "0", _mime_type(url))
            for evidence in item.evidence.all()
            for url in (
                evidence.href,
                evidence.saved_copy.url if evidence.saved_copy else "",
            )
            if url
        ]


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _mime_type(url):
    guessed, _encoding = mimetypes.guess_type(url.split("?")[0])
    return guessed or "text/html"
