import datetime

from django.core.management import call_command
from django.utils import timezone

from forums.models import RSVP, ForumSettings, WalkIn
from forums.services import purge_personal_data
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
