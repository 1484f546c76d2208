"""A pledge page's record of changes is read by a query compiled once with the
pledge's key (``pledges.models.amendments.public_record``): each pledge shows its
own amendments, newest first, an unpublished commitment's stay out, and a
pledge not yet saved has none."""

import datetime

import pytest
from django.utils import timezone

from pledges.models import Amendment, PledgePage
from pledges.models.amendments import public_record

pytestmark = pytest.mark.django_db


def amend(pledge, days_ago, commitment=None, term="date_signed"):
    return Amendment.objects.create(
        pledge=pledge,
        commitment=commitment,
        term=term,
        old_value="a",
        new_value="b",
        made_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_each_pledge_reads_its_own_record_newest_first(
    pledge, other_pledge, commitment
):
    oldest = amend(pledge, 9)
    newest = amend(pledge, 1, commitment, term="target_date")
    middle = amend(pledge, 5)
    theirs = amend(other_pledge, 3)
    assert public_record(pledge.pk) == [newest, middle, oldest]
    assert public_record(other_pledge.pk) == [theirs]


def test_an_unpublished_commitments_amendments_stay_out(pledge, commitment):
    kept = amend(pledge, 2)
    amend(pledge, 1, commitment, term="target_date")
    commitment.unpublish()
    assert public_record(pledge.pk) == [kept]


def test_a_pledge_not_yet_saved_has_no_record():
    assert public_record(PledgePage(title="New").pk) == []
