"""Commitment listings that read progress and link counts in the same query."""

import datetime
import functools
from collections import defaultdict

from django.apps import apps
from django.db.models import (
    BooleanField,
    Count,
    Expression,
    F,
    JSONField,
    Min,
    OuterRef,
    Subquery,
)
from django.db.models.functions import JSONArray
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.query import PageQuerySet

from engage.compiled import CompiledQuery
from engage.i18n import columns_in

from .links import CommitmentActionItem, CommitmentSurveyQuestion
from .progress import CommitmentRow, Share
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
# Which published update of a commitment is its latest: the newest by date, then
# the one published last.
LATEST_FIRST = ("-update_date", "-first_published_at", "-pk")
# What the pledge page's list shows besides: how many forum action items and
# survey questions each links to.
LINK_COUNTS = ("action_item_count", "question_count")
# The latest report of a commitment with no published update.
NO_REPORT_READ = (None, None, None)
# Stand for one parent's children's depth and range of paths while the query of
# ``commitment_rows_of`` is compiled: no page has these.
DEPTH_PLACEHOLDER = -2_147_483_640
PATHS_FROM, PATHS_TO = "\x00paths from", "\x00paths to"


class ChildrenOf(Expression):
    """True for the children of ``parents``, however many other pages there are:
    one range of treebeard paths per parent, which the index on ``path`` can
    serve (``LIKE`` cannot: SQLite's is case-insensitive, PostgreSQL's bound to
    a collation). Written as one condition because, as a lookup per range,
    Django's building of the query grew with every city on a page and cost more
    than running it."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, parents, ranges=()):
        """``ranges`` adds (depth, first path, last path) of children directly."""
        super().__init__()
        self.ranges = [children_range(parent) for parent in parents] + list(ranges)
        self.path, self.depth = F("path"), F("depth")

    def get_source_expressions(self):
        return [self.path, self.depth]

    def set_source_expressions(self, expressions):
        self.path, self.depth = expressions

    def as_sql(self, compiler, connection):
        if not self.ranges:
            return "1 = 0", []
        path, path_params = compiler.compile(self.path)
        depth, depth_params = compiler.compile(self.depth)
        term = f"({depth} = %s AND {path} BETWEEN %s AND %s)"
        params = []
        for depth_below, low, high in self.ranges:
            params += [*depth_params, depth_below, *path_params, low, high]
        return "(" + " OR ".join([term] * len(self.ranges)) + ")", params


def children_range(parent):
    """The depth of ``parent``'s children and the range of their paths."""
    return (parent.depth + 1, *Page._get_children_path_interval(parent.path))


def read_latest_report(row):
    """``row`` (read ``with_latest_report``) with the ``latest_status``,
    ``latest_percentage`` and ``latest_update_date`` of its latest update in
    place of the list holding them; all ``None`` for a commitment with no
    published update, as ``with_progress`` reads it."""
    status, percentage, updated = row.pop("latest_report") or NO_REPORT_READ
    row["latest_status"] = status
    row["latest_percentage"] = percentage
    row["latest_update_date"] = (
        datetime.date.fromisoformat(updated) if updated else None
    )
    return row


def _published_updates():
    """The published updates of each commitment of the outer query."""
    return ProgressUpdatePage.objects.filter(commitment=OuterRef("pk"), live=True)


# The subqueries below are the same for every listing, and building one cost a
# listing more than running it: each is built once per process, and each
# queryset that uses it resolves its own copy.


@functools.cache
def _latest_report():
    """The subquery of ``with_latest_report``."""
    latest = _published_updates().order_by(*LATEST_FIRST)
    # A list, not an object: read back in the order of ``read_latest_report``.
    report = JSONArray("status", "percentage", "update_date")
    return Subquery(
        latest.annotate(report=report).values("report")[:1], output_field=JSONField()
    )


@functools.cache
def _progress_columns(fields):
    """The subqueries of ``with_progress``, by name: those of ``fields``, or all."""
    updates = _published_updates()
    latest = updates.order_by(*LATEST_FIRST)
    counted = (
        updates.order_by()
        .values("commitment")
        .annotate(number=Count("pk"), first=Min("update_date"))
    )
    sources = {"latest": latest, "counted": counted}
    return {
        name: Subquery(sources[source].values(column)[:1])
        for name, (source, column) in PROGRESS_COLUMNS.items()
        if not fields or name in fields
    }


