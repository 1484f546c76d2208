"""The commitments a forum summary or a survey feeds: listed at the foot of those
pages through the ``engage_page_footer_sections`` hook, which the lower apps call
without knowing about pledges. Only published commitments of published pledges."""

from django.utils.translation import get_language
from wagtail.models import Page

from cms.listings import for_cards
from engage.i18n import columns_in
from outcomes.models import ForumSummaryPage
from surveys.models import SurveyPage

from .models import CommitmentPage, PledgePage
from .models.progress import CommitmentRow
from .models.querysets import LATEST_REPORT


def _fed_by(page):
    if isinstance(page, ForumSummaryPage):
        return {"related_action_items__action_item__summary": page}
    if isinstance(page, SurveyPage):
        return {"related_questions__question__page": page}
    return None


def fed_commitments(page, request=None):
    """Live commitments of live pledges linked to ``page``, by city and order, as
    rows with their latest report and their pledge; two queries, one when none
    is linked. Every survey page and summary asks, and most feed nothing."""
    lookup = _fed_by(page)
    if lookup is None:
        return []
    rows = list(
        CommitmentPage.objects.live()
        .filter(**lookup)
        .distinct()
        .with_progress(*LATEST_REPORT)
        .order_by("path")
        .values("path", "slug", *LATEST_REPORT, *columns_in(get_language(), "title"))
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
