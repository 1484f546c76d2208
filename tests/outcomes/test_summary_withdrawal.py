"""A lead organizer may take a published summary down (one that names someone
by mistake), but never without a trace: its forum's page says when it was
published and when it was withdrawn, and "You said, we did" says how many of
its action items are hidden meanwhile. Publishing it again brings everything
back and removes the notice."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from outcomes.models import ForumSummaryPage
from outcomes.wagtail_hooks import forum_outcomes_context
from tests.factories.outcomes import make_summary, past_forum

pytestmark = pytest.mark.django_db

BOARD = "/en/you-said-we-did/"
HIDDEN = "1 action item is not shown while the summary that records it is withdrawn."


def today():
    return timezone.localdate().strftime("%B %-d, %Y")


def notice(published, withdrawn):
    return (
        f"The organizers published a summary of this forum on {published} and "
        f"withdrew it on {withdrawn}. Its action items are not shown until it is "
        "published again."
    )


def test_a_withdrawn_summary_leaves_a_dated_notice(client, summary, lead):
    forum = summary.get_parent()
    client.force_login(lead)

    response = client.post(f"/admin/pages/{summary.pk}/unpublish/")

    assert response.status_code == 302
    client.logout()
    page = " ".join(client.get(forum.url).content.decode().split())
    assert notice(today(), today()) in page
    assert "Fix the park lights" not in page
    board = client.get(BOARD).content.decode()
    assert HIDDEN in board
    assert "Fix the park lights" not in board


def test_publishing_it_again_removes_the_notice(client, summary):
    summary.unpublish()
    summary.get_latest_revision().publish()

    page = client.get(summary.get_parent().url).content.decode()
    assert "withdrew it" not in page
    assert "Fix the park lights" in page
    board = client.get(BOARD).content.decode()
    assert "is withdrawn" not in board
    assert "Fix the park lights" in board


def test_an_expiry_date_leaves_the_same_notice(client, summary):
    ForumSummaryPage.objects.filter(pk=summary.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("publish_scheduled", verbosity=0)

    page = " ".join(client.get(summary.get_parent().url).content.decode().split())
    assert notice(today(), today()) in page


def test_a_summary_never_published_leaves_no_notice(client, forum_index):
    forum = past_forum(forum_index, 3)
    make_summary(forum, publish=False, items=[("Draft item", "open")])

    page = client.get(forum.url).content.decode()
    assert "withdrew it" not in page
    assert "What came out of this forum" not in page
    assert "withdrawn" not in client.get(BOARD).content.decode()


def test_the_notice_costs_the_forum_page_one_query(summary, django_assert_num_queries):
    summary.unpublish()
    forum = summary.get_parent().specific

    with django_assert_num_queries(1):
        context = forum_outcomes_context(forum, None, {})

    assert context["summary"] is None
    assert context["summary_action_items"] == []
    withdrawn = context["withdrawn_summary"]
    assert withdrawn.pk == summary.pk
    assert withdrawn.withdrawn_at >= withdrawn.first_published_at
