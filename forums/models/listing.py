"""Forum cards: the columns they show, then every listed forum's seats in one
grouped query over its RSVPs.

Listing seats as correlated subqueries, one per attendance mode, cost more to
build and compile than the page's every other query; a grouped query run once the
forums are known reads the same rows.
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property
from wagtail.query import PageQuerySet

from cms.listings import for_cards

from .choices import Attendance
from .rsvps import HOLDING_SEATS, RSVP


class ForumListingQuerySet(PageQuerySet):
    _with_seats = False

    def for_listing(self):
        """Everything a forum card shows, in a fixed number of queries.

        ``has_summary`` follows the reverse relation the outcomes app's summary
        page adds (``summary``), so forums need not import outcomes. Seats are
        attached when the rows are read (``attach_seats``).
        """
        clone = (
            for_cards(self)
            .select_related("venue")
            .prefetch_related("areas")
            .annotate(
                has_summary=ExpressionWrapper(
                    Q(summary__live=True), output_field=BooleanField()
                )
            )
        )
        clone._with_seats = True
        return clone

    def count_upcoming_and_past(self, now):
        """How many forums are still to end and how many have, in one query."""
        counts = self.order_by().aggregate(
            upcoming=Count("pk", filter=Q(end__gte=now)),
            past=Count("pk", filter=Q(end__lt=now)),
        )
        return counts["upcoming"], counts["past"]

    def _clone(self):
        clone = super()._clone()
        clone._with_seats = self._with_seats
        return clone

    def _fetch_all(self):
        unread = self._result_cache is None
        super()._fetch_all()
        if unread and self._with_seats and self._iterable_class is ModelIterable:
            attach_seats(self._result_cache)


def attach_seats(forums):
    """Set the seats each forum's card shows, as ``ForumSeatsMixin`` reads them:
    ``confirmed_people`` (held seats in all) and ``<mode>_people`` per mode."""
    if not forums:
        return
    taken = defaultdict(int)
    rows = (
        RSVP.objects.filter(
            forum__in=[forum.pk for forum in forums], status__in=HOLDING_SEATS
        )
        .order_by()
        .values_list("forum", "attendance")
        .annotate(seats=Sum("party_size"))
    )
    for forum_id, attendance, seats in rows:
        taken[forum_id, attendance] += seats
    for forum in forums:
        modes = {mode: taken[forum.pk, mode] for mode in Attendance.values}
        forum.confirmed_people = sum(modes.values())
        for mode, seats in modes.items():
            setattr(forum, f"{mode}_people", seats)


class CountedPaginator(Paginator):
    """A paginator given its count: the forum index counts its two lists in one
    query rather than one each."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count
