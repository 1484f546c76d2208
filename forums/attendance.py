"""Check-in at the door and what organizers book: parties checked in (in whole or
in part), walk-ins, and the accommodations requested."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import RSVPStatus, WalkIn


def set_attended(rsvp, attended=True, people=None):
    """Check a party in (``people`` of it, when not all came) or undo it."""
    if not attended or people == 0:
        rsvp.attended_at = None
        rsvp.people_arrived = None
    else:
        rsvp.attended_at = rsvp.attended_at or timezone.now()
        whole_party = people is None or people >= rsvp.party_size
        rsvp.people_arrived = None if whole_party else people
    rsvp.save(update_fields=["attended_at", "people_arrived", "updated_at"])
    return rsvp


def add_walk_in(forum, count, name=""):
    return WalkIn.objects.create(forum=forum, count=count, name=name)


def correct_walk_in(walk_in, count, name=""):
    walk_in.count = count
    walk_in.name = name
    walk_in.save(update_fields=["count", "name"])
    return walk_in


def accommodations_rollup(forum, status=RSVPStatus.CONFIRMED):
    """What to book: interpreters per language (people), ASL (people), childcare
    (children), and how many RSVPs wrote access or other needs."""
    rsvps = forum.rsvps.filter(status=status)
    interpretation = list(
        rsvps.exclude(interpretation_language="")
        .values("interpretation_language")
        .annotate(people=Sum("party_size"), rsvps=Count("pk"))
        .order_by("-people", "interpretation_language")
    )
    totals = rsvps.aggregate(
        asl_people=Sum("party_size", filter=Q(asl=True)),
        children=Sum("childcare_children"),
        childcare_rsvps=Count("pk", filter=Q(childcare_children__gt=0)),
        access_rsvps=Count("pk", filter=~Q(access_needs="")),
        other_rsvps=Count("pk", filter=~Q(other_needs="")),
    )
    return {
        "interpretation": interpretation,
        "asl_people": totals["asl_people"] or 0,
        "children": totals["children"] or 0,
        "childcare_rsvps": totals["childcare_rsvps"],
        "access_rsvps": totals["access_rsvps"],
        "other_rsvps": totals["other_rsvps"],
    }
