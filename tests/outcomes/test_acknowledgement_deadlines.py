"""Acknowledgement deadlines: scheduled reminders, each step once and never after
acknowledging; one notice to each unit's commander after the deadline; and the
commander's signed, expiring link to their unit's status."""

import collections
import datetime
import re
from unittest import mock
from urllib.parse import quote

import pytest
from anymail.exceptions import AnymailAPIError
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from hypothesis import given
from hypothesis import strategies as st

from engage.models import PersonalDataAccess
from engage.templatetags.engage_tags import format_date
from outcomes import commanders, deadlines, sending, tokens
from outcomes.models import (
    CommanderNotice,
    Delivery,
    DeliveryStatus,
    DepartmentUnit,
    Distribution,
    ReminderStep,
    ScheduledReminder,
)
from tests.factories.outcomes import (
    COMMAND_STAFF,
    make_commanded_unit,
    make_member,
)
from tests.security.fuzz import FUZZ, any_text


@pytest.fixture(autouse=True)
def schedule(settings):
    settings.OUTCOMES_REMINDER_AFTER_DAYS = 3
    settings.OUTCOMES_REMINDER_BEFORE_DEADLINE_DAYS = 1
    settings.OUTCOMES_UNIT_LINK_MAX_AGE = 30 * 24 * 3600


def recipients(outbox):
    return collections.Counter(message.to[0] for message in outbox)


def distribute(summary, days=14):
    """A distribution due in ``days`` days, sent now to every unit but the
    command staff (where the commanders are)."""
    created = sending.create_distribution(
        summary,
        enqueue=False,
        deadline=deadlines.today() + datetime.timedelta(days),
        units=list(DepartmentUnit.objects.exclude(name=COMMAND_STAFF)),
    )
    sending.send_pending(created)
    mail.outbox = []
    return Distribution.objects.get(pk=created.pk)


def delivery_of(distribution, member):
    return Delivery.objects.get(distribution=distribution, member=member)


def reminder_subject(summary, language):
    with translation.override(language):
        return gettext(
            "Reminder: please confirm you read the forum summary (%(title)s)"
        ) % {"title": summary.title}


# Scheduled reminders ---------------------------------------------------------------


def test_each_step_of_the_schedule_goes_once_then_none_after_the_deadline(
    summary, counting
):
    unit = make_commanded_unit("Patrol North")
    members = [
        make_member("Ana Ruiz", unit, language="es"),
        make_member("Binh Tran", unit, language="vi"),
        make_member("Carl Lee", unit),
    ]
    distribution = distribute(summary)
    sent_at = delivery_of(distribution, members[0]).sent_at
    passes_at = deadlines.deadline_passes_at(distribution)
    day = datetime.timedelta(days=1)

    assert deadlines.send_scheduled_reminders(distribution, now=sent_at + day) == 0
    after = sent_at + 3 * day + datetime.timedelta(minutes=1)
    assert deadlines.send_scheduled_reminders(distribution, now=after) == 3
    assert sorted(recipients(mail.outbox)) == sorted(m.email for m in members)
    for message in mail.outbox:
        language = {m.email: m.preferred_language for m in members}[message.to[0]]
        assert message.subject == reminder_subject(summary, language)
        assert "/forum-summary/acknowledge/" in message.body
    # Run again, the same hour and the next day: nothing more.
    assert deadlines.send_scheduled_reminders(distribution, now=after) == 0
    assert deadlines.send_scheduled_reminders(distribution, now=after + day) == 0

    before = passes_at - day + datetime.timedelta(minutes=1)
    assert deadlines.send_scheduled_reminders(distribution, now=before) == 3
    assert deadlines.send_scheduled_reminders(distribution, now=before) == 0
    assert len(mail.outbox) == 6
    assert set(recipients(mail.outbox).values()) == {2}
    assert deadlines.send_scheduled_reminders(distribution, now=passes_at) == 0
    assert len(mail.outbox) == 6
    for member in members:
        steps = delivery_of(distribution, member).scheduled_reminders
        assert sorted(steps.values_list("step", flat=True)) == [
            ReminderStep.AFTER_SENDING,
            ReminderStep.BEFORE_DEADLINE,
        ]


