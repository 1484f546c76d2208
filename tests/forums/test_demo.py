import io

from django.db.models import F
from django.utils import timezone

from forums.demo import SERIES_SLUG
from forums.demo import build_demo as load_forum_demo
from forums.models import RSVP, ForumPage, ForumStatus, RSVPStatus, Venue


def snapshot():
    return (
        ForumPage.objects.count(),
        RSVP.objects.count(),
        Venue.objects.count(),
        sorted(ForumPage.objects.values_list("status", flat=True)),
    )


def test_demo_content_is_complete_and_idempotent(demo_site):
    load_forum_demo(demo_site, io.StringIO())
    first = snapshot()
    load_forum_demo(demo_site, io.StringIO())
    assert snapshot() == first
    now = timezone.now()
    forums = ForumPage.objects.live()
    assert forums.filter(start__gte=now).count() >= 6
    assert forums.filter(end__lt=now).count() >= 3
    assert forums.filter(status=ForumStatus.CANCELLED).count() == 1
    assert RSVP.objects.filter(status=RSVPStatus.WAITLISTED).exists()
    assert RSVP.objects.exclude(interpretation_language="").exists()
    assert RSVP.objects.filter(childcare_children__gt=0).exists()
    assert len(set(RSVP.objects.values_list("language", flat=True))) >= 4
    assert Venue.objects.exclude(accessibility_notes="").count() >= 2


def test_residents_signed_up_before_their_forum(demo_site):
    load_forum_demo(demo_site, io.StringIO())

    rsvps = RSVP.objects.filter(forum__series__slug=SERIES_SLUG)
    assert rsvps.exists()
    assert not rsvps.filter(created_at__gte=F("forum__start")).exists()
    assert not rsvps.filter(queued_at__gte=F("forum__start")).exists()
    assert not rsvps.exclude(created_at=F("queued_at")).exists()
