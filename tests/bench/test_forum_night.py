"""Forum night: the door adds RSVPs, and wrk's count of the page cache is read."""

import io
import json

from django.core.management import call_command

from bench.management.commands import bench_forum_night
from bench.night import COUNT_CACHE, parse_counts
from forums.models import RSVP
from tests.factories.forums import make_forum, make_index


def test_the_door_adds_rsvps_until_its_time_is_up(home):
    forum = make_forum(make_index(home), capacity=1)
    out = io.StringIO()
    call_command(
        bench_forum_night.Command(),
        forum=forum.slug,
        every=0.01,
        seconds=0.03,
        stdout=out,
    )
    assert out.getvalue().splitlines()[0] == "ready"
    assert json.loads(out.getvalue().splitlines()[-1]) == {
        "rsvps": 3,
        "rsvp_errors": 0,
    }
    # Past the capacity, the same rules as the admin's form: the waitlist.
    assert list(RSVP.objects.values_list("status", flat=True).order_by("pk")) == [
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]


def test_the_hit_rate_counts_every_answer_and_none_for_healthz():
    assert "X-Engage-Cache" in COUNT_CACHE
    text = "Requests/sec: 10.0\nengage-cache hit=997 miss=2 none=1\n"
    assert parse_counts(text) == {
        "cache_hits": 997,
        "cache_misses": 2,
        "cache_hit_rate": 0.997,
    }
    healthz = parse_counts("engage-cache hit=0 miss=0 none=500\n")
    assert healthz["cache_hit_rate"] is None
