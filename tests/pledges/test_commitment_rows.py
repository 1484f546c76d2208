"""A pledge page reads its commitments by a query compiled once
(``pledges.models.querysets.commitment_rows_of``) with the pledge's range of
children: each pledge lists its own live commitments, in tree order, with their
latest published reports and link counts, in the reader's language, as the
listing of many pledges (``rows_under``) reads them."""

import pytest
from django.utils.translation import override

from pledges.choices import Status
from pledges.models import CommitmentPage, PledgePage
from pledges.models.querysets import commitment_rows_of
from tests.factories.pledges import CommitmentPageFactory, PledgePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges(pledge, other_pledge, commitment, overdue, update):
    commitment.title_es = "Junta de revisión independiente"
    commitment.save()
    update(Status.IN_PROGRESS, 40, days_ago=5)
    update(Status.IN_PROGRESS, 60, days_ago=1)
    draft = CommitmentPageFactory(parent=pledge, title="Draft commitment")
    draft.unpublish()
    CommitmentPageFactory(parent=other_pledge, title="Port Alder's own")
    grandchild_parent = CommitmentPageFactory(parent=other_pledge, title="Parent")
    # Not a child of either pledge: a page below one of its commitments.
    CommitmentPageFactory(parent=grandchild_parent, title="Below a commitment")
    return pledge, other_pledge


def listed(rows):
    return [
        (row.title, row.latest_status, row.latest_percentage, row.question_count)
        for row in rows
    ]


def test_each_pledge_lists_its_own_live_children_as_the_listing_does(pledges):
    pledge, other = pledges
    for language in ("en", "es", "ar"):
        with override(language):
            under = CommitmentPage.objects.live().rows_under(
                [pledge, other], {pledge.path: "/p/", other.path: "/o/"}, True
            )
            for page, url in ((pledge, "/p/"), (other, "/o/")):
                rows = commitment_rows_of(page, url, with_links=True)
                assert [vars(row) for row in rows] == [
                    vars(row) for row in under[page.path]
                ]
    with override("es"):
        assert listed(commitment_rows_of(pledge, "/p/", with_links=True)) == [
            ("Junta de revisión independiente", Status.IN_PROGRESS, 60, None),
            ("Body cameras", None, None, None),
        ]
    assert [row.title for row in commitment_rows_of(other, "/o/")] == [
        "Port Alder's own",
        "Parent",
    ]


def test_a_pledge_without_commitments_or_not_yet_saved_lists_none(pledge_index):
    empty = PledgePageFactory(parent=pledge_index, city="Empty")
    assert commitment_rows_of(empty, "/e/") == []
    assert commitment_rows_of(PledgePage(title="New", city="New"), "/n/") == []


def test_the_pledge_page_lists_them(client, pledges):
    page = client.get(pledges[0].url).content.decode()
    assert page.index("Independent review board") < page.index("Body cameras")
    assert "Draft commitment" not in page
    assert "Port Alder" not in page