def test_no_reminder_after_acknowledging_nor_to_an_address_that_failed(
    summary, counting
):
    unit = make_commanded_unit("Patrol North")
    acked, bounced, failed, spam, waiting = (
        make_member(name, unit) for name in ("Ann", "Bob", "Cy", "Di", "Ed")
    )
    distribution = distribute(summary)
    tokens.acknowledge(delivery_of(distribution, acked))
    for member, status in (
        (bounced, DeliveryStatus.BOUNCED),
        (failed, DeliveryStatus.FAILED),
        (spam, DeliveryStatus.COMPLAINED),
    ):
        Delivery.objects.filter(pk=delivery_of(distribution, member).pk).update(
            status=status
        )
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    assert deadlines.send_scheduled_reminders(distribution, now=later) == 1
    assert list(recipients(mail.outbox)) == [waiting.email]
    tokens.acknowledge(delivery_of(distribution, waiting))
    passes_at = deadlines.deadline_passes_at(distribution)
    before = passes_at - datetime.timedelta(hours=1)
    assert deadlines.send_scheduled_reminders(distribution, now=before) == 0
    assert len(mail.outbox) == 1


def test_steps_due_together_send_one_email_and_mark_both(summary, counting, settings):
    """The job was down: both steps are due at once, and one reminder goes."""
    settings.OUTCOMES_REMINDER_AFTER_DAYS = 1
    unit = make_commanded_unit("Patrol North")
    member = make_member("Ann", unit)
    distribution = distribute(summary, days=2)
    now = deadlines.deadline_passes_at(distribution) - datetime.timedelta(hours=1)
    assert deadlines.send_scheduled_reminders(distribution, now=now) == 1
    assert deadlines.send_all_scheduled_reminders(now=now) == 0
    assert list(recipients(mail.outbox)) == [member.email]
    assert ScheduledReminder.objects.filter(delivery__member=member).count() == len(
        ReminderStep
    )


def test_a_copy_sent_after_the_reminder_was_due_is_not_reminded(summary, counting):
    unit = make_commanded_unit("Patrol North")
    make_member("Ann", unit)
    distribution = distribute(summary, days=1)
    # Due at the start of the deadline day; the copy went the day before.
    passes_at = deadlines.deadline_passes_at(distribution)
    due_at = passes_at - datetime.timedelta(days=1)
    assert deadlines.send_scheduled_reminders(distribution, now=due_at) == 1
    late = make_member("Bea", unit)
    Delivery.objects.create(
        distribution=distribution,
        member=late,
        email=late.email,
        language="en",
        status=DeliveryStatus.SENT,
        sent_at=due_at + datetime.timedelta(hours=2),
    )
    now = due_at + datetime.timedelta(hours=3)
    assert deadlines.send_scheduled_reminders(distribution, now=now) == 0


def test_a_crash_mid_send_never_reminds_anyone_twice(summary, crashing):
    unit = make_commanded_unit("Patrol North")
    members = [make_member(f"Officer {n}", unit) for n in range(3)]
    distribution = distribute(summary)
    crashing.sent = 0
    crashing.crash_after = 1  # the worker is killed during the second email
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    with pytest.raises(KeyboardInterrupt):
        deadlines.send_scheduled_reminders(distribution, now=later)
    assert list(recipients(mail.outbox)) == [members[0].email]
    crashing.crash_after = None
    assert deadlines.send_scheduled_reminders(distribution, now=later) == 1
    assert deadlines.send_scheduled_reminders(distribution, now=later) == 0
    # The copy in flight at the crash may have gone: it is never sent again.
    assert recipients(mail.outbox) == {members[0].email: 1, members[2].email: 1}
    in_flight = delivery_of(distribution, members[1])
    assert in_flight.scheduled_reminders.count() == 1


def test_a_provider_error_is_retried_by_the_next_run(summary, crashing):
    unit = make_commanded_unit("Patrol North")
    members = [make_member(f"Officer {n}", unit) for n in range(3)]
    distribution = distribute(summary)
    crashing.sent = 0
    crashing.crash_after = 1
    crashing.crash_with = AnymailAPIError
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    assert deadlines.send_scheduled_reminders(distribution, now=later) == 1
    crashing.crash_after = None
    assert deadlines.send_scheduled_reminders(distribution, now=later) == 2
    assert recipients(mail.outbox) == {member.email: 1 for member in members}


