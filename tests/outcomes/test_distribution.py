import collections
import datetime
import re

import pytest
from anymail.exceptions import AnymailAPIError
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from outcomes import reporting, sending, tokens
from outcomes.models import (
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    DepartmentUnit,
    Distribution,
    DistributionStatus,
)
from tests.factories.outcomes import (
    make_members,
    make_summary,
    past_forum,
)


def html_language(message):
    html = message.alternatives[0][0]
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def recipients(outbox):
    return collections.Counter(message.to[0] for message in outbox)


def test_a_thousand_members_get_one_email_each_in_their_language(summary, counting):
    members = make_members(1000)
    created = sending.create_distribution(summary, enqueue=False)
    assert created.deliveries.count() == 1000
    report = sending.send_pending(created)
    assert report.sent == 1000
    assert len(mail.outbox) == 1000
    assert set(recipients(mail.outbox).values()) == {1}
    language_of = {member.email: member.preferred_language for member in members}
    for message in mail.outbox:
        language = language_of[message.to[0]]
        assert html_language(message) == language
        assert f"/{language}/forum-summary/acknowledge/" in message.body
        assert "Fix the park lights" in message.body
        assert message.alternatives[0][1] == "text/html"
    # The test ESP is not a batch-sending one: one provider call per member.
    assert counting.calls == report.provider_calls == 1000
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED
    assert not created.deliveries.exclude(status=DeliveryStatus.SENT).exists()
    assert created.deliveries.filter(esp_message_id="").count() == 0
    # Running it again sends nothing.
    assert sending.send_pending(created).sent == 0
    assert len(mail.outbox) == 1000


def test_member_names_are_escaped_and_personal(summary, counting):
    unit = DepartmentUnit.objects.create(name="Patrol")
    DepartmentMember.objects.create(
        name="<b>O'Neil</b>", email="o@police.example", unit=unit
    )
    DepartmentMember.objects.create(name="Ana", email="a@police.example", unit=unit)
    sending.send_pending(sending.create_distribution(summary, enqueue=False))
    by_email = {m.to[0]: m for m in mail.outbox}
    html = by_email["o@police.example"].alternatives[0][0]
    assert "&lt;b&gt;O&#x27;Neil&lt;/b&gt;" in html and "<b>O'Neil" not in html
    assert "Dear \u2068<b>O'Neil</b>\u2069," in by_email["o@police.example"].body
    assert "Dear \u2068Ana\u2069," in by_email["a@police.example"].body
    assert "@@" not in by_email["a@police.example"].body + html


def test_chosen_units_only_and_flagged_addresses_not_sent(summary, counting):
    east, west = (DepartmentUnit.objects.create(name=n) for n in ("East", "West"))
    make_members(6, units=[east, west])
    DepartmentMember.objects.filter(email="member0@police.example").update(
        address_needs_attention=True
    )
    DepartmentMember.objects.filter(email="member2@police.example").update(active=False)
    created = sending.create_distribution(summary, units=[east], enqueue=False)
    sending.send_pending(created)
    assert sorted(recipients(mail.outbox)) == ["member4@police.example"]
    failed = created.deliveries.get(status=DeliveryStatus.FAILED)
    assert failed.email == "member0@police.example"


def test_only_published_summaries_are_distributed(forum_index):
    draft = make_summary(past_forum(forum_index, 2), publish=False)
    with pytest.raises(sending.NotPublished):
        sending.create_distribution(draft)


def test_crash_mid_batch_then_resume_sends_no_duplicates(summary, crashing):
    make_members(1000)
    created = sending.create_distribution(summary, enqueue=False)
    crashing.crash_after = 250
    crashing.crash_with = ConnectionError
    report = sending.send_pending(created)
    assert report.sent == 250 and report.retrying == 1
    assert len(mail.outbox) == 250
    assert crashing.calls == 251  # it stopped at the failing call
    failed = created.deliveries.get(attempts=1, status=DeliveryStatus.PENDING)
    assert "network down" in failed.last_error and failed.retry_after
    # The provider is back; the worker resumes.
    crashing.crash_after = None
    sending.send_pending(created)
    assert len(mail.outbox) == 999  # the failed one waits for its retry time
    later = timezone.now() + datetime.timedelta(minutes=6)
    sending.send_pending(created, now=later)
    assert len(mail.outbox) == 1000
    assert set(recipients(mail.outbox).values()) == {1}
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED


