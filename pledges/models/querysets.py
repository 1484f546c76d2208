"""Commitment listings that read progress and link counts in the same query."""

import functools
import itertools
from collections import defaultdict

from django.apps import apps
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Expression,
    F,
    Func,
    Min,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.query import PageQuerySet

from engage.compiled import CompiledQuery
from engage.i18n import columns_in

from .latest import LATEST_FIRST
from .links import CommitmentActionItem, CommitmentSurveyQuestion
from .progress import REPORT_SEPARATOR, CommitmentRow, Share
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
# What the pledge page's list shows besides: how many forum action items and
# survey questions each links to.
LINK_COUNTS = ("action_item_count", "question_count")
# Lists of more pledges than this are read by a query built for them: the
# listings that show pledges (the index, the home page) page them well below it.
MOST_PLEDGES_COMPILED = 50


class ChildrenOf(Expression):
    """True for the children of ``parents``, however many other pages there are:
    one range of treebeard paths per parent (``LIKE`` could not use an index:
    SQLite's is case-insensitive, PostgreSQL's bound to a collation), searched
    in the page tree's index by depth and path (cms 0006) for the children
    alone. The depth is written as ``depth + 0``, the expression that index
    holds, which no other query writes. Joined to the rows read, the same
    condition let SQLite scan every commitment of every city instead, at a cost
    that grew with the site. Written as one condition because, as a lookup per
    range, Django's building of the query grew with every city on a page and
    cost more than running it."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, parents, ranges=()):
        """``ranges`` adds (depth, first path, last path) of children directly."""
        super().__init__()
        self.ranges = [children_range(parent) for parent in parents] + list(ranges)
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, expressions):
        (self.pk,) = expressions

    def as_sql(self, compiler, connection):
        if not self.ranges:
            return "1 = 0", []
        pk, params = compiler.compile(self.pk)
        name = connection.ops.quote_name
        child = name("child")
        path, depth = f"{child}.{name('path')}", f"({child}.{name('depth')} + 0)"
        terms = " OR ".join(
            [f"({depth} = %s AND {path} BETWEEN %s AND %s)"] * len(self.ranges)
        )
        # Only quoted names are written in; every value is a parameter.
        table = name(Page._meta.db_table)
        children = f"SELECT {child}.{name('id')} FROM {table} {child}"  # noqa: S608  # nosec B608
        params = [*params, *itertools.chain.from_iterable(self.ranges)]
        return f"{pk} IN ({children} WHERE {terms})", params  # noqa: S608


def children_range(parent):
    """The depth of ``parent``'s children and the range of their paths."""
    return (parent.depth + 1, *Page._get_children_path_interval(parent.path))


class ReportText(Func):
    """Its values joined by ``REPORT_SEPARATOR``, or NULL when any is: Django's
    ``Concat`` reads NULL as an empty text."""

    arg_joiner = f" || '{REPORT_SEPARATOR}' || "
    template = "(%(expressions)s)"
    output_field = CharField()


class IsoDate(Func):
    """A date as the text ``YYYY-MM-DD`` on either database: SQLite stores it so,
    PostgreSQL would write it in the connection's ``DateStyle``."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')",
            **extra_context,
        )


def _latest_report():
    """The expression of ``with_latest_report``: the commitment's latest update
    (``LatestUpdate``) joined by its key, as text ``CommitmentRow`` reads back
    (converting a JSON list, or each column, cost the pledge index more per
    commitment than reading it did). NULL where there is none: so is any
    concatenation with NULL, in SQL."""
    update = "latest_published_update__update__"
    return ReportText(
        F(f"{update}status"),
        Cast(F(f"{update}percentage"), CharField()),
        IsoDate(F(f"{update}update_date")),
    )


def _published_updates():
    """The published updates of each commitment of the outer query."""
    return ProgressUpdatePage.objects.filter(commitment=OuterRef("pk"), live=True)


# The subqueries below are the same for every listing, and building one cost a
# listing more than running it: each is built once per process, and each
# queryset that uses it resolves its own copy.


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
        update, as one text ``CommitmentRow`` reads, joined by the commitment's
        key (``LatestUpdate``), where ``with_progress`` sorts the history again
        for every column it reads."""
        return self.annotate(latest_report=_latest_report())

    def with_link_counts(self):
        """How many published forum action items and survey questions each
        commitment links to, in the same query."""
        return self.annotate(**_link_counts())


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


def _progress_values(commitments):
    """``commitments`` read as the numbers of their progress."""
    return commitments.with_progress(
        "latest_percentage", "latest_update_date"
    ).values_list("path", "weight", "latest_percentage", "latest_update_date")


READERS = {"rows": _row_values, "progress": _progress_values}


def _placeholder_ranges(count):
    """Stand for ``count`` parents' children's depths and ranges of paths while
    a query is compiled: no page has these."""
    return [
        (-2_000_000_000 - number, f"\x00from {number}", f"\x00to {number}")
        for number in range(count)
    ]


@functools.cache
def _query_under(reader, count, language, *args):
    """The live commitments under ``count`` pledges as ``READERS[reader]`` reads
    them, compiled once per number of pledges and language (the columns of
    their text) with the pledges' ranges of children (``engage.compiled``):
    building the query cost a pledge page a fifth of its time."""
    ranges = _placeholder_ranges(count)
    commitments = apps.get_model("pledges", "CommitmentPage").objects.live()
    return CompiledQuery(
        READERS[reader](commitments.filter(ChildrenOf([], ranges=ranges)), *args),
        placeholders=tuple(itertools.chain.from_iterable(ranges)),
    )


def _live_under(reader, pledges, *args):
    if len(pledges) > MOST_PLEDGES_COMPILED:
        commitments = apps.get_model("pledges", "CommitmentPage").objects.live()
        return list(READERS[reader](commitments.filter(ChildrenOf(pledges)), *args))
    query = _query_under(reader, len(pledges), get_language(), *args)
    ranges = (children_range(pledge) for pledge in pledges)
    return query.rows(*itertools.chain.from_iterable(ranges))


def live_rows_under(pledges, urls, with_links=False):
    """Each saved pledge's live commitments (by the pledge's path) as
    ``CommitmentRow``s in tree order, with their latest reports, in one query,
    with only the reader's language of their text: a page object carries every
    language's columns and cost more to build than its listing entry did to
    draw. With ``with_links``, also their responsible office and link counts.
    ``urls`` gives each pledge's address by its path."""
    rows = {pledge.path: [] for pledge in pledges}
    if not pledges:
        return rows
    for row in _live_under("rows", pledges, with_links):
        parent = row["path"][: -Page.steplen]
        rows[parent].append(CommitmentRow(row, urls[parent]))
    return rows


def live_progress_under(pledges):
    """Each saved pledge's live commitments (by the pledge's path) as ``Share``s
    of its progress, and the dates of their latest updates, read as numbers in
    one query."""
    shares, dates = defaultdict(list), defaultdict(list)
    if not pledges:
        return shares, dates
    for path, weight, percentage, updated in _live_under("progress", pledges):
        parent = path[: -Page.steplen]
        shares[parent].append(Share(weight, percentage or 0))
        if updated:
            dates[parent].append(updated)
    return shares, dates


def commitment_rows_of(pledge, url, with_links=False):
    """``live_rows_under`` one ``pledge`` at ``url``: none for a pledge not yet
    saved (a preview of a new one)."""
    if pledge.pk is None:
        return []
    return live_rows_under([pledge], {pledge.path: url}, with_links)[pledge.path]
