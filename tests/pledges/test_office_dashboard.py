"""The mayor's office dashboard in the admin and the monthly reminder email: each
office sees, and hears about, its own stale and overdue commitments only."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from engage.templatetags.engage_tags import format_date
from pledges.models import OfficeReminder, Status
from pledges.services import reminders
from pledges.services.reminders import reminder_month, send_office_reminders
from tests.factories.engage import StaffFactory
from tests.factories.pledges import CommitmentPageFactory, office_member

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/pledges/office/"


@pytest.fixture
def late(pledge, other_pledge, update, settings):
    """Riverton: one overdue, one stale, one fine (besides the fixture's
    commitment, never reported since signing 30 days ago: stale). Port Alder:
    one stale."""
    settings.PLEDGES_STALE_AFTER_DAYS = 10
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    overdue = CommitmentPageFactory(
        parent=pledge, title="Use-of-force policy", target_date=yesterday
    )
    stale = CommitmentPageFactory(parent=pledge, title="Body cameras")
    fine = CommitmentPageFactory(parent=pledge, title="Civilian review")
    update(Status.IN_PROGRESS, 40, on=overdue, days_ago=1)
    update(Status.IN_PROGRESS, 40, on=stale, days_ago=15)
    update(Status.IN_PROGRESS, 40, on=fine, days_ago=1)
    elsewhere = CommitmentPageFactory(parent=other_pledge, title="Alder cameras")
    update(Status.IN_PROGRESS, 40, on=elsewhere, days_ago=20)
    return yesterday


def listed(html, kind):
    page = BeautifulSoup(html, "html.parser")
    return [
        row.select_one("th").get_text(strip=True)
        for row in page.select(f"table.pledge-office-{kind} tbody tr")
    ]


def test_office_member_sees_their_stale_and_overdue_commitments(client, pledge, late):
    client.force_login(office_member(pledge))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert listed(html, "overdue") == ["Use-of-force policy"]
    assert listed(html, "stale") == ["Independent review board", "Body cameras"]
    assert "Alder cameras" not in html
    assert "Civilian review" not in html


def test_admin_home_shows_the_panel_to_members_only(client, pledge, other_pledge, late):
    client.force_login(office_member(pledge))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="pledge-office-attention' in home
    assert listed(home, "overdue") == ["Use-of-force policy"]
    client.force_login(StaffFactory())
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "pledge-office-attention" not in home


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_people_outside_every_office_are_turned_away(client, pledge, late, who):
    """Wagtail sends anyone who may use the admin back to its home page."""
    user = StaffFactory(is_superuser=who == "superuser")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Use-of-force policy" not in client.get("/admin/").content.decode()


def test_another_office_sees_only_its_own_city(client, other_pledge, late):
    client.force_login(office_member(other_pledge))
    html = client.get(DASHBOARD).content.decode()
    assert listed(html, "stale") == ["Alder cameras"]
    assert listed(html, "overdue") == []
    assert "Use-of-force policy" not in html


def test_monthly_reminder_goes_to_each_member_in_their_language(
    pledge, other_pledge, late
):
    spanish = office_member(pledge)
    spanish.preferred_language = "es"
    spanish.save()
    arabic = office_member(pledge)
    arabic.preferred_language = "ar"
    arabic.save()
    inactive = office_member(pledge)
    inactive.is_active = False
    inactive.save()
    alder = office_member(other_pledge)
    mail.outbox.clear()
    call_command("send_pledge_office_reminders")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {spanish.email, arabic.email, alder.email}
    assert by_address[spanish.email].subject.startswith("Riverton: 3 ")
    body = by_address[spanish.email].body
    with translation.override("es"):
        assert format_date(late, "medium") in body
    assert '<html lang="es" dir="ltr">' in by_address[spanish.email].alternatives[0][0]
    assert "Use-of-force policy" in body
    assert "Body cameras" in body
    assert "Civilian review" not in body
    assert "http://testserver/admin/pledges/office/" in body
    assert by_address[arabic.email].subject.startswith("Riverton:")
    assert '<html lang="ar" dir="rtl">' in by_address[arabic.email].alternatives[0][0]
    assert "Alder cameras" in by_address[alder.email].body
    assert "Use-of-force policy" not in by_address[alder.email].body


def test_no_reminder_when_nothing_needs_attention(pledge, update, settings):
    settings.PLEDGES_STALE_AFTER_DAYS = 60
    office_member(pledge)
    update(Status.IN_PROGRESS, 40)
    mail.outbox.clear()
    call_command("send_pledge_office_reminders")
    assert mail.outbox == []


def remind():
    """Run the command as cron does; returns what it printed."""
    out = StringIO()
    call_command("send_pledge_office_reminders", stdout=out)
    return out.getvalue()


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_a_second_run_in_the_same_month_sends_nothing(pledge, other_pledge, late):
    members = [office_member(pledge), office_member(pledge)]
    members.append(office_member(other_pledge))
    month = f"{reminder_month():%Y-%m}"
    mail.outbox.clear()
    assert remind() == f"Sent 3 pledge office reminder(s) for {month}.\n"
    assert recipients() == sorted(member.email for member in members)
    mail.outbox.clear()
    assert remind() == f"Sent 0 pledge office reminder(s) for {month}.\n"
    assert mail.outbox == []
    assert OfficeReminder.objects.count() == 3


def test_each_calendar_month_reminds_once(pledge, late):
    office_member(pledge)
    mail.outbox.clear()
    assert send_office_reminders(today=datetime.date(2026, 11, 1)) == 1
    assert send_office_reminders(today=datetime.date(2026, 11, 30)) == 0
    assert send_office_reminders(today=datetime.date(2026, 12, 1)) == 1
    assert len(mail.outbox) == 2


def test_a_run_that_fails_half_way_resumes_without_duplicates(
    pledge, other_pledge, late, monkeypatch
):
    members = [office_member(pledge), office_member(pledge)]
    members.append(office_member(other_pledge))
    queued = []

    def queue_fails_on_the_second(*args, **kwargs):
        queued.append(kwargs["to"])
        if len(queued) == 2:
            raise ConnectionError("The task queue went away")
        return send_email(*args, **kwargs)

    send_email = reminders.send_email
    monkeypatch.setattr(reminders, "send_email", queue_fails_on_the_second)
    mail.outbox.clear()
    with pytest.raises(ConnectionError):
        remind()
    assert recipients() == [queued[0]]
    assert list(OfficeReminder.objects.values_list("member__email", flat=True)) == [
        queued[0]
    ]
    monkeypatch.setattr(reminders, "send_email", send_email)
    month = f"{reminder_month():%Y-%m}"
    assert remind() == f"Sent 2 pledge office reminder(s) for {month}.\n"
    assert recipients() == sorted(member.email for member in members)
    assert remind() == f"Sent 0 pledge office reminder(s) for {month}.\n"
    assert recipients() == sorted(member.email for member in members)
