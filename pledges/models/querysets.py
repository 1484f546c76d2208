"""Commitment listings that read progress and link counts in the same query."""

import operator
from functools import reduce

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.query import PageQuerySet

from engage.i18n import columns_in

from .links import CommitmentActionItem, CommitmentSurveyQuestion
from .progress import CommitmentRow
from .updates import ProgressUpdatePage

# Each progress column and where it is read: the latest published update, or
# all of them counted.
PROGRESS_COLUMNS = {
    "latest_status": ("latest", "status"),
    "latest_percentage": ("latest", "percentage"),
    "latest_update_date": ("latest", "update_date"),
    "update_count": ("counted", "number"),
    "first_update_date": ("counted", "first"),
}
PROGRESS_FIELDS = tuple(PROGRESS_COLUMNS)
# What a row of a listing reads of each commitment (see ``CommitmentRow``): how
# it is flagged, and its latest report.
ROW_COLUMNS = (
    "pk",
    "path",
    "slug",
    "principle",
    "weight",
    "target_date",
    "original_target_date",
)
LATEST_REPORT = ("latest_status", "latest_percentage", "latest_update_date")
# Which published update of a commitment is its latest: the newest by date, then
# the one published last.
LATEST_FIRST = ("-update_date", "-first_published_at", "-pk")
# What the pledge page's list shows besides: how many forum action items and
# survey questions each links to.
LINK_COUNTS = ("action_item_count", "question_count")


def children_of(pledges):
    """Only these pledges' commitments, however many other pledges there are.
    Treebeard's range of children's paths, which the index on ``path`` can
    serve: ``LIKE`` cannot use it (SQLite's is case-insensitive, PostgreSQL's
    bound to a collation)."""
    return reduce(
        operator.or_,
        (
            Q(path__range=Page._get_children_path_interval(p.path), depth=p.depth + 1)
            for p in pledges
        ),
    )


def read_latest_reports(rows):
    """``rows`` (read ``with_latest_update_id``) with the ``LATEST_REPORT`` of
    the update each names in place of its id, read in one query; all ``None``
    for a commitment with no published update, as ``with_progress`` reads it."""
    ids = {row["latest_update_id"] for row in rows} - {None}
    reports = {}
    if ids:
        updates = ProgressUpdatePage.objects.filter(pk__in=ids)
        for pk, *report in updates.values_list(
            "pk", "status", "percentage", "update_date"
        ):
            reports[pk] = report
    for row in rows:
        report = reports.get(row.pop("latest_update_id"), (None, None, None))
        row.update(zip(LATEST_REPORT, report, strict=True))
    return rows


def _published_updates():
    """The published updates of each commitment of the outer query."""
    return ProgressUpdatePage.objects.filter(commitment=OuterRef("pk"), live=True)


class CommitmentQuerySet(PageQuerySet):
    def with_progress(self, *fields):
        """Current status, percentage and dates, read from the latest published
        update in the same query, so listings cost one query however long the
        history. Only the ``fields`` named (of ``PROGRESS_FIELDS``) when given,
        for rows read with ``values()``: a page object needs them all."""
        updates = _published_updates()
        latest = updates.order_by(*LATEST_FIRST)
        counted = (
            updates.order_by()
            .values("commitment")
            .annotate(number=Count("pk"), first=Min("update_date"))
        )
        sources = {"latest": latest, "counted": counted}
        return self.annotate(
            **{
                name: Subquery(sources[source].values(column)[:1])
                for name, (source, column) in PROGRESS_COLUMNS.items()
                if not fields or name in fields
            }
        )

    def with_latest_update_id(self):
        """The id of each commitment's latest published update, for
        ``read_latest_reports``: one subquery per commitment, where
        ``with_progress`` sorts the history again for every column it reads."""
        latest = _published_updates().order_by(*LATEST_FIRST)
        return self.annotate(latest_update_id=Subquery(latest.values("pk")[:1]))

    def with_link_counts(self):
        """How many published forum action items and survey questions each
        commitment links to, in the same query."""
        action_items = (
            CommitmentActionItem.objects.public()
            .filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(number=Count("action_item", distinct=True))
        )
        questions = (
            CommitmentSurveyQuestion.objects.public()
            .filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(number=Count("question", distinct=True))
        )
        return self.annotate(
            action_item_count=Subquery(action_items.values("number")[:1]),
            question_count=Subquery(questions.values("number")[:1]),
        )

    def rows_under(self, pledges, request, with_links=False):
        """Each pledge's commitments (by its path) as ``CommitmentRow``s in tree
        order, in one query and one more for their latest reports (none when
        no commitment has an update), with only the reader's language of their
        text: a page object carries every language's columns and cost more to
        build than its listing entry did to draw. With ``with_links``, also
        their responsible office and link counts."""
        urls = {pledge.path: pledge.get_url(request) for pledge in pledges}
        rows = {pledge.path: [] for pledge in pledges}
        if not pledges:
            return rows
        commitments = self.filter(children_of(pledges)).with_latest_update_id()
        columns, translated = ROW_COLUMNS + ("latest_update_id",), ("title",)
        if with_links:
            commitments = commitments.with_link_counts()
            columns, translated = columns + LINK_COUNTS, ("title", "responsible_office")
        values = commitments.order_by("path").values(
            *columns, *columns_in(get_language(), *translated)
        )
        for row in read_latest_reports(list(values)):
            parent = row["path"][: -Page.steplen]
            rows[parent].append(CommitmentRow(row, urls[parent]))
        return rows
