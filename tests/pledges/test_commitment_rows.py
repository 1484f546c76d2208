"""Pledge pages, the pledge index and the home page read commitments by queries
compiled once per number of pledges (``pledges.models.querysets``) with each
pledge's range of children: each pledge lists its own live commitments, in tree
order, with their latest published reports and link counts, in the reader's
language, as the same query built for the pledges reads them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils.translation import override
from wagtail.models import Page

from pledges.choices import Status
from pledges.models import CommitmentPage, PledgePage
from pledges.models.progress import CommitmentRow
from pledges.models.querysets import (
    ChildrenOf,
    _row_values,
    commitment_rows_of,
    live_progress_under,
    live_rows_under,
)
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


def built(pledges, urls):
    """The rows as the same query built for ``pledges`` reads them."""
    rows = {pledge.path: [] for pledge in pledges}
    values = _row_values(
        CommitmentPage.objects.live().filter(ChildrenOf(pledges)), with_links=True
    )
    for row in values:
        parent = row["path"][: -Page.steplen]
        rows[parent].append(vars(CommitmentRow(row, urls[parent])))
    return rows


def test_progress_is_read_for_each_pledge_as_the_query_built_for_them(pledges):
    pledge, other = pledges
    shares, dates = live_progress_under([other, pledge])
    built = (
        CommitmentPage.objects.live()
        .filter(ChildrenOf([pledge, other]))
        .with_progress("latest_percentage", "latest_update_date")
    )
    for page in (pledge, other):
        children = built.filter(path__startswith=page.path).order_by("path")
        assert [(share.weight, share.percentage) for share in shares[page.path]] == [
            (child.weight, child.latest_percentage or 0) for child in children
        ]
    assert [(s.weight, s.percentage) for s in shares[pledge.path]] == [(1, 60), (2, 0)]
    assert dates[pledge.path] == [datetime.date.today() - datetime.timedelta(days=1)]
    assert dates[other.path] == []


def listed(rows):
    return [
        (row.title, row.latest_status, row.latest_percentage, row.question_count)
        for row in rows
    ]


def test_each_pledge_lists_its_own_live_children_as_the_listing_does(pledges):
    pledge, other = pledges
    for language in ("en", "es", "ar"):
        with override(language):
            urls = {pledge.path: "/p/", other.path: "/o/"}
            for pledges_read in ([pledge, other], [other, pledge], [other]):
                expected = built(pledges_read, urls)
                rows = live_rows_under(pledges_read, urls, with_links=True)
                assert {
                    path: [vars(row) for row in listed] for path, listed in rows.items()
                } == expected
            for page, url in ((pledge, "/p/"), (other, "/o/")):
                rows = commitment_rows_of(page, url, with_links=True)
                assert [vars(row) for row in rows] == built([page], urls)[page.path]
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


def test_more_pledges_than_are_compiled_are_read_by_a_query_built_for_them(
    pledges, monkeypatch
):
    from pledges.models import querysets

    monkeypatch.setattr(querysets, "MOST_PLEDGES_COMPILED", 1)
    pledge, other = pledges
    urls = {pledge.path: "/p/", other.path: "/o/"}
    rows = live_rows_under([pledge, other], urls, with_links=True)
    assert {path: [vars(row) for row in listed] for path, listed in rows.items()} == (
        built([pledge, other], urls)
    )
    shares, _dates = live_progress_under([pledge, other])
    assert [(s.weight, s.percentage) for s in shares[pledge.path]] == [(1, 60), (2, 0)]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by its own statistics; the index is the same",
)
def test_the_children_are_found_by_a_range_of_the_page_trees_index(pledges):
    """Each city's commitments come from the index on depth and path (cms 0006),
    a range holding its children alone: not every page below the cities (their
    progress updates), nor every commitment of the site."""
    call_command("optimize_database", stdout=io.StringIO())
    values = _row_values(
        CommitmentPage.objects.live().filter(ChildrenOf(pledges)), with_links=False
    )
    sql, params = values.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert plan.count(
        "SEARCH child USING INDEX cms_page_children (<expr>=? AND path>? AND path<?)"
    ) == len(pledges)


def latest_reports(pledge):
    return [
        (row.latest_status, row.latest_percentage, row.latest_update_date)
        for row in commitment_rows_of(pledge, "/p/")
    ]


def test_a_rows_latest_report_is_what_the_commitment_page_reads(pledges):
    """A listing reads each latest report as one text: it gives the status,
    percentage and date the commitment page reads from the same update."""
    pledge, _other = pledges
    pages = CommitmentPage.objects.live().child_of(pledge).order_by("path")
    assert latest_reports(pledge) == [
        (page.latest_status, page.latest_percentage, page.latest_update_date)
        for page in pages.with_progress()
    ]
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    assert latest_reports(pledge) == [
        (Status.IN_PROGRESS, 60, yesterday),
        (None, None, None),
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps a date as ISO text"
)
def test_a_latest_reports_date_reads_the_same_whatever_date_style(pledges):
    """PostgreSQL writes a date as text in the connection's DateStyle; the
    report's date is written as ISO whatever an operator set it to."""
    pledge, _other = pledges
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute("SET DateStyle = 'SQL, DMY'")
    try:
        assert latest_reports(pledge)[0] == (Status.IN_PROGRESS, 60, yesterday)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET DateStyle = 'ISO, MDY'")