def test_the_manual_reminder_still_works_beside_the_schedule(
    admin_client, summary, counting
):
    unit = make_commanded_unit("Patrol North")
    member = make_member("Ann", unit)
    distribution = distribute(summary)
    Delivery.objects.filter(distribution=distribution).update(
        sent_at=timezone.now() - datetime.timedelta(days=8)
    )
    url = reverse("outcomes_admin:distribution_remind", args=[distribution.pk])
    admin_client.post(url, {"days": "7"})
    admin_client.post(url, {"days": "7"})
    assert list(recipients(mail.outbox)) == [member.email]
    # The schedule keeps its own record: its step still goes once.
    assert deadlines.send_scheduled_reminders(distribution) == 1
    assert deadlines.send_scheduled_reminders(distribution) == 0
    assert recipients(mail.outbox) == {member.email: 2}


def test_distributions_without_a_deadline_get_no_scheduled_mail(summary, counting):
    unit = make_commanded_unit("Patrol North")
    make_member("Ann", unit)
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    mail.outbox = []
    much_later = timezone.now() + datetime.timedelta(days=20)
    assert deadlines.send_scheduled_reminders(created, now=much_later) == 0
    assert commanders.notify_commanders(now=much_later) == 0
    assert mail.outbox == []


# Commander notices -----------------------------------------------------------------


@pytest.fixture
def two_units(summary, counting):
    """Unit North (commander reads Spanish): Ana acknowledged, Bruno has not,
    Carmen's address bounced. Unit South: Dan has not acknowledged."""
    north = make_commanded_unit("Patrol North", commander_language="es")
    south = make_commanded_unit("Patrol South")
    people = {
        "ana": make_member("Ana Ruiz", north, role="Sergeant"),
        "bruno": make_member("Bruno Díaz", north, role="Officer"),
        "carmen": make_member("Carmen Vidal", north, role="Detective"),
        "dan": make_member("Dan Park", south, role="Officer"),
    }
    distribution = distribute(summary, days=3)
    tokens.acknowledge(
        delivery_of(distribution, people["ana"]),
        revision_id=summary.live_revision_id,
    )
    Delivery.objects.filter(pk=delivery_of(distribution, people["carmen"]).pk).update(
        status=DeliveryStatus.BOUNCED
    )
    return distribution, north, south, people


