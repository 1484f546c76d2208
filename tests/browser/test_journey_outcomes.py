"""An organizer writes a forum summary with an action item and submits it; a lead
organizer approves it from the page editor, which publishes it and tells the
residents who came, with a link to the live page on the served address; the
organizer distributes it to the department and reads the delivery report. Both
sign in through allauth with their TOTP code."""

import json
import re
import uuid

from playwright.sync_api import expect

from forums.roles import LEAD_ORGANIZERS, ORGANIZERS


def held_forum(live_site, resident):
    """A forum that took place three days ago, has no summary yet, and one
    resident who RSVPed."""
    return json.loads(
        live_site.python(
            "import datetime, json, uuid\n"
            "from django.utils import timezone\n"
            "from forums.models import ForumIndexPage\n"
            "from tests.factories.forums import RSVPFactory, make_forum\n"
            "forum = make_forum(ForumIndexPage.objects.first(),"
            " start=timezone.now() - datetime.timedelta(days=3),"
            " title='Westside listening session',"
            " slug='westside-' + uuid.uuid4().hex[:8])\n"
            f"RSVPFactory(forum=forum, email={resident!r}, language='en')\n"
            "print(json.dumps({'id': forum.pk, 'url': forum.url}))\n"
        )
    )


def summary_state(live_site, forum_id):
    return json.loads(
        live_site.python(
            "import json\n"
            "from outcomes.models import ForumSummaryPage\n"
            f"s = ForumSummaryPage.objects.get(forum_id={forum_id})\n"
            "state = s.workflow_states.order_by('-created_at').first()\n"
            "print(json.dumps({'id': s.pk, 'live': s.live, 'url': s.url,"
            " 'workflow': state.status if state else None,"
            " 'items': list(s.action_items.values_list('description', flat=True)),"
            " 'distributions': s.distributions.count()}))\n"
        )
    )


def footer_action(page, label):
    """Press a button from the editor's footer menu (next to "Save draft")."""
    button = page.locator("footer").get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").first.click()
    button.click()


def follow_admin_link(page, name):
    """Open the "Actions" menu in the page editor's header and follow ``name``."""
    page.locator("header").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name=name).click()


def type_rich_text(page, field, text):
    editor = page.locator(f"#id_{field}").locator("xpath=..")
    editor.locator("[contenteditable=true]").click()
    page.keyboard.type(text)


def test_summary_is_written_reviewed_published_and_distributed(
    live_site, make_staff, staff_page, page, screenshot
):
    tag = uuid.uuid4().hex[:6]
    resident = f"resident-{tag}@example.org"
    forum = held_forum(live_site, resident)
    organizer = staff_page(make_staff(f"organizer-{tag}", groups=[ORGANIZERS]))
    lead = staff_page(make_staff(f"lead-{tag}", groups=[LEAD_ORGANIZERS]))

    # The organizer writes the summary from the forum's "Write the summary" link.
    organizer.goto(f"/admin/pages/{forum['id']}/edit/")
    follow_admin_link(organizer, "Write the summary")
    organizer.wait_for_url(f"**/add/outcomes/forumsummarypage/{forum['id']}/")
    organizer.locator("#id_title_en").fill(f"What we heard in Westside ({tag})")
    organizer.locator("#id_residents_attended").fill("18")
    organizer.locator("#id_walk_ins").fill("4")
    organizer.locator("#id_officers_attended").fill("3")
    type_rich_text(organizer, "concerns_en", "Dark paths in Westside park.")
    action_item = f"Ask Public Works to light the park paths ({tag})"
    organizer.locator("#id_action_items-ADD").click()
    organizer.locator("#id_action_items-0-description_en").fill(action_item)
    organizer.locator("#id_action_items-0-due_date").fill("2027-01-15")
    organizer.keyboard.press("Escape")  # close the date picker
    # Moving to the next field also closes the date picker.
    organizer.locator("#id_action_items-0-responsible_person").fill("Lt. Rivera")
    organizer.locator("#id_action_items-0-status").select_option("open")
    # A click outside the date picker closes it; left open, it covers the footer.
    organizer.locator("#id_title_en").click()
    expect(organizer.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    # Wagtail may autosave the new page (and move the editor to its edit URL); a
    # submit sent while that first autosave is in flight fails (see the report),
    # so let any autosave finish first.
    organizer.wait_for_timeout(1500)
    organizer.wait_for_load_state("networkidle")
    screenshot(organizer, "01-summary-form")
    footer_action(organizer, "Submit to Forum summary review")
    expect(organizer.locator(".messages .success").first).to_be_visible()
    screenshot(organizer, "02-submitted")

    state = summary_state(live_site, forum["id"])
    assert state["live"] is False
    assert state["workflow"] == "in_progress"
    assert state["items"] == [action_item]

    # The lead organizer opens it for review and approves it, which publishes it.
    lead.goto(f"/admin/pages/{state['id']}/edit/")
    screenshot(lead, "03-review")
    footer_action(lead, "Approve and Publish")
    expect(lead.locator(".messages .success").first).to_be_visible()
    screenshot(lead, "04-approved")
    state = summary_state(live_site, forum["id"])
    assert state["live"] is True
    assert state["workflow"] == "approved"

    # The resident was told once, with a link to the live page on this server.
    (notice,) = live_site.emails_to(resident)
    body = notice.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"https?://\S+", body)
    summary_link = live_site.url + state["url"]
    assert summary_link in links
    response = page.goto(summary_link)  # a resident, not signed in
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(f"What we heard in Westside ({tag})")

    # The organizer distributes it to the whole department.
    organizer.goto(f"/admin/pages/{state['id']}/edit/")
    follow_admin_link(organizer, "Distribute to the department")
    organizer.wait_for_url(f"**/admin/forums/summaries/{state['id']}/distribute/")
    screenshot(organizer, "05-distribute")
    organizer.locator("main form button[type=submit]").last.click()
    organizer.wait_for_url("**/admin/forums/distributions/*/")
    report = organizer.locator("main")
    expect(report).to_contain_text(f"What we heard in Westside ({tag})")
    expect(report).to_contain_text("Totals")
    expect(report.get_by_role("table").first).to_contain_text("Sent")
    screenshot(organizer, "06-delivery-report")
    assert summary_state(live_site, forum["id"])["distributions"] == 1
    deliveries = live_site.python(
        "from outcomes.models import Distribution\n"
        f"d = Distribution.objects.get(summary_id={state['id']})\n"
        "print(d.deliveries.count())"
    )
    assert int(deliveries) > 0
