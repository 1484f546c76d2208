"""At the door, on a phone: an organizer types the code a resident shows from
their RSVP page, finds their party of three, and checks in the two who came; or
scans it with the phone's camera where the browser can read QR codes."""

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


# Headless Chromium on Linux has no camera and no BarcodeDetector: the test gives
# the page a detector that "sees" the resident's QR code in whatever the camera
# shows, and a camera made from a canvas. What runs for real is the page's own
# script: the button it reveals, the stream it plays, the form it sends.
FAKE_DETECTOR = """
window.BarcodeDetector = class {
  constructor(options) {
    sessionStorage.setItem("formats", JSON.stringify(options.formats));
  }
  detect(video) {
    const playing = video.srcObject instanceof MediaStream && !video.paused;
    return Promise.resolve(playing ? [{ rawValue: %s }] : []);
  }
};
"""
CANVAS_CAMERA = """() => {
  navigator.mediaDevices.getUserMedia = () => {
    const canvas = document.createElement("canvas");
    canvas.getContext("2d").fillRect(0, 0, 64, 48);
    return Promise.resolve(canvas.captureStream(10));
  };
}"""
REFUSED_CAMERA = """() => {
  navigator.mediaDevices.getUserMedia = () =>
    Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
}"""


def test_the_camera_reads_the_code_where_the_browser_can_and_typing_is_offered(
    live_site, make_staff, staff_page
):
    seeded = forum_with_a_party(live_site)
    door = staff_page(make_staff(f"scan-{uuid.uuid4().hex[:6]}", [LEAD_ORGANIZERS]))
    door.set_viewport_size({"width": 390, "height": 844})
    check_in = f"/admin/forums/{seeded['forum']}/check-in/"
    scan = door.get_by_role("button", name="Scan with the camera")

    # Where the browser cannot read QR codes, only typing is offered.
    door.goto(check_in)
    expect(door.get_by_label("Check-in code")).to_be_visible()
    expect(scan).to_have_count(0)

    raw_code = seeded["code"].replace("-", "")
    door.context.add_init_script(FAKE_DETECTOR % json.dumps(raw_code))
    door.goto(check_in)

    # A camera the organizer refused: a plain message, and the code box to type in.
    door.evaluate(REFUSED_CAMERA)
    scan.click()
    expect(door.locator("[data-scan-status]")).to_have_text(
        "The camera could not be used here. Type the code instead."
    )
    expect(door.get_by_label("Check-in code")).to_be_focused()

    # A camera that works: the code it reads is looked up like a typed one.
    door.evaluate(CANVAS_CAMERA)
    with door.expect_navigation():
        scan.click()
    row = door.locator("table.listing tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nguyen family")
    assert door.evaluate("sessionStorage.getItem('formats')") == '["qr_code"]'
