import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from pledges.models import Status
from pledges.services import post_update

from .factories import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
    UserFactory,
)


@pytest.fixture
def index(home):
    return PledgeIndexPageFactory(parent=home)


@pytest.fixture
def pledge(index):
    return PledgePageFactory(parent=index, city="Riverton")


@pytest.fixture
def other_pledge(index):
    return PledgePageFactory(parent=index, city="Port Alder")


@pytest.fixture
def commitment(pledge):
    return CommitmentPageFactory(parent=pledge, title="Independent review board")


@pytest.fixture
def today():
    return datetime.date.today()


@pytest.fixture
def update(commitment, today):
    """Post a published update on ``commitment`` (or another) as no particular user."""

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
            **kwargs,
        )

    return post


def office_member(pledge):
    user = UserFactory()
    user.groups.add(pledge.mayors_office.group)
    return user


def group_member(name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


def update_form(today, action="action-publish", **overrides):
    """The admin form for a new progress update, with one piece of evidence."""
    data = {
        "update_date": today.isoformat(),
        "status": "in_progress",
        "percentage": "40",
        "explanation_en": "The ordinance had its first reading.",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-title_en": "Council minutes",
        "evidence-0-url": "https://example.org/minutes",
        "evidence-0-document": "",
        "evidence-0-ORDER": "1",
        "evidence-0-DELETE": "",
        "evidence-0-id": "",
        "corrects": "",
        action: action,
    }
    data.update(overrides)
    return data


def add_update_url(commitment):
    return f"/admin/pages/add/pledges/progressupdatepage/{commitment.pk}/"


def url_in(page, language):
    with translation.override(language):
        url = page.url
    assert url.startswith(f"/{language}/")
    return url
