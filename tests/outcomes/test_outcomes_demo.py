import datetime
import io

from django.core import mail
from django.utils import timezone

from forums.demo import build_demo as load_forum_demo
from forums.models import ForumPage
from forums.roles import WORKFLOW_NAME
from outcomes.demo import build_demo as load_outcome_demo
from outcomes.models import (
    ActionItem,
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    Distribution,
    DistributionStatus,
    ForumSummaryPage,
    PublishedItemTerms,
    carried_forward_items,
)


def snapshot():
    return (
        ForumSummaryPage.objects.count(),
        ActionItem.objects.count(),
        DepartmentMember.objects.count(),
        Distribution.objects.count(),
        Delivery.objects.count(),
        sorted(Delivery.objects.values_list("status", flat=True)),
    )


def test_outcome_demo_is_complete_and_idempotent(demo_site):
    load_forum_demo(demo_site, io.StringIO())
    load_outcome_demo(demo_site, io.StringIO())
    first = snapshot()
    copies = PublishedItemTerms.objects.count()
    load_forum_demo(demo_site, io.StringIO())
    load_outcome_demo(demo_site, io.StringIO())
    assert snapshot() == first
    assert PublishedItemTerms.objects.count() == copies
    summaries = ForumSummaryPage.objects.live()
    assert summaries.count() == 3
    assert all(summary.get_workflow().name == WORKFLOW_NAME for summary in summaries)
    assert DepartmentMember.objects.count() >= 60
    assert DepartmentMember.objects.values("unit").distinct().count() >= 4
    assert DepartmentMember.objects.values("preferred_language").distinct().count() == 6
    (done,) = Distribution.objects.all()
    assert done.status == DistributionStatus.COMPLETED
    statuses = set(done.deliveries.values_list("status", flat=True))
    assert {DeliveryStatus.DELIVERED, DeliveryStatus.BOUNCED} <= statuses
    acknowledged = done.deliveries.filter(acknowledged_at__isnull=False).count()
    assert 0 < acknowledged < done.deliveries.count()
    upcoming = ForumPage.objects.filter(start__gt=timezone.now()).order_by("start")[0]
    assert len(carried_forward_items(upcoming)) >= 3
    assert mail.outbox == []  # residents were not emailed again by the demo


def test_the_demo_shows_a_due_date_moved_after_publication(client, demo_site):
    """One correction on the record, so the demo shows how the public sees one."""
    load_forum_demo(demo_site, io.StringIO())
    load_outcome_demo(demo_site, io.StringIO())
    item = ActionItem.objects.get(
        description="Pilot a co-responder clinician on evening shifts"
    )

    page = client.get(item.summary.url).content.decode()

    agreed = item.due_date - datetime.timedelta(days=30)
    assert f"originally due {agreed:%b} {agreed.day}, {agreed.year}" in page
    assert "1 change since it was agreed" in page


def test_the_demo_is_dated_as_it_would_have_happened(demo_site):
    """Each summary came out after its forum and before now, its correction
    after that, and the department was sent the latest one the day it came out;
    no confirmation or reminder is dated in the future."""
    load_forum_demo(demo_site, io.StringIO())
    load_outcome_demo(demo_site, io.StringIO())
    now = timezone.now()

    for summary in ForumSummaryPage.objects.live().select_related("forum"):
        assert summary.forum.end < summary.first_published_at < now
        recorded = list(summary.published_terms.values_list("recorded_at", flat=True))
        assert recorded[0] == summary.first_published_at
        assert all(summary.first_published_at <= moment < now for moment in recorded)
    moved = ActionItem.objects.get(
        description="Pilot a co-responder clinician on evening shifts"
    )
    first, corrected = moved.published_terms.values_list("recorded_at", flat=True)
    assert moved.summary.first_published_at == first < corrected < now
    (sent,) = Distribution.objects.select_related("summary")
    assert sent.created_at == sent.summary.first_published_at
    assert sent.completed_at < now
    for field in (
        "sent_at",
        "status_changed_at",
        "acknowledged_at",
        "reminder_sent_at",
    ):
        latest = max(
            value
            for value in sent.deliveries.values_list(field, flat=True)
            if value is not None
        )
        assert sent.created_at <= latest < now, field
