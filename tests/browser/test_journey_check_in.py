"""At the door, on a phone: an organizer types the code a resident shows from
their RSVP page, finds their party of three, and checks in the two who came."""

import json
import uuid

from playwright.sync_api import expect

from forums.roles import LEAD_ORGANIZERS


def forum_with_a_party(live_site):
    return json.loads(
        live_site.python(
            "import datetime, json, uuid\n"
            "from django.utils import timezone\n"
            "from forums.models import ForumIndexPage\n"
            "from tests.factories.forums import RSVPFactory, make_forum\n"
            "forum = make_forum(ForumIndexPage.objects.first(),"
            " start=timezone.now() + datetime.timedelta(hours=1),"
            " title='Door check-in forum',"
            " slug='door-' + uuid.uuid4().hex[:8])\n"
            "party = RSVPFactory(forum=forum, name='Nguyen family', party_size=3)\n"
            "RSVPFactory.create_batch(4, forum=forum)\n"
            "print(json.dumps({'forum': forum.pk, 'rsvp': party.pk,"
            " 'token': party.manage_token(), 'code': party.check_in_code_display}))\n"
        )
    )


def test_an_organizer_checks_in_part_of_a_party_by_its_code_on_a_phone(
    live_site, make_staff, staff_page, page, screenshot
):
    seeded = forum_with_a_party(live_site)

    # The resident's RSVP page shows the code and its QR image.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/en/rsvp/{seeded['token']}/")
    expect(page.locator(".check-in-code")).to_have_text(seeded["code"])
    expect(page.locator(".check-in-qr svg")).to_be_visible()
    screenshot(page, "01-resident-code")

    door = staff_page(make_staff(f"door-{uuid.uuid4().hex[:6]}", [LEAD_ORGANIZERS]))
    door.set_viewport_size({"width": 390, "height": 844})
    door.goto(f"/admin/forums/{seeded['forum']}/check-in/")
    code = door.get_by_label("Check-in code")
    code.fill(seeded["code"].lower().replace("-", " "))
    code.press("Enter")

    row = door.locator("table.listing tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nguyen family")
    screenshot(door, "02-found-by-code")
    row.get_by_label("People arrived").fill("2")
    row.get_by_role("button", name="Check in Nguyen family").click()

    expect(door.locator(".messages")).to_contain_text(
        "Checked in: Nguyen family, 2 of 3."
    )
    expect(door.get_by_label("Check-in code")).to_have_value("")
    screenshot(door, "03-checked-in")
    stored = live_site.python(
        "from forums.models import RSVP\n"
        f"r = RSVP.objects.get(pk={seeded['rsvp']})\n"
        "print(r.attended_at is not None, r.arrived_count)"
    ).split()
    assert stored == ["True", "2"]
    # Nothing scrolls sideways on the phone.
    assert door.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
