"""The demo (``make run`` loads it) fills the board: items of every status, the
closed ones with a dated history and a closing note, and running it again adds
no update twice."""

import io

from django.db.models import Count

from forums.demo import build_demo as load_forum_demo
from outcomes.demo import build_demo as load_outcome_demo
from outcomes.models import ActionItem, ActionItemUpdate, ActionStatus

BOARD = "/en/you-said-we-did/"


def test_demo_fills_the_board(client, demo_site):
    load_forum_demo(demo_site, io.StringIO())
    load_outcome_demo(demo_site, io.StringIO())
    updates = ActionItemUpdate.objects.count()
    load_outcome_demo(demo_site, io.StringIO())
    assert ActionItemUpdate.objects.count() == updates > 0
    statuses = set(ActionItem.objects.values_list("status", flat=True))
    assert {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DECLINED} <= statuses
    closed = ActionItem.objects.filter(
        status__in=[ActionStatus.DONE, ActionStatus.DECLINED]
    ).annotate(n=Count("updates"))
    assert all(item.n and item.closed_on and item.closing_note for item in closed)
    page = client.get(BOARD)
    assert page.status_code == 200
    assert page.text.count('class="card action-board__item"') == min(
        ActionItem.objects.filter(summary__live=True).count(), 25
    )
    assert "Done, and reported back at the next forum." in page.text
    assert (
        "Hecho, y se informó en el foro siguiente."
        in client.get("/es/you-said-we-did/").text
    )
