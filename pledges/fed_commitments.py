"""The commitments a forum summary or a survey feeds: listed at the foot of those
pages through the ``engage_page_footer_sections`` hook, which the lower apps call
without knowing about pledges. Only published commitments of published pledges."""

from outcomes.models import ForumSummaryPage
from surveys.models import SurveyPage

from .models import CommitmentPage, PledgePage


def _fed_by(page):
    if isinstance(page, ForumSummaryPage):
        return {"related_action_items__action_item__summary": page}
    if isinstance(page, SurveyPage):
        return {"related_questions__question__page": page}
    return None


def fed_commitments(page):
    """Live commitments of live pledges linked to ``page``, by city and order;
    two queries."""
    lookup = _fed_by(page)
    if lookup is None:
        return []
    commitments = list(
        CommitmentPage.objects.live()
        .filter(**lookup)
        .distinct()
        .with_progress()
        .order_by("path")
    )
    parents = {c.path[: -c.steplen] for c in commitments}
    pledges = {p.path: p for p in PledgePage.objects.live().filter(path__in=parents)}
    fed = []
    for commitment in commitments:
        pledge = pledges.get(commitment.path[: -commitment.steplen])
        if pledge is not None:
            commitment.pledge = pledge
            fed.append(commitment)
    return fed


def footer_section(request, page):
    commitments = fed_commitments(page)
    if not commitments:
        return None
    return {
        "template": "pledges/includes/fed_commitments.html",
        "commitments": commitments,
    }
