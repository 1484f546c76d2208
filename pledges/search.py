"""What a search result needs to say about a progress update.

An update's title is its date, status and percentage ("2026-05-01: In progress,
40%"): found by its explanation, it would not say which city's commitment it
belongs to. Search results name both, read for the whole page of results at once.
"""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from cms.listings import for_cards
from engage.i18n import marked_text

from .models import CommitmentPage, PledgePage, ProgressUpdatePage


def describe_updates(results):
    """Set ``search_context`` on the progress updates among ``results``: two
    queries when there are any, none otherwise, without the columns no result
    shows."""
    updates = [page for page in results if isinstance(page, ProgressUpdatePage)]
    if not updates:
        return
    commitments = for_cards(CommitmentPage.objects.all()).in_bulk(
        {update.commitment_id for update in updates if update.commitment_id}
    )
    parent_paths = {c.path[: -c.steplen] for c in commitments.values()}
    pledges = for_cards(PledgePage.objects.filter(path__in=parent_paths))
    pledges = {p.path: p for p in pledges}
    for update in updates:
        commitment = commitments.get(update.commitment_id)
        pledge = commitment and pledges.get(commitment.path[: -commitment.steplen])
        if pledge is not None:
            update.search_context = format_html(
                _("A progress update on “{commitment}”, {city}"),
                commitment=marked_text(commitment, "title"),
                city=marked_text(pledge, "city"),
            )
