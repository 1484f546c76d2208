"""A pledge, a commitment and a progress update never carry an expiry date, by
whatever path they are saved: ``publish_scheduled``, run by the site's timer,
would otherwise take them down at that date without anyone being asked."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from pledges.models import CommitmentPage, PledgePage, ProgressUpdatePage

pytestmark = pytest.mark.django_db

REFUSED = (
    "A pledge and its commitments stay public: they have no expiry date. Leave it "
    "empty."
)


def next_week():
    return timezone.now() + datetime.timedelta(days=7)


@pytest.mark.parametrize("name", ["pledge", "commitment", "update"])
def test_a_revision_with_an_expiry_date_is_not_published(
    request, pledge, commitment, update, name
):
    """A revert, a workflow approval or a script publishes without the form."""
    page = {"pledge": pledge, "commitment": commitment}.get(name) or update()
    draft = page.get_latest_revision_as_object()
    draft.expire_at = next_week()

    with pytest.raises(ValidationError) as refused:
        draft.save_revision().publish()

    assert refused.value.message_dict == {"expire_at": [REFUSED]}
    stored = type(page).objects.get(pk=page.pk)
    assert (stored.live, stored.expire_at) == (True, None)


def test_dates_set_before_the_rule_are_cleared_and_nothing_is_taken_down(
    pledge, commitment, update
):
    posted = update()
    past = timezone.now() - datetime.timedelta(hours=1)
    for model in (PledgePage, CommitmentPage, ProgressUpdatePage):
        model.objects.update(expire_at=past)
    migration = importlib.import_module("pledges.migrations.0008_no_expiry_dates")

    migration.clear_expiry_dates(apps, None)
    call_command("publish_scheduled", verbosity=0)

    for page in (pledge, commitment, posted):
        stored = type(page).objects.get(pk=page.pk)
        assert (stored.live, stored.expire_at) == (True, None)