def test_hard_crash_then_resume_never_resends_the_interrupted_call(summary, crashing):
    make_members(300)  # six languages, so six batches of 50
    created = sending.create_distribution(summary, enqueue=False)
    crashing.crash_after = 150
    crashing.crash_with = KeyboardInterrupt  # the worker is killed mid-call
    with pytest.raises(KeyboardInterrupt):
        sending.send_pending(created)
    assert len(mail.outbox) == 150
    # Only the member whose call was cut off is in doubt; the rest of the
    # batch was never handed over and is free again.
    in_flight = created.deliveries.get(status=DeliveryStatus.SENDING)
    crashing.crash_after = None
    sending.send_pending(created)  # resumed straight away
    assert len(mail.outbox) == 299
    assert set(recipients(mail.outbox).values()) == {1}
    assert in_flight.email not in recipients(mail.outbox)
    # Much later the claimed row is given up as unconfirmed, still never re-sent.
    later = timezone.now() + sending.SENDING_LEASE * 2
    report = sending.send_pending(created, now=later)
    assert report.interrupted == 1 and len(mail.outbox) == 299
    in_flight.refresh_from_db()
    assert in_flight.status == DeliveryStatus.FAILED
    assert in_flight.last_error == sending.INTERRUPTED_ERROR
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED
    # "Try failed again" leaves it alone unless the organizer asks for it.
    assert sending.retry_failed(created) == 0
    assert sending.retry_failed(created, include_unconfirmed=True) == 1


def test_provider_errors_are_retried_with_backoff_then_given_up(
    summary, crashing, settings
):
    settings.FORUMS_BATCH_MERGE_FORMATS = {"Test": "[[{}]]"}  # one call per batch
    make_members(3, languages=["es"])
    created = sending.create_distribution(summary, enqueue=False)
    crashing.crash_after = 0
    crashing.crash_with = AnymailAPIError  # refused by the provider's API
    now = timezone.now()
    report = sending.send_pending(created, now=now)
    assert report.retrying == 3 and mail.outbox == []
    assert crashing.calls == 1  # one call for the batch
    waits = []
    for attempt in range(2, sending.MAX_ATTEMPTS + 1):
        delivery = created.deliveries.order_by("pk").first()
        waits.append(delivery.retry_after - now)
        assert sending.send_pending(created, now=now).sent == 0  # not yet due
        now = delivery.retry_after
        sending.send_pending(created, now=now)
        assert created.deliveries.order_by("pk").first().attempts == attempt
    assert waits[1] > waits[0]  # the wait grows each time
    assert created.deliveries.filter(status=DeliveryStatus.FAILED).count() == 3
    created.refresh_from_db()
    assert created.status == DistributionStatus.COMPLETED
    # An organizer can choose to try the failed ones again.
    crashing.crash_after = None
    assert sending.retry_failed(created) == 3
    sending.send_pending(created)
    assert len(mail.outbox) == 1 and len(mail.outbox[0].to) == 3


def ack_path(message):
    url = re.search(r"(https?://\S+/forum-summary/acknowledge/\S+/)", message.body)
    return "/" + url.group(1).split("/", 3)[3]


