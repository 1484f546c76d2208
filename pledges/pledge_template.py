"""The seven commitments of the mayoral pledge template, and how a new pledge starts
from them. The words, in every language the site speaks, are content: they live in
``pledge_template.toml`` beside this module."""

import tomllib
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.db import transaction

from .choices import Principle
from .models import CommitmentPage
from .translation import set_translations

DATA = Path(__file__).with_name("pledge_template.toml")


def _load():
    with DATA.open("rb") as data:
        commitments = tomllib.load(data)["commitment"]
    for spec in commitments:
        spec["principle"] = Principle(spec["principle"])
    return commitments


COMMITMENTS = _load()


@transaction.atomic
def prefill_commitments(pledge, user=None):
    """Add the seven template commitments to a pledge that has none yet.

    They are published with the pledge: at once if it is live, otherwise when it
    is first published."""
    if CommitmentPage.objects.child_of(pledge).exists():
        return []
    created = []
    for spec in COMMITMENTS:
        commitment = CommitmentPage(
            slug=spec["slug"],
            principle=spec["principle"],
            target_date=pledge.date_signed + relativedelta(months=spec["months"]),
            weight=1,
            live=False,
            owner=user,
        )
        set_translations(commitment, "title", spec["title"])
        set_translations(commitment, "description", spec["description"])
        set_translations(commitment, "responsible_office", spec["responsible_office"])
        pledge.add_child(instance=commitment)
        revision = commitment.save_revision(user=user)
        if pledge.live:
            revision.publish(user=user)
        created.append(commitment)
    return created


def publish_template_commitments(pledge):
    """On a pledge's first publication, publish commitments never published yet."""
    for commitment in CommitmentPage.objects.child_of(pledge).filter(
        first_published_at__isnull=True, live=False
    ):
        revision = commitment.latest_revision or commitment.save_revision()
        revision.publish()