def _linked_count(links, linked_field):
    """How many published items of ``links`` each commitment links to."""
    counted = (
        links.public()
        .filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(number=Count(linked_field, distinct=True))
    )
    return Subquery(counted.values("number")[:1])


@functools.cache
def _link_counts():
    """The subqueries of ``with_link_counts``, by name."""
    return {
        "action_item_count": _linked_count(CommitmentActionItem.objects, "action_item"),
        "question_count": _linked_count(CommitmentSurveyQuestion.objects, "question"),
    }


class CommitmentQuerySet(PageQuerySet):
    def with_progress(self, *fields):
        """Current status, percentage and dates, read from the latest published
        update in the same query, so listings cost one query however long the
        history. Only the ``fields`` named (of ``PROGRESS_FIELDS``) when given,
        for rows read with ``values()``: a page object needs them all."""
        return self.annotate(**_progress_columns(fields))

    def with_latest_report(self):
        """The status, percentage and date of each commitment's latest published
        update, for ``read_latest_report``: one object from one subquery, where
        ``with_progress`` sorts the history again for every column it reads."""
        return self.annotate(latest_report=_latest_report())

    def with_link_counts(self):
        """How many published forum action items and survey questions each
        commitment links to, in the same query."""
        return self.annotate(**_link_counts())

    def rows_under(self, pledges, urls, with_links=False):
        """Each pledge's commitments (by its path) as ``CommitmentRow``s in tree
        order, with their latest reports, in one query, with only the reader's
        language of their text: a page object carries every language's columns
        and cost more to build than its listing entry did to draw. With
        ``with_links``, also their responsible office and link counts. ``urls``
        gives each pledge's address by its path."""
        rows = {pledge.path: [] for pledge in pledges}
        if not pledges:
            return rows
        commitments = self.filter(ChildrenOf(pledges))
        return _rows_by_parent(_row_values(commitments, with_links), rows, urls)

    def progress_under(self, pledges):
        """Each pledge's commitments (by its path) as ``Share``s of its progress,
        and the dates of their latest updates, read as numbers in one query."""
        rows = (
            self.filter(ChildrenOf(pledges))
            .with_progress("latest_percentage", "latest_update_date")
            .values_list("path", "weight", "latest_percentage", "latest_update_date")
        )
        shares, dates = defaultdict(list), defaultdict(list)
        for path, weight, percentage, updated in rows:
            parent = path[: -Page.steplen]
            shares[parent].append(Share(weight, percentage or 0))
            if updated:
                dates[parent].append(updated)
        return shares, dates


def _row_values(commitments, with_links):
    """``commitments`` read as the columns of ``CommitmentRow`` in tree order,
    with their latest reports and the reader's language of their text."""
    commitments = commitments.with_latest_report()
    columns, translated = ROW_COLUMNS + ("latest_report",), ("title",)
    if with_links:
        commitments = commitments.with_link_counts()
        columns, translated = columns + LINK_COUNTS, ("title", "responsible_office")
    return (
        commitments.order_by("path")
        .rewrite(False)
        .values(*columns, *columns_in(get_language(), *translated))
    )


def _rows_by_parent(values, rows, urls):
    """``values`` as ``CommitmentRow``s, added to ``rows`` by their parent's path."""
    for row in values:
        read_latest_report(row)
        parent = row["path"][: -Page.steplen]
        rows[parent].append(CommitmentRow(row, urls[parent]))
    return rows


@functools.cache
def _rows_of_one_pledge(language, with_links):
    """The query of ``commitment_rows_of``, compiled once per language (the
    columns of its text) with the pledge's range of children."""
    children = ChildrenOf([], ranges=[(DEPTH_PLACEHOLDER, PATHS_FROM, PATHS_TO)])
    commitments = apps.get_model("pledges", "CommitmentPage").objects.live()
    return CompiledQuery(
        _row_values(commitments.filter(children), with_links),
        placeholders=(DEPTH_PLACEHOLDER, PATHS_FROM, PATHS_TO),
    )


def commitment_rows_of(pledge, url, with_links=False):
    """``rows_under`` of the live commitments for one saved ``pledge`` (at
    ``url``), by a query compiled once: building it cost the pledge page a fifth
    of its time. A pledge not yet saved (a preview of a new one) has none."""
    if pledge.pk is None:
        return []
    query = _rows_of_one_pledge(get_language(), with_links)
    values = query.rows(*children_range(pledge))
    rows = _rows_by_parent(values, {pledge.path: []}, {pledge.path: url})
    return rows[pledge.path]
