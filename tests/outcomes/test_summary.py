import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import WorkflowState

from engage.i18n import LANGUAGE_FIELD_SUFFIXES
from forums.models import RSVPStatus, WalkIn
from forums.roles import WORKFLOW_NAME
from outcomes.models import (
    ActionItem,
    ActionStatus,
    ForumSummaryPage,
    carried_forward_items,
)
from tests.factories.forums import RSVPFactory, make_series
from tests.factories.outcomes import make_summary, past_forum
from tests.forums.test_queries import MAX_QUERIES
from tests.helpers import count_queries
from tests.outcomes.editing import add_url, summary_form_data

LANGUAGE_SUFFIXES = LANGUAGE_FIELD_SUFFIXES


def test_new_summary_starts_with_the_check_in_counts(client, held_forum, organizer):
    rsvps = [RSVPFactory(forum=held_forum, party_size=2) for _ in range(3)]
    for rsvp in rsvps[:2]:
        rsvp.attended_at = held_forum.start
        rsvp.save()
    WalkIn.objects.create(forum=held_forum, count=5)
    WalkIn.objects.create(forum=held_forum, count=1)
    client.force_login(organizer)
    page = client.get(add_url(held_forum)).content.decode()
    assert 'name="residents_attended" value="4"' in page
    assert 'name="walk_ins" value="6"' in page
    assert 'name="slug" value="summary"' in page


