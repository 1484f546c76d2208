import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from forums.models import RSVP, ForumSettings, RSVPStatus, WalkIn
from forums.retention import purge_personal_data
from tests.factories.forums import RSVPFactory, make_forum


def test_personal_data_is_erased_after_the_retention_period(client, forum_index, home):
    past = make_forum(forum_index, start=timezone.now() - datetime.timedelta(days=40))
    recent = make_forum(forum_index, start=timezone.now() - datetime.timedelta(days=5))
    old = RSVPFactory(
        forum=past,
        party_size=3,
        phone="555",
        access_needs="Ramp",
        attended_at=past.start,
    )
    kept = RSVPFactory(forum=recent)
    WalkIn.objects.create(forum=past, count=4, name="Walk-in name")
    settings = ForumSettings.for_site(home.get_site())
    settings.rsvp_retention_days = 30
    settings.save()
    before = past.attendance()
    assert purge_personal_data() == 1
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.access_needs) == ("", "", "", "")
    assert old.erased_at and old.party_size == 3
    assert RSVP.objects.get(pk=kept.pk).email == kept.email
    assert past.attendance() == before
    assert WalkIn.objects.get().name == ""
    assert purge_personal_data() == 0
    response = client.get(f"/en/rsvp/{old.manage_token()}/")
    assert response.status_code == 410


def test_command_accepts_days(forum_index):
    past = make_forum(forum_index, start=timezone.now() - datetime.timedelta(days=3))
    RSVPFactory(forum=past)
    call_command("purge_rsvp_personal_data", "--days", "1")
    assert RSVP.objects.get().erased_at is not None


def test_unconfirmed_requests_are_deleted_after_a_week_or_when_the_forum_ends(
    forum_index,
):
    now = timezone.now()
    upcoming = make_forum(forum_index, start=now + datetime.timedelta(days=30))
    ended = make_forum(forum_index, start=now - datetime.timedelta(days=1))
    stale = RSVPFactory(forum=upcoming, status=RSVPStatus.PENDING)
    RSVP.objects.filter(pk=stale.pk).update(
        created_at=now - datetime.timedelta(days=7, minutes=1)
    )
    fresh = RSVPFactory(forum=upcoming, status=RSVPStatus.PENDING)
    over = RSVPFactory(forum=ended, status=RSVPStatus.PENDING)
    confirmed = RSVPFactory(forum=ended)
    RSVP.objects.filter(pk=confirmed.pk).update(
        created_at=now - datetime.timedelta(days=30)
    )

    out = io.StringIO()
    call_command("purge_rsvp_personal_data", stdout=out)

    assert set(RSVP.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert "2 unconfirmed requests deleted." in out.getvalue()
    assert not RSVP.objects.filter(pk__in=[stale.pk, over.pk]).exists()
