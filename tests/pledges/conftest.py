import datetime

import pytest

from pledges.choices import Status
from pledges.services.posting import Evidence, post_update
from tests.factories.pledges import CommitmentPageFactory, PledgePageFactory

REPORT = Evidence("Progress report", url="https://example.org/progress-report")


@pytest.fixture
def other_pledge(pledge_index):
    return PledgePageFactory(parent=pledge_index, city="Port Alder")


@pytest.fixture
def commitment(pledge):
    return CommitmentPageFactory(parent=pledge, title="Independent review board")


@pytest.fixture
def overdue(pledge, today):
    """A commitment of ``pledge`` nobody has reported on, past its target date."""
    return CommitmentPageFactory(
        parent=pledge,
        title="Body cameras",
        principle="training",
        responsible_office="Police department",
        target_date=today - datetime.timedelta(days=3),
        weight=2,
    )


@pytest.fixture
def today():
    return datetime.date.today()


@pytest.fixture
def update(commitment, today):
    """Post a published update on ``commitment`` (or another) as no particular user,
    with a link as evidence unless the test gives its own."""

    def post(
        status=Status.IN_PROGRESS,
        percentage=40,
        on=None,
        days_ago=0,
        explanation="Work is under way.",
        **kwargs,
    ):
        return post_update(
            on or commitment,
            user=kwargs.pop("user", None),
            status=status,
            percentage=percentage,
            explanation=explanation,
            update_date=today - datetime.timedelta(days=days_ago),
            evidence=kwargs.pop("evidence", [REPORT]),
            **kwargs,
        )

    return post