def test_acknowledgement_link(client, summary, counting):
    make_members(2)
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    path = ack_path(mail.outbox[0])
    delivery = Delivery.objects.get(email=mail.outbox[0].to[0])
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "I have read this summary" in html
    # Only the member's own press counts: no script submits the form for them.
    assert "data-autosubmit" not in html and "autosubmit.js" not in html
    version = f'name="version" value="{summary.live_revision_id}"'
    assert version in html
    assert client.head(path).status_code == 200
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None  # opening the link records nothing
    response = client.post(path, {"version": str(summary.live_revision_id)})
    assert "Thank you" in response.content.decode()
    delivery.refresh_from_db()
    first = delivery.acknowledged_at
    assert first is not None
    assert delivery.acknowledged_revision_id == summary.live_revision_id
    again = client.post(path)
    assert again.status_code == 200 and "already confirmed" in again.content.decode()
    delivery.refresh_from_db()
    assert delivery.acknowledged_at == first
    assert Delivery.objects.filter(acknowledged_at__isnull=False).count() == 1
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = tokens.ack_token(delivery.pk + 1)[:-3] + "abc"
    for bad in (token[:-2] + "xx", forged, "junk", "%00"):
        response = client.post(f"/en/forum-summary/acknowledge/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert Delivery.objects.filter(acknowledged_at__isnull=False).count() == 1


def test_the_version_read_is_the_summarys_own_or_none(client, summary, counting):
    """A version number from elsewhere (another page's revision, junk) is not
    recorded as read; the acknowledgement itself still counts."""
    make_members(3)
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    other = summary.get_parent().specific.save_revision()
    paths = [ack_path(message) for message in mail.outbox]

    for path, version in zip(paths, [str(other.pk), "x1", ""], strict=True):
        assert client.post(path, {"version": version}).status_code == 200

    rows = Delivery.objects.filter(distribution=created)
    assert rows.filter(acknowledged_at__isnull=False).count() == 3
    assert rows.filter(acknowledged_revision__isnull=False).count() == 0

    # A second distribution keeps each member's acknowledgement and version.
    first = rows.first()
    Delivery.objects.filter(pk=first.pk).update(
        acknowledged_revision_id=summary.live_revision_id
    )
    again = sending.create_distribution(summary, everyone=True, enqueue=False)
    copy = again.deliveries.get(member_id=first.member_id)
    assert copy.acknowledged_at == first.acknowledged_at
    assert copy.acknowledged_revision_id == summary.live_revision_id


def test_report_numbers_and_exports(admin_client, summary, counting):
    east, west = (DepartmentUnit.objects.create(name=n) for n in ("East", "West"))
    make_members(10, units=[east, west])  # five in each unit
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    rows = list(created.deliveries.order_by("pk"))
    Delivery.objects.filter(pk__in=[d.pk for d in rows[:6]]).update(
        status=DeliveryStatus.DELIVERED
    )
    Delivery.objects.filter(pk=rows[6].pk).update(status=DeliveryStatus.OPENED)
    Delivery.objects.filter(pk__in=[rows[7].pk, rows[9].pk]).update(
        status=DeliveryStatus.BOUNCED, last_error="Mailbox does not exist"
    )
    Delivery.objects.filter(pk__in=[d.pk for d in rows[:3]]).update(
        acknowledged_at=timezone.now()
    )
    report = reporting.distribution_report(created)
    totals = report["totals"]
    assert (totals["total"], totals["sent"], totals["delivered"]) == (10, 10, 7)
    assert (totals["bounced"], totals["acknowledged"]) == (2, 3)
    assert totals["delivered_rate"] == 0.7 and totals["acknowledged_rate"] == 0.3
    by_unit = {row["member__unit__name"]: row for row in report["by_unit"]}
    # Members alternate units: East has rows 0, 2, 4, 6, 8.
    assert by_unit["East"]["delivered"] == 4 and by_unit["West"]["delivered"] == 3
    assert by_unit["East"]["acknowledged"] == 2 and by_unit["West"]["bounced"] == 2
    assert [d.pk for d in report["bounced"]] == [rows[7].pk, rows[9].pk]

    url = reverse("outcomes_admin:distribution_report", args=[created.pk])
    page = admin_client.get(url).content.decode()
    assert "Mailbox does not exist" in page and "70%" in page and "30%" in page
    csv = admin_client.get(
        reverse("outcomes_admin:distribution_export", args=[created.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert "East,5,5,4" in csv and "All units,10,10,7" in csv
    xlsx = admin_client.get(
        reverse("outcomes_admin:distribution_export", args=[created.pk, "xlsx"])
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    deliveries = admin_client.get(
        reverse("forum_deliveries:index"),
        {"distribution": created.pk, "status": "bounced", "export": "csv"},
    )
    exported = b"".join(deliveries.streaming_content).decode()
    assert exported.count("@police.example") == 2
    assert admin_client.get(reverse("forum_distributions:index")).status_code == 200


def test_reminders_go_once_to_those_who_have_not_acknowledged(
    admin_client, summary, counting
):
    make_members(5)
    created = sending.create_distribution(summary, enqueue=False)
    sending.send_pending(created)
    rows = list(created.deliveries.order_by("pk"))
    old = timezone.now() - datetime.timedelta(days=8)
    Delivery.objects.filter(pk__in=[d.pk for d in rows[:4]]).update(sent_at=old)
    Delivery.objects.filter(pk=rows[0].pk).update(acknowledged_at=timezone.now())
    Delivery.objects.filter(pk=rows[1].pk).update(status=DeliveryStatus.BOUNCED)
    mail.outbox = []
    url = reverse("outcomes_admin:distribution_remind", args=[created.pk])
    admin_client.post(url, {"days": "7"})
    assert sorted(recipients(mail.outbox)) == sorted([rows[2].email, rows[3].email])
    languages = {d.email: d.member.preferred_language for d in rows}
    for message in mail.outbox:
        with translation.override(languages[message.to[0]]):
            expected = gettext(
                "Reminder: please confirm you read the forum summary (%(title)s)"
            ) % {"title": summary.title}
        assert message.subject == expected
    admin_client.post(url, {"days": "7"})
    admin_client.post(url, {"days": "1"})
    assert len(mail.outbox) == 2
    assert created.deliveries.filter(reminder_sent_at__isnull=False).count() == 2
    for junk in ({"days": "0"}, {"days": "x"}, {"days": "\x00"}, {}):
        assert admin_client.post(url, junk).status_code == 302
    assert len(mail.outbox) == 2


def test_distribute_from_the_admin(admin_client, summary, counting):
    make_members(12)
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[summary.pk]))
    assert "Distribute to the department" in edit.content.decode()
    forum_edit = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[summary.forum_id])
    )
    assert "Edit the summary" in forum_edit.content.decode()
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    assert "12 active department members" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {})
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = Distribution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/distributions/{created.pk}/")
    assert len(mail.outbox) == 12  # the task ran (immediately, in tests)
    assert created.created_by.username == "admin"
    assert admin_client.post(url, {"units": ["x", "\x00"]}).status_code == 200


def test_organizers_without_permission_cannot_distribute(
    client, summary, django_user_model
):
    user = django_user_model.objects.create_user("nobody", "n@example.org", "pw")
    client.force_login(user)
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    response = client.post(url, {})
    # A signed-in resident is refused with the staff-only page, not sent to sign in.
    assert response.status_code == 403
    assert "Staff only" in response.content.decode()
    assert not Distribution.objects.exists()


def test_one_member_is_counted_in_the_singular(admin_client, summary, counting):
    make_members(1, languages=["en"])
    url = reverse("outcomes_admin:distribute", args=[summary.pk])

    response = admin_client.post(url, {}, follow=True)

    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "The summary is being sent to 1 department member." in shown
