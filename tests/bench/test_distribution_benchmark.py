"""The distribution benchmark sends through real backends and rolls back."""

import io
import math

import pytest
from django.core.management import call_command

from bench.management.commands import forums_distribution_benchmark
from outcomes.models import DepartmentMember, ForumSummaryPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("members, batch", [(1000, 100), (250, 40)])
def test_benchmark_sends_to_every_member_and_keeps_nothing(home, members, batch):
    out = io.StringIO()
    call_command(
        forums_distribution_benchmark.Command(),
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