def test_workflow_from_draft_to_review_to_published(
    client, held_forum, organizer, lead, django_capture_on_commit_callbacks
):
    rsvp = RSVPFactory(forum=held_forum, language="es", email="ana@example.org")
    # The organizer writes the summary and submits it for review.
    client.force_login(organizer)
    response = client.post(
        add_url(held_forum), summary_form_data(**{"action-submit": "Submit"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    summary = ForumSummaryPage.objects.get(forum=held_forum)
    assert not summary.live
    assert summary.get_workflow().name == WORKFLOW_NAME
    state = summary.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    # Organizers cannot approve their own work, nor publish directly.
    assert task_state.task.specific.get_actions(summary, organizer) == []
    assert not summary.permissions_for_user(organizer).can_publish()
    action = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[summary.pk, "approve", task_state.pk],
    )
    client.post(action)
    summary.refresh_from_db()
    assert not summary.live
    assert rsvp.email not in [m.to[0] for m in mail.outbox]
    # A lead organizer approves it, which publishes it.
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[summary.pk])
    summary.refresh_from_db()
    state.refresh_from_db()
    assert summary.live
    assert state.status == WorkflowState.STATUS_APPROVED
    assert summary.action_items.get().description == "Ask the city to fix the lights"
    # Publishing told the resident who RSVPed, in Spanish.
    (message,) = [m for m in mail.outbox if m.to == [rsvp.email]]
    assert "/es/" in message.body


def test_a_forum_has_at_most_one_summary(held_forum):
    make_summary(held_forum)
    assert not ForumSummaryPage.can_create_at(held_forum)


def test_declined_action_needs_a_reason(held_forum):
    summary = make_summary(held_forum)
    item = ActionItem(
        summary=summary,
        description="Body cameras at every forum",
        responsible_person="Chief",
        due_date=datetime.date(2026, 12, 1),
        status=ActionStatus.DECLINED,
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "declined_reason_en" in error.value.message_dict
    item.declined_reason = "Not in this year's budget"
    item.full_clean()
    item.responsible_person = ""
    with pytest.raises(ValidationError):
        item.full_clean()


def test_open_items_are_carried_forward_in_the_series(
    client, forum_index, django_assert_num_queries
):
    series = make_series(forum_index)
    first, second, third = (
        past_forum(forum_index, days, series=series, title=f"Forum {days}")
        for days in (60, 30, 2)
    )
    upcoming = past_forum(forum_index, -20, series=series, title="Next forum")
    other = past_forum(forum_index, 40, title="Not in the series")
    make_summary(
        first,
        items=[
            ("Fix the park lights", ActionStatus.OPEN),
            ("Report stop data", ActionStatus.DONE),
            ("Youth league", ActionStatus.IN_PROGRESS),
            ("Drone patrols", ActionStatus.DECLINED),
        ],
    )
    make_summary(second, items=[("Bilingual officers at forums", ActionStatus.OPEN)])
    make_summary(third, publish=False, items=[("Draft item", ActionStatus.OPEN)])
    make_summary(other, items=[("Other series item", ActionStatus.OPEN)])

    with django_assert_num_queries(1):
        carried = [item.description for item in carried_forward_items(upcoming)]
    assert carried == [
        "Fix the park lights",
        "Youth league",
        "Bilingual officers at forums",
    ]
    assert [i.description for i in carried_forward_items(second)] == [
        "Fix the park lights",
        "Youth league",
    ]
    assert list(carried_forward_items(first)) == []
    page = client.get(upcoming.url).content.decode()
    assert "Still open from earlier forums" in page
    assert "Youth league" in page and "Report stop data" not in page
    # Closing an item removes it from later forums.
    item = ActionItem.objects.get(description="Fix the park lights")
    item.status = ActionStatus.DONE
    item.save()
    assert "Fix the park lights" not in client.get(upcoming.url).content.decode()


def test_forum_page_and_index_show_the_published_summary(client, held_forum):
    summary = make_summary(held_forum, items=[("Fix the lights", ActionStatus.OPEN)])
    page = client.get(held_forum.url).content.decode()
    assert "What came out of this forum" in page
    assert "Fix the lights" in page and summary.url in page
    index = client.get(held_forum.get_parent().url).content.decode()
    assert "Summary published" in index
    summary.unpublish()
    page = client.get(held_forum.url).content.decode()
    # Its items and link go; a dated notice of the withdrawal stays.
    assert "Fix the lights" not in page and summary.url not in page
    assert "withdrew it on" in page
    assert (
        "Summary published"
        not in client.get(held_forum.get_parent().url).content.decode()
    )


def test_summary_page_print_view_and_translation_notice(client, held_forum):
    summary = make_summary(held_forum, items=[("Fix the lights", ActionStatus.OPEN)])
    page = client.get(summary.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Traffic stops near the school." in body and "Fix the lights" in body
    printed = client.get(summary.url + "print/")
    assert printed.status_code == 200
    text = printed.content.decode()
    assert "@media print" in text and "Fix the lights" in text
    assert "Speeding on Market Street." in text
    spanish = client.get(summary.url.replace("/en/", "/es/")).content.decode()
    assert "Traffic stops near the school." in spanish  # English fallback ...
    assert "notice--translation" in spanish  # ... and says so
    summary.topics_es = "<p>Controles cerca de la escuela.</p>"
    summary.concerns_es = summary.responses_es = "<p>Traducido.</p>"
    summary.save_revision().publish()
    spanish = client.get(summary.url.replace("/en/", "/es/")).content.decode()
    assert "Controles cerca de la escuela." in spanish
    assert "notice--translation" not in spanish


def test_residents_are_emailed_once_in_their_language(
    client, held_forum, django_capture_on_commit_callbacks
):
    confirmed = RSVPFactory(forum=held_forum, language="vi", email="vi@example.org")
    came = RSVPFactory(
        forum=held_forum,
        status=RSVPStatus.WAITLISTED,
        attended_at=held_forum.start,
        email="came@example.org",
    )
    RSVPFactory(forum=held_forum, status=RSVPStatus.CANCELLED, email="no@example.org")
    RSVPFactory(forum=held_forum, status=RSVPStatus.WAITLISTED, email="w@example.org")
    erased = RSVPFactory(forum=held_forum, email="gone@example.org")
    erased.erase_personal_data()
    erased.save()
    with django_capture_on_commit_callbacks(execute=True):
        summary = make_summary(held_forum)
    assert sorted(m.to[0] for m in mail.outbox) == [came.email, confirmed.email]
    vietnamese = next(m for m in mail.outbox if m.to == [confirmed.email])
    assert "/vi/" in vietnamese.body
    assert "List-Unsubscribe" in vietnamese.extra_headers
    # Publishing again (a correction) sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        summary.save_revision().publish()
    assert len(mail.outbox) == 2


def test_unsubscribe_link(
    client, forum_index, held_forum, django_capture_on_commit_callbacks
):
    rsvp = RSVPFactory(forum=held_forum, email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        make_summary(held_forum)
    link = next(
        line.split(" ")[-1]
        for line in mail.outbox[0].body.splitlines()
        if "/forum-summary/unsubscribe/" in line
    )
    path = link.split("testserver", 1)[-1].split("localhost", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200 and "Stop summary emails" in page.content.decode()
    rsvp.refresh_from_db()
    assert rsvp.summary_emails  # a GET (a mail scanner) changes nothing
    assert client.post(path).status_code == 200
    rsvp.refresh_from_db()
    assert not rsvp.summary_emails
    # A later forum's summary is not sent to the same address.
    later = past_forum(forum_index, 1, title="April")
    RSVPFactory(forum=later, email="ana@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_summary(later)
    assert mail.outbox == []
    assert client.get(path[:-3] + "xx/").status_code == 400
    assert client.post("/en/forum-summary/unsubscribe/%00junk/").status_code == 400


def test_forum_and_summary_pages_use_a_fixed_number_of_queries(client, forum_index):
    series = make_series(forum_index)
    upcoming = past_forum(forum_index, -10, series=series, title="Next")

    def add_forums(count, start_days):
        summaries = []
        for number in range(count):
            held = past_forum(
                forum_index, start_days + number, series=series, title=f"F{number}"
            )
            summaries.append(
                make_summary(
                    held,
                    items=[(f"Item {number}-{n}", ActionStatus.OPEN) for n in range(3)],
                )
            )
        return summaries

    first = add_forums(2, 30)[0]
    small = [count_queries(client, url) for url in (upcoming.url, first.url)]
    small_index = count_queries(client, forum_index.url)
    add_forums(15, 100)
    large = [count_queries(client, url) for url in (upcoming.url, first.url)]
    assert small == large and max(large) <= MAX_QUERIES
    assert count_queries(client, forum_index.url) == small_index
    assert "Item 14-2" in client.get(upcoming.url).content.decode()
