"""RSVP emails are queued in the transaction that changes the RSVP: a crash right
after the commit cannot lose them, and a rollback cannot send them."""

import contextlib
import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction
from django.urls import reverse

from forums import reminders, services
from forums.models import RSVP, RSVPStatus
from forums.roles import LEAD_ORGANIZERS, ensure_roles
from tests.factories.forums import RSVPFactory
from tests.helpers import manage_links, sign_in
from tests.tasks import queued_emails, run_due_tasks, use_database_tasks


class Crash(Exception):
    """The process died right after the transaction committed."""


@pytest.fixture
def database_tasks(settings, db):
    use_database_tasks(settings)


@pytest.fixture
def crash_after_commit(monkeypatch):
    """Every outermost ``transaction.atomic`` in the services commits, then the
    process dies before the next line runs."""
    depth = 0

    @contextlib.contextmanager
    def atomic(*args, **kwargs):
        nonlocal depth
        depth += 1
        try:
            with transaction.atomic(*args, **kwargs):
                yield
        finally:
            depth -= 1
        if depth == 0:
            raise Crash

    for module in (services, reminders):
        monkeypatch.setattr(module, "transaction", SimpleNamespace(atomic=atomic))


def data(email, party_size=1):
    return {
        "email": email,
        "name": "Ana Pérez",
        "phone": "",
        "language": "es",
        "party_size": party_size,
        "interpretation_language": "",
        "asl": False,
        "childcare_children": 0,
        "access_needs": "",
        "other_needs": "",
    }


def test_a_crash_right_after_each_commit_leaves_its_email_queued(
    forum, database_tasks, crash_after_commit
):
    with pytest.raises(Crash):
        services.submit_rsvp(forum, data("ana@example.org"))
    rsvp = RSVP.objects.get(email="ana@example.org")
    assert rsvp.status == RSVPStatus.PENDING
    assert mail.outbox == []  # queued, not sent before the commit
    assert len(queued_emails()) == 1

    with pytest.raises(Crash):
        services.confirm_rsvp(rsvp, data("ana@example.org"))
    assert RSVP.objects.get(pk=rsvp.pk).status == RSVPStatus.CONFIRMED
    assert len(queued_emails()) == 2

    run_due_tasks()
    request, confirmation = mail.outbox
    assert request.to == confirmation.to == ["ana@example.org"]
    assert manage_links(request.body, "es") == [rsvp.pk]
    assert manage_links(confirmation.body, "es") == [rsvp.pk]
    assert confirmation.attachments


def test_a_crash_after_a_cancel_still_tells_the_promoted_resident(
    forum, database_tasks, crash_after_commit
):
    holder = RSVPFactory(forum=forum, party_size=10, email="holder@example.org")
    waiting = RSVPFactory(
        forum=forum, status=RSVPStatus.WAITLISTED, email="wait@example.org"
    )
    with pytest.raises(Crash):
        services.cancel_rsvp(holder)
    assert RSVP.objects.get(pk=waiting.pk).is_confirmed
    assert len(queued_emails()) == 2
    run_due_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "holder@example.org",
        "wait@example.org",
    ]


def test_no_email_is_queued_when_the_rsvp_does_not_commit(
    forum, database_tasks, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    services.submit_rsvp(forum, data("ana@example.org"))
    pending = RSVP.objects.get()
    assert len(queued_emails()) == 1  # the request to confirm
    monkeypatch.setattr(services, "_promote", fail)
    with pytest.raises(RuntimeError):
        services.confirm_rsvp(pending, data("ana@example.org"))
    assert RSVP.objects.get().status == RSVPStatus.PENDING
    assert len(queued_emails()) == 1

    monkeypatch.setattr(services, "lock_forum", fail)
    with pytest.raises(RuntimeError):
        services.submit_rsvp(forum, data("bo@example.org"))
    assert RSVP.objects.count() == 1
    assert len(queued_emails()) == 1


def test_a_crash_after_a_reminder_is_claimed_leaves_the_reminder_queued(
    forum, database_tasks, crash_after_commit
):
    RSVPFactory(forum=forum, email="ana@example.org")
    due = forum.start - datetime.timedelta(hours=min(forum.reminder_offsets))
    with pytest.raises(Crash):
        reminders.send_due_reminders(now=due)
    assert len(queued_emails()) == 1
    run_due_tasks()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


# Resend confirmation ------------------------------------------------------------


@pytest.fixture
def lead(client, forum, django_user_model):
    ensure_roles()
    user = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    user.groups.add(Group.objects.get(name=LEAD_ORGANIZERS))
    return sign_in(client, user)


def test_organizers_resend_a_confirmation_with_the_manage_link(lead, forum):
    rsvp = RSVPFactory(forum=forum, email="ana@example.org", language="es")
    url = reverse("forums_admin:resend_confirmation", args=[rsvp.pk])
    page = lead.get(url)
    assert page.status_code == 200
    assert "Resend confirmation" in page.content.decode()
    assert mail.outbox == []

    response = lead.post(url)
    assert response.status_code == 302
    assert response.url == reverse("forums_admin:overview", args=[forum.pk])
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert manage_links(message.body, "es") == [rsvp.pk]
    ((filename, calendar, _mimetype), (image, _png, png_type)) = message.attachments
    assert (image, png_type) == ("check-in-code.png", "image/png")
    assert filename == "forum.ics" and "METHOD:REQUEST" in calendar


def test_a_pending_request_is_resent_as_the_link_to_confirm_it(lead, forum):
    rsvp = RSVPFactory(forum=forum, email="ana@example.org", status="pending")

    lead.post(reverse("forums_admin:resend_confirmation", args=[rsvp.pk]))

    (message,) = mail.outbox
    assert message.subject == "Please confirm your RSVP: Eastside forum"
    assert manage_links(message.body) == [rsvp.pk]
    assert not message.attachments
    assert RSVP.objects.get(pk=rsvp.pk).status == RSVPStatus.PENDING


def test_resend_is_offered_in_the_rsvp_list(lead, forum):
    rsvp = RSVPFactory(forum=forum, email="ana@example.org")
    listing = lead.get(reverse("forum_rsvps:index")).content.decode()
    assert reverse("forums_admin:resend_confirmation", args=[rsvp.pk]) in listing
    assert reverse("forums_admin:cancel_rsvp", args=[rsvp.pk]) in listing


def test_nothing_is_resent_for_a_cancelled_rsvp(lead, forum):
    rsvp = RSVPFactory(forum=forum, status=RSVPStatus.CANCELLED)
    response = lead.post(
        reverse("forums_admin:resend_confirmation", args=[rsvp.pk]), follow=True
    )
    assert "Nothing to send" in response.content.decode()
    assert mail.outbox == []


def test_residents_cannot_resend(client, forum, django_user_model):
    rsvp = RSVPFactory(forum=forum)
    user = django_user_model.objects.create_user("ana", "ana@example.org", "pw")
    sign_in(client, user)
    url = reverse("forums_admin:resend_confirmation", args=[rsvp.pk])
    response = client.post(url)
    assert response.status_code == 403
    assert mail.outbox == []
