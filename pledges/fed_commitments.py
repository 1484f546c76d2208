"""The commitments a forum summary or a survey feeds: listed at the foot of those
pages through the ``engage_page_footer_sections`` hook, which the lower apps call
without knowing about pledges. Only published commitments of published pledges."""

from django.utils.translation import get_language
from wagtail.models import Page

from cms.listings import for_cards
from engage.i18n import columns_in
from outcomes.models import ForumSummaryPage
from surveys.models import SurveyPage

from .models import (
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
    PledgePage,
)
from .models.progress import CommitmentRow


def _linked_commitment_ids(page):
    """The ids of commitments linked to ``page``, read from the link table
    alone: most pages feed nothing, and this says so for a fifth of what the
    listing's query costs to build. A page not yet saved (a preview) has none."""
    if page.pk is None:
        return set()
    if isinstance(page, ForumSummaryPage):
        links = CommitmentActionItem.objects.filter(action_item__summary=page)
    elif isinstance(page, SurveyPage):
        links = CommitmentSurveyQuestion.objects.filter(question__page=page)
    else:
        return set()
    return set(links.values_list("page_id", flat=True))


def fed_commitments(page, request=None):
    """Live commitments of live pledges linked to ``page``, by city and order, as
    rows with their latest report and their pledge. One query when none is
    linked, as on most survey pages and summaries, which all ask; otherwise
    two more: the rows with their latest reports, and their pledges."""
    linked = _linked_commitment_ids(page)
    if not linked:
        return []
    rows = list(
        CommitmentPage.objects.live()
        .filter(pk__in=linked)
        .with_latest_report()
        .order_by("path")
        .values("path", "slug", "latest_report", *columns_in(get_language(), "title"))
    )
    if not rows:
        return []
    parents = {row["path"][: -Page.steplen] for row in rows}
    pledges = for_cards(PledgePage.objects.live().filter(path__in=parents))
    pledges = {pledge.path: pledge for pledge in pledges}
    urls = {path: pledge.get_url(request) for path, pledge in pledges.items()}
    fed = []
    for row in rows:
        parent = row["path"][: -Page.steplen]
        if parent in pledges:
            commitment = CommitmentRow(row, urls[parent])
            commitment.pledge = pledges[parent]
            fed.append(commitment)
    return fed


def footer_section(request, page):
    commitments = fed_commitments(page, request)
    if not commitments:
        return None
    return {
        "template": "pledges/includes/fed_commitments.html",
        "commitments": commitments,
    }
