"""Forum listings: their counts, and every listed forum's seats in one grouped
query over its RSVPs.

Listing seats as correlated subqueries, one per attendance mode, cost more to
build and compile than the page's every other query; a grouped query run once the
forums are known reads the same rows.
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum, Value
from django.utils.functional import cached_property
from wagtail.query import PageQuerySet

from engage.compiled import rows_for_keys

from .choices import Attendance
from .rsvps import HOLDING_SEATS, RSVP


class ForumListingQuerySet(PageQuerySet):
    def count_upcoming_and_past(self, now):
        """How many forums are still to end and how many have, in one query."""
        return next(iter(self.upcoming_and_past_counted(now)), (0, 0))

    def upcoming_and_past_counted(self, now):
        """The query of ``count_upcoming_and_past``: one row of the two counts
        (a constant to group by is left out of SQL, so all rows are counted
        together), which can be compiled where an aggregate cannot."""
        return (
            self.order_by()
            .annotate(every_forum=Value(1))
            .values("every_forum")
            .annotate(
                upcoming=Count("pk", filter=Q(end__gte=now)),
                past=Count("pk", filter=Q(end__lt=now)),
            )
            .values_list("upcoming", "past")
        )


def attach_seats(forums):
    """Set the seats each forum's card shows, as ``ForumSeatsMixin`` reads them
    (see ``cards.forum_cards``):
    ``confirmed_people`` (held seats in all) and ``<mode>_people`` per mode."""
    if not forums:
        return
    taken = defaultdict(int)
    rows = rows_for_keys(_seats_query, [forum.pk for forum in forums])
    for forum_id, attendance, seats in rows:
        taken[forum_id, attendance] += seats
    for forum in forums:
        modes = {mode: taken[forum.pk, mode] for mode in Attendance.values}
        forum.confirmed_people = sum(modes.values())
        for mode, seats in modes.items():
            setattr(forum, f"{mode}_people", seats)


def _seats_query(forum_ids):
    return (
        RSVP.objects.filter(forum__in=forum_ids, status__in=HOLDING_SEATS)
        .order_by()
        .values_list("forum", "attendance")
        .annotate(seats=Sum("party_size"))
    )


class CountedPaginator(Paginator):
    """A paginator given its count: the forum index counts its two lists in one
    query rather than one each."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count
