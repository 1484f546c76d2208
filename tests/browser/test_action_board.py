"""An organizer closes a demo action item from Admin → Action items with a note;
a resident finds the board from the footer, filters it without JavaScript and
reads the closing note in the item's history. axe finds nothing on the board,
its error state or its open data page, left to right and right to left."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from forums.roles import ORGANIZERS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
NOTE = "The lamps on the library path were replaced on Monday."


def open_item(live_site):
    return json.loads(
        live_site.python(
            "import json\n"
            "from outcomes.models import ActionItem\n"
            "item = ActionItem.objects.filter(summary__live=True, status='open')"
            ".order_by('pk').first()\n"
            "print(json.dumps({'id': item.pk, 'description': item.description,"
            " 'forum': item.summary.forum_id}))\n"
        )
    )


def test_organizer_closes_an_item_and_residents_see_it(
    live_site, make_staff, staff_page, browser
):
    item = open_item(live_site)
    organizer = staff_page(make_staff("board-organizer", groups=[ORGANIZERS]))
    assert organizer.locator('a[href="/admin/action-items/"]').count()
    organizer.goto("/admin/action-items/")
    organizer.get_by_role("link", name=item["description"][:120]).click()
    organizer.select_option("#id_status", "done")
    organizer.locator("button[type=submit]", has_text="Record the update").click()
    expect(organizer.get_by_text("Closing an item needs a note")).to_be_visible()
    organizer.select_option("#id_status", "done")
    organizer.fill("#id_note_en", NOTE)
    organizer.locator("button[type=submit]", has_text="Record the update").click()
    organizer.wait_for_url(f"**/admin/action-items/{item['id']}/")
    recorded = organizer.get_by_text("The update was recorded and is public.")
    expect(recorded).to_be_visible()

    context = browser.new_context(base_url=live_site.url, java_script_enabled=False)
    resident = context.new_page()
    resident.goto("/en/")
    resident.locator("footer").get_by_role("link", name="You said, we did").click()
    resident.wait_for_url("**/en/you-said-we-did/")
    resident.select_option("#id_status", "done")
    resident.select_option("#id_forum", str(item["forum"]))
    resident.get_by_role("button", name="Show action items").click()
    resident.wait_for_url(
        f"**/en/you-said-we-did/?status=done&unit=&forum={item['forum']}"
    )
    card = resident.locator(f"#item-{item['id']}")
    assert card.locator(".action-status").inner_text() == "Done"
    assert NOTE in card.locator(".action-board__history").inner_text()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/en/you-said-we-did/",
        "/ar/you-said-we-did/",
        "/en/you-said-we-did/?unit=x",
        "/ar/you-said-we-did/?forum=x",
        "/en/you-said-we-did/data/",
        "/ar/you-said-we-did/data/",
    ],
)
def test_no_axe_violations_on_the_board(page, path):
    page.goto(path)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, json.dumps(violations, indent=1)[:4000]
