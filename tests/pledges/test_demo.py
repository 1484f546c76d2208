import io

import pytest
from wagtail.models import Page, Revision

from forums.demo import build_demo as build_forums
from outcomes.demo import build_demo as build_outcomes
from pledges.demo import build
from pledges.models import (
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
    PledgePage,
    ProgressUpdatePage,
    Status,
    UpdateEvidence,
)
from surveys.demo import build as build_surveys

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
    commitments = [
        c for s in PledgePage.objects.live().summaries() for c in s.commitments
    ]
    assert sum(c.stale for c in commitments) == 1
    assert sum(c.overdue for c in commitments) == 1

    counts = (Page.objects.count(), Revision.objects.count())
    build(home)
    assert (Page.objects.count(), Revision.objects.count()) == counts

    html = client.get("/en/").content.decode()
    assert "Mayoral pledge progress" in html
    assert "Riverton" in html and "Port Alder" in html


def test_demo_links_forums_and_surveys_whatever_runs_first(client, home):
    build(home)  # before the forums and surveys demos exist: nothing to link
    assert not CommitmentActionItem.objects.exists()
    build_forums(home, io.StringIO())
    build_outcomes(home, io.StringIO())
    build_surveys(home)
    build(home)
    riverton = PledgePage.objects.get(slug="riverton")
    accountability = CommitmentPage.objects.child_of(riverton).get(
        slug="accountability"
    )
    assert accountability.related_action_items.count() == 2
    assert accountability.related_questions.count() == 1
    port_alder = PledgePage.objects.get(slug="port-alder")
    assert not CommitmentActionItem.objects.filter(
        page__path__startswith=port_alder.path
    ).exists()
    assert CommitmentSurveyQuestion.objects.filter(
        page__path__startswith=port_alder.path
    ).exists()
    # The links are in the published revision, so the next edit keeps them.
    latest = accountability.get_latest_revision_as_object()
    assert len(latest.related_action_items.all()) == 2

    counts = (
        Revision.objects.count(),
        CommitmentActionItem.objects.count(),
        CommitmentSurveyQuestion.objects.count(),
    )
    build(home)
    assert (
        Revision.objects.count(),
        CommitmentActionItem.objects.count(),
        CommitmentSurveyQuestion.objects.count(),
    ) == counts

    html = client.get(accountability.url).content.decode()
    assert "Translate the complaint form into five languages" in html
    assert "See the published results" in html
