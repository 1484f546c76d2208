"""What a mayor's office should look at: its live commitments with no update for
longer than ``PLEDGES_STALE_AFTER_DAYS`` or past their target date, not met."""

from dataclasses import dataclass

from ..models import MayorsOffice, PledgePage


@dataclass
class OfficeAttention:
    office: MayorsOffice
    pledge: PledgePage
    stale: list
    overdue: list

    @property
    def needed(self):
        return bool(self.stale or self.overdue)

    @property
    def count(self):
        """Commitments needing attention, each counted once."""
        return len({c.pk for c in self.stale} | {c.pk for c in self.overdue})


def attention(offices):
    """An ``OfficeAttention`` per office whose pledge is live, by city; three
    queries however many offices and commitments."""
    offices = {o.pledge_id: o for o in offices.select_related("group")}
    pledges = PledgePage.objects.live().filter(pk__in=offices)
    return [
        OfficeAttention(
            office=offices[summary.pledge.pk],
            pledge=summary.pledge,
            stale=[c for c in summary.commitments if c.stale],
            overdue=[c for c in summary.commitments if c.overdue],
        )
        for summary in pledges.summaries()
    ]


def offices_of(user):
    """The mayor's offices ``user`` is a member of."""
    return MayorsOffice.objects.filter(group__in=user.groups.all())