def notice_email(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def unit_link(message):
    return re.search(r"https?://\S+/forum-summary/unit/\S+/", message.body).group(0)


def test_each_commander_is_told_once_after_the_deadline_only(two_units):
    distribution, north, south, people = two_units
    passes_at = deadlines.deadline_passes_at(distribution)
    assert commanders.notify_commanders(now=passes_at - datetime.timedelta(1)) == 0
    assert mail.outbox == []
    after = passes_at + datetime.timedelta(minutes=1)
    assert commanders.notify_commanders(now=after) == 2
    assert commanders.notify_commanders(now=after) == 0
    assert commanders.notify_commanders(now=after + datetime.timedelta(days=2)) == 0
    assert sorted(recipients(mail.outbox)) == sorted(
        [north.commander.email, south.commander.email]
    )
    assert CommanderNotice.objects.count() == 2
    # No member gets a reminder once the deadline has passed.
    assert deadlines.send_all_scheduled_reminders(now=after) == 0


def test_the_notice_lists_exactly_the_units_non_acknowledgers_in_its_language(
    two_units,
):
    distribution, north, south, people = two_units
    after = deadlines.deadline_passes_at(distribution) + datetime.timedelta(minutes=1)
    commanders.notify_commanders(now=after)

    message = notice_email(north.commander.email)
    html = message.alternatives[0][0]
    assert re.search(r'<html lang="([^"]+)"', html).group(1) == "es"
    with translation.override("es"):
        expected = ngettext(
            "%(unit)s: %(counter)s member has not acknowledged the forum summary",
            "%(unit)s: %(counter)s members have not acknowledged the forum summary",
            2,
        ) % {"unit": "Patrol North", "counter": 2}
        bounced = gettext("the email did not reach them")
    assert message.subject == expected
    listed = re.findall(r"^- (.+)$", message.body, flags=re.M)
    assert listed == [
        "\u2068Bruno Díaz\u2069 (Officer)",
        f"\u2068Carmen Vidal\u2069 (Detective): {bounced}",
    ]
    for absent in ("Ana Ruiz", "Dan Park", "@police.example"):
        assert absent not in message.body
        assert absent not in html
    assert "/es/forum-summary/unit/" in unit_link(message)

    south_message = notice_email(south.commander.email)
    assert re.findall(r"^- (.+)$", south_message.body, flags=re.M) == [
        "\u2068Dan Park\u2069 (Officer)"
    ]


def test_a_unit_where_everyone_acknowledged_or_without_commander_gets_nothing(
    summary, counting
):
    done = make_commanded_unit("Traffic")
    nobody = make_commanded_unit("Records", commander=False)
    away = make_commanded_unit("Harbor")
    away.commander.active = False
    away.commander.save()
    acked = make_member("Ann", done)
    make_member("Bob", nobody)
    make_member("Cy", away)
    distribution = distribute(summary, days=0)
    tokens.acknowledge(delivery_of(distribution, acked))
    after = deadlines.deadline_passes_at(distribution) + datetime.timedelta(hours=1)
    assert commanders.notify_commanders(now=after) == 0
    assert mail.outbox == []


def test_old_deadlines_get_no_notice(two_units):
    distribution, *_ = two_units
    long_after = deadlines.deadline_passes_at(distribution) + datetime.timedelta(40)
    assert commanders.notify_commanders(now=long_after) == 0


def test_the_scheduled_command_sends_reminders_and_notices(two_units):
    distribution, north, south, people = two_units
    out = []
    with mock.patch("django.utils.timezone.now") as now:
        now.return_value = deadlines.deadline_passes_at(distribution) + (
            datetime.timedelta(minutes=5)
        )
        call_command("send_acknowledgement_reminders", stdout=FakeOut(out))
        call_command("send_acknowledgement_reminders", stdout=FakeOut(out))
    assert out == [
        "0 reminders sent, 2 commander notices.\n",
        "0 reminders sent, 0 commander notices.\n",
    ]


class FakeOut:
    def __init__(self, lines):
        self.lines = lines

    def write(self, text):
        self.lines.append(text)

    def flush(self):
        pass


# The commander's unit view ---------------------------------------------------------


@pytest.fixture
def notified(two_units):
    distribution, north, south, people = two_units
    after = deadlines.deadline_passes_at(distribution) + datetime.timedelta(minutes=1)
    commanders.notify_commanders(now=after)
    north_url = unit_link(notice_email(north.commander.email))
    south_url = unit_link(notice_email(south.commander.email))
    return distribution, north, south, people, north_url, south_url


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def section_items(soup, heading_id):
    section = soup.find(id=heading_id).find_parent("section")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in section("li")]


