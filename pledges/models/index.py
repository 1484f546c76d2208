"""The page listing every city whose mayor signed."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models import translated_search_fields
from cms.pages import EngagePageMixin

from ..choices import Principle, status_legend
from .pages import INTRO_FEATURES, PledgePage
from .progress import PledgeRow, summarize
from .querysets import live_rows_under

# Cities on each page of the index: its cost stays the same however many sign.
PLEDGES_PER_PAGE = 10


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
        cities = Paginator(listing_rows(self), PLEDGES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        pledges = [PledgeRow(row) for row in cities.object_list]
        summaries = summarize_cities(pledges, self.get_url(request))
        principles, rows = progress_grid(summaries)
        context["cities"] = cities
        context["summaries"] = summaries
        context["principles"] = principles
        context["grid_rows"] = rows
        context["status_legend"] = status_legend()
        return context


def listing_rows(index):
    """The live pledges under ``index`` by city as the reader sees its name, as
    rows (``PledgeQuerySet.as_rows``)."""
    return PledgePage.objects.live().child_of(index).as_rows()


def summarize_cities(pledges, index_url):
    """A summary per pledge, its commitments read as rows in one query. Each
    pledge's address is the index's followed by its slug, as Wagtail routes it:
    asking Wagtail for it cost a reversal of the URL patterns per city."""
    urls = {pledge.path: f"{index_url}{pledge.slug}/" for pledge in pledges}
    rows = live_rows_under(pledges, urls)
    summaries = [summarize(pledge, rows[pledge.path]) for pledge in pledges]
    for summary in summaries:
        summary.url = urls[summary.pledge.path]
    return summaries


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
