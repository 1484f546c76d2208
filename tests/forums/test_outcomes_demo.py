import io
import math

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from forums.models import (
    ActionItem,
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    Distribution,
    DistributionStatus,
    ForumPage,
    ForumSummaryPage,
    carried_forward_items,
)
from forums.roles import WORKFLOW_NAME
from forums.wagtail_hooks import load_forum_demo


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
    first = snapshot()
    load_forum_demo(demo_site, io.StringIO())
    assert snapshot() == first
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


@pytest.mark.parametrize("members, batch", [(1000, 100), (250, 40)])
def test_benchmark_command(home, members, batch):
    out = io.StringIO()
    call_command(
        "forums_distribution_benchmark",
        "--members",
        str(members),
        "--batch-size",
        str(batch),
        stdout=out,
    )
    text = out.getvalue()
    # Six languages, so each language's members go in their own batches.
    calls = 6 * math.ceil(members / 6 / batch)
    assert text.count(f"emails sent (recipients): {members}\n") == 2
    assert f"provider calls: {calls} (expected {calls})" in text
    assert f"provider calls: {members} (expected {members})" in text
    assert DepartmentMember.objects.count() == 0  # rolled back
    assert ForumSummaryPage.objects.count() == 0