def test_the_unit_view_shows_only_its_unit_in_three_groups(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    response = client.get(path_of(north_url))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    page = response.content.decode()
    assert '<meta name="robots" content="noindex">' in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "es"
    waiting = section_items(soup, "unit-waiting")
    unreached = section_items(soup, "unit-unreached")
    acknowledged = section_items(soup, "unit-acknowledged")
    assert waiting == ["Bruno Díaz ( Officer )"]
    assert unreached == ["Carmen Vidal ( Detective )"]
    assert len(acknowledged) == 1
    assert acknowledged[0].startswith("Ana Ruiz ( Sergeant ):")
    ana = delivery_of(distribution, people["ana"])
    assert ana.acknowledged_revision_id == distribution.summary.live_revision_id
    assert "Dan Park" not in page
    assert "@police.example" not in page

    south_page = client.get(path_of(south_url)).content.decode()
    assert "Dan Park" in south_page
    for name in ("Ana Ruiz", "Bruno Díaz", "Carmen Vidal"):
        assert name not in south_page


def test_each_view_is_recorded_in_the_audit_log_without_the_link(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    client.get(path_of(north_url))
    (entry,) = PersonalDataAccess.objects.all()
    notice = CommanderNotice.objects.get(unit=north)
    assert entry.user is None
    assert entry.username == north.commander.name
    assert entry.view == "outcomes:unit_status"
    assert entry.object_id == str(notice.pk)
    assert entry.path == "/es/forum-summary/unit/[token]/"


def tampered(url):
    """Every way a commander might edit their link: each character changed."""
    token = url.rstrip("/").rsplit("/", 1)[1]
    base = url[: -len(token) - 1]
    for position in (0, len(token) // 2, token.index(":") + 1, len(token) - 1):
        swapped = "A" if token[position] != "A" else "B"
        yield f"{base}{token[:position]}{swapped}{token[position + 1 :]}/"
    yield f"{base}{token[:-3]}/"
    yield f"{base}not-a-token/"
    yield f"{base}{token}:{token}/"


def test_a_changed_link_is_refused_with_403_and_shows_nobody(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    for url in tampered(north_url):
        response = client.get(path_of(url))
        assert response.status_code == 403, url
        page = response.content.decode()
        with translation.override("es"):
            assert gettext("This link does not work") in page
        for person in people.values():
            assert person.name not in page
    assert not PersonalDataAccess.objects.exists()


def test_another_units_key_under_this_signature_is_refused(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    north_token = north_url.rstrip("/").rsplit("/", 1)[1]
    south_key = CommanderNotice.objects.get(unit=south).key
    forged = south_key + north_token[north_token.index(":") :]
    response = client.get(reverse("outcomes:unit_status", args=[forged]))
    assert response.status_code == 403
    assert "Dan Park" not in response.content.decode()


def test_the_link_is_opaque(notified):
    distribution, north, south, people, north_url, south_url = notified
    token = north_url.rstrip("/").rsplit("/", 1)[1]
    key, stamp, _signature = token.split(":")
    assert key == CommanderNotice.objects.get(unit=north).key
    assert str(north.pk) not in key.split("-") and "@" not in token
    assert "north" not in token.lower()


def test_an_expired_link_gets_410_in_the_readers_language(client, notified, settings):
    distribution, north, south, people, north_url, south_url = notified
    notice = CommanderNotice.objects.get(unit=north)
    signed_long_ago = timezone.now() - datetime.timedelta(days=31)
    with mock.patch("django.core.signing.time.time") as clock:
        clock.return_value = signed_long_ago.timestamp()
        old_token = tokens.unit_link_token(notice)
    with translation.override("vi"):
        url = reverse("outcomes:unit_status", args=[old_token])
    response = client.get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert BeautifulSoup(page, "html.parser").html["lang"] == "vi"
    with translation.override("vi"):
        assert gettext("This link has expired") in page
    assert "Bruno Díaz" not in page
    assert response["Cache-Control"] == "private, no-store"
    # Within its age the same kind of link works.
    settings.OUTCOMES_UNIT_LINK_MAX_AGE = 40 * 24 * 3600
    assert client.get(url).status_code == 200


def test_a_link_to_a_deleted_notice_is_refused(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    CommanderNotice.objects.filter(unit=north).delete()
    assert client.get(path_of(north_url)).status_code == 403


def test_token_helpers_reject_junk():
    for junk in ("", ":", "::", "a:b:c", "\x00", "é:é:é"):
        assert tokens.notice_from_unit_token(junk) is None
    with pytest.raises(signing.SignatureExpired):
        with mock.patch("django.core.signing.time.time", return_value=0):
            token = signing.TimestampSigner(salt=tokens.UNIT_LINK_SALT).sign("x")
        tokens.notice_from_unit_token(token)


def unit_view_queries(client, url):
    """Queries of the view once what every page reads per content version (the
    menu, settings, time zone) is loaded, as in a running process."""
    client.get(path_of(url))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path_of(url)).status_code == 200
    return len(queries)


def test_the_unit_view_query_count_does_not_grow_with_the_unit(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    small = unit_view_queries(client, north_url)
    for number in range(30):
        member = make_member(f"Extra {number}", north)
        Delivery.objects.create(
            distribution=distribution,
            member=member,
            email=member.email,
            language="en",
            status=DeliveryStatus.SENT,
            sent_at=timezone.now(),
            acknowledged_at=timezone.now() if number % 2 else None,
        )
    assert unit_view_queries(client, north_url) == small


# The organizers' admin -------------------------------------------------------------


def test_the_distribute_form_offers_and_saves_a_deadline(admin_client, summary):
    unit = make_commanded_unit("Patrol North")
    make_member("Ann", unit)
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    default = deadlines.today() + datetime.timedelta(days=14)
    page = admin_client.get(url).content.decode()
    assert f'name="acknowledgement_deadline" value="{default.isoformat()}"' in page
    yesterday = deadlines.today() - datetime.timedelta(days=1)
    for bad in (yesterday.isoformat(), "2026-02-30", "\x00", "tomorrow"):
        response = admin_client.post(url, {"acknowledgement_deadline": bad})
        assert response.status_code == 200
    assert not Distribution.objects.exists()
    chosen = deadlines.today() + datetime.timedelta(days=5)
    response = admin_client.post(url, {"acknowledgement_deadline": chosen.isoformat()})
    assert response.status_code == 302
    assert Distribution.objects.get().acknowledgement_deadline == chosen


def test_an_empty_deadline_takes_the_default(admin_client, summary):
    unit = make_commanded_unit("Patrol North")
    make_member("Ann", unit)
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    assert admin_client.post(url, {"acknowledgement_deadline": ""}).status_code == 302
    assert Distribution.objects.get().acknowledgement_deadline == (
        deadlines.today() + datetime.timedelta(days=14)
    )


def test_the_report_shows_deadline_schedule_and_per_unit_counts(admin_client, notified):
    distribution, north, south, people, north_url, south_url = notified
    url = reverse("outcomes_admin:distribution_report", args=[distribution.pk])
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    deadline = soup.select_one(".distribution-deadline").get_text(" ", strip=True)
    with translation.override("en"):
        day = format_date(distribution.acknowledgement_deadline, "long")
    assert deadline == f"Members acknowledge by the end of {day}."
    schedule = [
        [cell.get_text(" ", strip=True) for cell in row(["th", "td"])]
        for row in soup.select(".distribution-schedule tbody tr")
    ]
    assert [row[0] for row in schedule] == [
        "3 days after sending",
        "1 day before the deadline",
    ]
    assert [row[2] for row in schedule] == ["0", "0"]
    units = [
        [cell.get_text(" ", strip=True) for cell in row(["th", "td"])]
        for row in soup.select(".distribution-commanders tbody tr")
    ]
    assert [row[:4] for row in units] == [
        ["Patrol North", "1 / 3", "2", north.commander.name],
        ["Patrol South", "0 / 1", "1", south.commander.name],
    ]
    assert all(row[4] != "—" for row in units)


@FUZZ
@given(
    token=st.one_of(
        any_text.filter(lambda t: t.strip(" ./") and "/" not in t),
        st.sampled_from(["x" * 5000, "a:b:c", "::", "%00", "..", "<script>"]),
    ),
    method=st.sampled_from(["get", "head", "post"]),
)
def test_any_junk_link_is_refused_and_never_a_500(notified, token, method):
    client = Client(raise_request_exception=False)
    url = f"/en/forum-summary/unit/{quote(token, safe='')}/"
    response = getattr(client, method)(url)
    # A POST without a CSRF cookie is refused before the view (also 403).
    assert response.status_code in (403, 404), (token, response.status_code)
    assert "Bruno" not in response.content.decode()


def test_links_made_for_other_purposes_open_nothing(client, notified):
    distribution, north, south, people, north_url, south_url = notified
    ack = tokens.ack_token(delivery_of(distribution, people["bruno"]).pk)
    response = client.get(reverse("outcomes:unit_status", args=[ack]))
    assert response.status_code == 403
    unit_token = north_url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("outcomes:summary_ack", args=[unit_token]))
    assert response.status_code == 400
    assert delivery_of(distribution, people["bruno"]).acknowledged_at is None


def test_an_administrator_names_a_units_commander(admin_client):
    unit = make_commanded_unit("Patrol North", commander=False)
    captain = make_member("Captain Rivera", unit, role="Captain")
    url = reverse("forum_units:edit", args=[unit.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="commander"' in page
    response = admin_client.post(url, {"name": "Patrol North", "commander": captain.pk})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.commander == captain
    listing = admin_client.get(reverse("forum_units:index")).content.decode()
    assert "Captain Rivera" in listing
