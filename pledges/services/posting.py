"""Posting a progress update, as the admin does, from code: demo content,
benchmarks and tests. What follows publication lives in ``pledges.signals``."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import ProgressUpdatePage, UpdateEvidence
from ..translation import set_translations


@dataclass
class Evidence:
    title: str
    url: str = ""
    document: object = None


@transaction.atomic
def post_update(
    commitment,
    *,
    user,
    status,
    percentage,
    explanation,
    update_date=None,
    evidence=(),
    corrects=None,
    publish=True,
):
    """Append an update to a commitment's history, as the admin does.

    ``explanation`` is a string or a dict of texts by language. The update is
    published when ``publish`` is true and the user may publish here; otherwise it
    goes to the pledge's approval workflow, or stays a draft when there is none.
    A change of status or percentage without evidence raises ``ValidationError``."""
    permissions = commitment.permissions_for_user(user) if user else None
    if permissions is not None and not permissions.can_add_subpage():
        raise PermissionDenied("This user may not post updates on this commitment.")
    update = ProgressUpdatePage(
        update_date=update_date or timezone.localdate(),
        status=status,
        percentage=percentage,
        corrects=corrects,
        owner=user,
        live=False,
    )
    texts = explanation if isinstance(explanation, dict) else {"en": explanation}
    set_translations(update, "explanation", texts)
    items = []
    for order, item in enumerate(evidence):
        piece = UpdateEvidence(sort_order=order, url=item.url, document=item.document)
        set_translations(
            piece,
            "title",
            item.title if isinstance(item.title, dict) else {"en": item.title},
        )
        items.append(piece)
    update.evidence = items
    # Refused here, like the admin form, before even a draft is stored.
    update.commitment_id = commitment.pk
    update.check_evidence(items)
    commitment.add_child(instance=update)
    revision = update.save_revision(user=user)
    if publish:
        if permissions is None or permissions.can_publish_subpage():
            revision.publish(user=user)
        elif (workflow := update.get_workflow()) is not None:
            workflow.start(update, user)
    update.refresh_from_db()
    return update
