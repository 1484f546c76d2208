import pytest
from wagtail.models import Page, Revision

from pledges.demo import build
from pledges.models import (
    CommitmentPage,
    PledgePage,
    ProgressUpdatePage,
    Status,
    UpdateEvidence,
)
from pledges.services import live_summaries

pytestmark = pytest.mark.django_db


def test_demo_content_and_idempotency(client, home):
    build(home)
    pledges = PledgePage.objects.live()
    assert pledges.count() == 2
    for pledge in pledges:
        assert CommitmentPage.objects.child_of(pledge).live().count() == 7
        assert pledge.signed_document is not None
    updates = ProgressUpdatePage.objects.live()
    assert updates.count() >= 12
    assert set(updates.values_list("status", flat=True)) == set(Status.values)
    assert not updates.filter(evidence__isnull=True).exists()
    assert UpdateEvidence.objects.filter(document__isnull=False).exists()
    assert updates.filter(corrects__isnull=False).exists()
    commitments = [c for s in live_summaries() for c in s.commitments]
    assert sum(c.stale for c in commitments) == 1
    assert sum(c.overdue for c in commitments) == 1

    counts = (Page.objects.count(), Revision.objects.count())
    build(home)
    assert (Page.objects.count(), Revision.objects.count()) == counts

    html = client.get("/en/").content.decode()
    assert "Mayoral pledge progress" in html
    assert "Riverton" in html and "Port Alder" in html
