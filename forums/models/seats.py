"""A forum's seats: how many are taken and left, per attendance mode at hybrid
forums, and whether a freed seat is offered rather than given."""

import datetime

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from engage import page_cache

from .choices import Attendance, ForumFormat
from .rsvps import seats_taken_at


class ForumSeatsMixin:
    """Seat counting for ``ForumPage``. A hybrid forum's ``capacity`` is the
    room's and ``online_capacity`` the online audience's, each with its own
    waitlist; other forums have one capacity for everyone."""

    @property
    def is_hybrid(self):
        return self.format == ForumFormat.HYBRID

    @property
    def own_attendance(self):
        """The mode stored on RSVPs to a forum that does not ask for one."""
        if self.format == ForumFormat.ONLINE:
            return Attendance.ONLINE
        return Attendance.IN_ROOM

    def capacity_for(self, attendance):
        """The limit a party taking part this way counts against; None: none."""
        if self.is_hybrid and attendance == Attendance.ONLINE:
            return self.online_capacity
        return self.capacity

    def offer_deadline(self, now):
        """Until when a seat freed at ``now`` is held for the next person in line,
        or None when it is far enough from the date to be given at once. Never
        past the start: an offer is only worth something before the forum."""
        window = datetime.timedelta(hours=settings.FORUM_OFFER_WINDOW_HOURS)
        if self.start - now > window:
            return None
        hold = datetime.timedelta(hours=settings.FORUM_OFFER_HOURS)
        return min(now + hold, self.start)

    def seats_taken(self):
        annotated = getattr(self, "confirmed_people", None)
        if annotated is not None:
            return annotated
        with page_cache.depends_on("forum-seats", self.pk):
            return seats_taken_at(self.pk)

    @cached_property
    def seats_taken_by_attendance(self):
        """People holding seats in the room and online (hybrid forums)."""
        annotated = {
            mode: getattr(self, f"{mode}_people", None) for mode in Attendance.values
        }
        if None not in annotated.values():
            return annotated
        with page_cache.depends_on("forum-seats", self.pk):
            return self.rsvps.seats_taken_by_attendance()

    def attendance(self):
        """People checked in from RSVPs plus walk-ins; what a forum summary reports."""
        counts = self.rsvps.counts()
        walk_in_people = self.walk_ins.aggregate(people=Coalesce(Sum("count"), 0))[
            "people"
        ]
        return {
            **counts,
            "walk_in_people": walk_in_people,
            "attended_people": counts["checked_in_people"] + walk_in_people,
        }

    @cached_property
    def seats_by_attendance(self):
        """(mode, label, seats left or None for no limit) of a hybrid forum."""
        if not self.is_hybrid:
            return []
        taken = self.seats_taken_by_attendance
        rows = []
        for mode, label in Attendance.choices:
            limit = self.capacity_for(mode)
            left = None if limit is None else max(limit - taken[mode], 0)
            rows.append((mode, label, left))
        return rows

    @cached_property
    def seats_left(self):
        """Seats anyone may still take; at a hybrid forum those of both modes,
        None when either has no limit."""
        if self.is_hybrid:
            lefts = [left for _mode, _label, left in self.seats_by_attendance]
            return None if None in lefts else sum(lefts)
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken(), 0)

    @property
    def is_full(self):
        return self.seats_left == 0
