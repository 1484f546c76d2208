"""The board, its feed and its open data cost the same number of queries however
many items, forums, updates and commitments there are."""

import pytest
from django.urls import reverse

from outcomes.models import ActionStatus, DepartmentUnit
from pledges.models import CommitmentActionItem
from tests.factories.outcomes import make_summary, past_forum, record_item_update
from tests.factories.pledges import CommitmentPageFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

BOARD = "/en/you-said-we-did/"


def add_forums(forum_index, pledge, count, first_day):
    unit = DepartmentUnit.objects.get_or_create(name="Patrol")[0]
    for number in range(count):
        summary = make_summary(
            past_forum(forum_index, first_day + number),
            items=[
                (f"Item {first_day + number}-{n}", ActionStatus.OPEN) for n in (1, 2)
            ],
        )
        commitment = CommitmentPageFactory(parent=pledge)
        for item in summary.action_items.all():
            item.responsible_unit = unit
            item.save()
            CommitmentActionItem.objects.create(page=commitment, action_item=item)
            record_item_update(item, ActionStatus.IN_PROGRESS, "Started")
            record_item_update(item, ActionStatus.DONE, "Finished")


@pytest.mark.parametrize(
    "url",
    [
        BOARD,
        BOARD + "?status=done",
        reverse("pledges:board_feed"),
        reverse("pledges:board_data", args=["items", "json"]),
        reverse("pledges:board_data", args=["history", "csv"]),
    ],
)
def test_board_queries_do_not_grow(client, settings, forum_index, pledge, url):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    add_forums(forum_index, pledge, 2, 3)
    few = count_queries(client, url)
    add_forums(forum_index, pledge, 6, 10)
    assert count_queries(client, url) == few
    assert few <= 16
