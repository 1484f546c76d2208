"""The page listing every city whose mayor signed."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models import translated_search_fields
from cms.pages import EngagePageMixin
from engage.i18n import columns_in

from ..choices import Principle, status_legend
from .pages import INTRO_FEATURES, CommitmentPage, PledgePage, children_of
from .progress import CommitmentRow, summarize

# Cities on each page of the index: its cost stays the same however many sign.
PLEDGES_PER_PAGE = 10
# What a cell of the grid shows of a commitment, and how it is flagged, with its
# title in the reader's language and the one it falls back to.
GRID_COLUMNS = (
    "path",
    "slug",
    "principle",
    "weight",
    "target_date",
    "original_target_date",
)
LATEST_REPORT = ("latest_status", "latest_percentage", "latest_update_date")


class PledgeIndexPage(EngagePageMixin, Page):
    """Every city whose mayor signed, with overall progress and a grid by principle."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + translated_search_fields("title", "intro")

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["pledges.PledgePage"]
    max_count = 1

    class Meta:
        verbose_name = _("pledge index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pledges = PledgePage.objects.live().child_of(self).for_listing()
        cities = Paginator(pledges, PLEDGES_PER_PAGE).get_page(request.GET.get("page"))
        summaries = summarize_cities(list(cities.object_list), request)
        principles, rows = progress_grid(summaries)
        context["cities"] = cities
        context["summaries"] = summaries
        context["principles"] = principles
        context["grid_rows"] = rows
        context["status_legend"] = status_legend()
        return context


def summarize_cities(pledges, request):
    """A summary per pledge, its commitments read as rows in one query."""
    if not pledges:
        return []
    urls = {pledge.path: pledge.get_url(request) for pledge in pledges}
    rows = (
        CommitmentPage.objects.live()
        .filter(children_of(pledges))
        .with_progress(*LATEST_REPORT)
        .order_by("path")
        .values(*GRID_COLUMNS, *LATEST_REPORT, *columns_in(get_language(), "title"))
    )
    by_parent = defaultdict(list)
    for values in rows:
        parent = values["path"][: -Page.steplen]
        by_parent[parent].append(CommitmentRow(values, urls[parent]))
    return [summarize(pledge, by_parent[pledge.path]) for pledge in pledges]


def progress_grid(summaries):
    """The principles in use, and a row per city with one cell per principle."""
    used = {c.principle for s in summaries for c in s.commitments}
    principles = [(value, label) for value, label in Principle.choices if value in used]
    rows = []
    for summary in summaries:
        cells = defaultdict(list)
        for commitment in summary.commitments:
            cells[commitment.principle].append(commitment)
        rows.append(
            {"summary": summary, "cells": [cells[value] for value, _l in principles]}
        )
    return principles, rows
