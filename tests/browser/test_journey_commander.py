"""A summary's acknowledgement deadline has passed: the scheduled job emails the
unit's commander, in Spanish, who has not acknowledged; the commander opens the
link in the email on a phone, without an account, and sees their unit's status
and nobody else's."""

import json
import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import WIDTHS


def deadline_passed_for_a_unit(live_site, tag):
    """A unit with a Spanish-reading commander and three members, sent the demo's
    summary with a deadline of yesterday: Ana acknowledged, Bruno has not, and
    Carmen's address bounced. Another unit's member has not acknowledged either."""
    return json.loads(
        live_site.python(
            "import datetime, json\n"
            "from outcomes import deadlines, sending, tokens\n"
            "from outcomes.models import (Delivery, DepartmentMember,"
            " DepartmentUnit, ForumSummaryPage)\n"
            f"tag = {tag!r}\n"
            "staff = DepartmentUnit.objects.create(name=f'Command staff {tag}')\n"
            "captain = DepartmentMember.objects.create(name='Capitana Elena Soto',"
            " email=f'captain-{tag}@police.example', unit=staff, role='Captain',"
            " preferred_language='es')\n"
            "unit = DepartmentUnit.objects.create(name=f'Harbor Patrol {tag}',"
            " commander=captain)\n"
            "other = DepartmentUnit.objects.create(name=f'Airport {tag}')\n"
            "people = {}\n"
            "for key, name, role, where in (\n"
            "    ('ana', 'Ana Ruiz', 'Sergeant', unit),\n"
            "    ('bruno', 'Bruno Díaz', 'Officer', unit),\n"
            "    ('carmen', 'Carmen Vidal', 'Detective', unit),\n"
            "    ('dan', 'Dan Park', 'Officer', other),\n"
            "):\n"
            "    people[key] = DepartmentMember.objects.create(name=name,"
            " email=f'{key}-{tag}@police.example', unit=where, role=role)\n"
            "summary = ForumSummaryPage.objects.live().first()\n"
            "created = sending.create_distribution(summary, enqueue=False,"
            " units=[unit, other], everyone=True,"
            " deadline=deadlines.today() - datetime.timedelta(days=1))\n"
            "sending.send_pending(created)\n"
            "mine = Delivery.objects.filter(distribution=created)\n"
            "tokens.acknowledge(mine.get(member=people['ana']),"
            " revision_id=summary.live_revision_id)\n"
            "mine.filter(member=people['carmen']).update(status='bounced')\n"
            "print(json.dumps({'captain': captain.email, 'unit': unit.name,"
            " 'summary': summary.title}))\n"
        )
    )


def test_commander_gets_the_deadline_notice_and_reads_the_unit_on_a_phone(
    live_site, browser, screenshot
):
    tag = uuid.uuid4().hex[:6]
    setup = deadline_passed_for_a_unit(live_site, tag)

    # The hourly job runs: one notice, and running it again sends nothing more.
    first = live_site.manage("send_acknowledgement_reminders")
    assert re.search(r"\b[1-9]\d* commander notices", first), first
    assert live_site.manage("send_acknowledgement_reminders") == (
        "0 reminders sent, 0 commander notices.\n"
    )
    (notice,) = live_site.emails_to(setup["captain"])
    assert str(notice["Subject"]).startswith(setup["unit"])
    body = notice.get_body(preferencelist=("plain",)).get_content()
    listed = re.findall(r"^- (.+)$", body, flags=re.M)
    assert len(listed) == 2 and listed[0] == "\u2068Bruno Díaz\u2069 (Officer)"
    assert listed[1].startswith(
        "\u2068Carmen Vidal\u2069 (Detective): "
    )  # did not reach her
    assert "Ana Ruiz" not in body and "Dan Park" not in body
    (link,) = re.findall(r"https?://\S+/forum-summary/unit/\S+/", body)
    assert link.startswith(f"{live_site.url}/es/")

    # The commander opens it on a phone, signed in to nothing.
    width, height = WIDTHS["phone"]
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=True
    )
    try:
        phone = context.new_page()
        response = phone.goto(link)
        assert response.status == 200
        assert response.headers["cache-control"] == "private, no-store"
        expect(phone.locator("html")).to_have_attribute("lang", "es")
        expect(phone.locator("h1")).to_contain_text(setup["unit"])
        main = phone.locator("main")
        waiting = main.locator("section", has=phone.locator("#unit-waiting"))
        expect(waiting.locator("li")).to_have_text(["Bruno Díaz (Officer)"])
        unreached = main.locator("section", has=phone.locator("#unit-unreached"))
        expect(unreached.locator("li")).to_have_text(["Carmen Vidal (Detective)"])
        acknowledged = main.locator("section", has=phone.locator("#unit-acknowledged"))
        expect(acknowledged.locator("li")).to_have_count(1)
        expect(acknowledged.locator("li")).to_contain_text("Ana Ruiz (Sergeant)")
        expect(main).not_to_contain_text("Dan Park")
        # Nothing wider than the phone: no sideways scrolling to read the list.
        assert phone.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(phone, "01-unit-status")

        # A link changed by one character shows nobody.
        token = link.rstrip("/").rsplit("/", 1)[1]
        changed = link.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
        response = phone.goto(changed)
        assert response.status == 403
        expect(phone.locator("h1")).to_be_visible()
        expect(phone.locator("main")).not_to_contain_text("Bruno")
        screenshot(phone, "02-changed-link")
    finally:
        context.close()
