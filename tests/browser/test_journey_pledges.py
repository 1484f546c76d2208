"""A mayor's office posts progress, with evidence, on its own city's commitment;
the public page shows it; the other city's pledge stays closed to it."""

import hashlib
import json
import uuid

from playwright.sync_api import expect


def pledge_pages(live_site):
    """Both demo pledges with their first commitment and mayor's office group."""
    return json.loads(
        live_site.python(
            "import json\n"
            "from pledges.models import CommitmentPage, MayorsOffice, PledgePage\n"
            "out = {}\n"
            "for pledge in PledgePage.objects.live():\n"
            "    commitment = CommitmentPage.objects.child_of(pledge).live().first()\n"
            "    out[pledge.slug] = {\n"
            "        'id': pledge.pk, 'url': pledge.url,\n"
            "        'commitment': commitment.pk, 'commitment_url': commitment.url,\n"
            "        'group': MayorsOffice.objects.get(pledge=pledge).group.name}\n"
            "print(json.dumps(out))\n"
        )
    )


def test_mayors_office_posts_progress_on_its_own_pledge_only(
    page, live_site, make_staff, staff_page, screenshot
):
    pledges = pledge_pages(live_site)
    own, other = pledges["riverton"], pledges["port-alder"]
    office = make_staff(f"mayor-{uuid.uuid4().hex[:6]}", groups=[own["group"]])
    admin = staff_page(office)
    screenshot(admin, "01-admin-dashboard")

    # From the commitment's page in the admin explorer, add a progress update.
    admin.goto(f"/admin/pages/add/pledges/progressupdatepage/{own['commitment']}/")
    expect(admin.locator("#id_status")).to_be_visible()
    tag = uuid.uuid4().hex[:6]
    note = f"The review board held its first public hearing ({tag})."
    admin.locator("#id_status").select_option("in_progress")
    admin.locator("#id_percentage").fill("55")
    admin.locator("#id_explanation_en").fill(note)
    admin.locator("#id_evidence-ADD").click()
    admin.locator("#id_evidence-0-title_en").fill(f"Hearing minutes {tag}")
    admin.locator("#id_evidence-0-url").fill(
        f"https://example.org/hearing-minutes-{tag}"
    )
    screenshot(admin, "02-update-form")
    # "Publish" sits in the menu next to "Save draft".
    admin.locator("footer .w-dropdown__toggle").first.click()
    admin.locator("button[name=action-publish]").click()
    expect(
        admin.locator(".messages .success, [role=status] .success").first
    ).to_be_visible()
    screenshot(admin, "03-published")

    # The public commitment page shows the new update and its evidence.
    page.goto(own["commitment_url"])
    expect(page.get_by_text(note)).to_be_visible()
    evidence = page.get_by_role("link", name=f"Hearing minutes {tag}")
    expect(evidence).to_have_attribute(
        "href", f"https://example.org/hearing-minutes-{tag}"
    )
    screenshot(page, "04-public-commitment")
    expect(page.locator("progress[value='55']").first).to_be_attached()

    # The other city's pledge: the edit page and the update form are refused.
    for path in (
        f"/admin/pages/{other['id']}/edit/",
        f"/admin/pages/add/pledges/progressupdatepage/{other['commitment']}/",
    ):
        response = admin.goto(path)
        refused = response.status == 403 or not admin.url.endswith(path)
        assert refused, f"{path} answered {response.status} at {admin.url}"
        expect(admin.locator("#id_status")).to_have_count(0)
    expect(admin.get_by_text("permission", exact=False).first).to_be_visible()
    screenshot(admin, "05-refused")
    assert (
        live_site.python(
            "from pledges.models import ProgressUpdatePage\n"
            f"print(ProgressUpdatePage.objects.filter(commitment_id={other['commitment']},"
            f" explanation={note!r}).count())"
        ).strip()
        == "0"
    )


def commitment_facts(live_site, commitment_id):
    """The commitment's address in each language, its pledge, and a fingerprint of
    the picture drawn from what it says now, in Spanish and in Arabic."""
    return json.loads(
        live_site.python(
            "import hashlib, json\n"
            "from django.utils import translation\n"
            "from engage.templatetags.engage_tags import format_date\n"
            "from pledges.models import CommitmentPage, PledgePage\n"
            "from pledges.share_image import draw_commitment\n"
            "c = CommitmentPage.objects.with_progress()"
            f".get(pk={commitment_id})\n"
            "p = PledgePage.objects.get(path=c.path[: -c.steplen])\n"
            "out = {'pledge': p.pk}\n"
            "for code in ('es', 'ar'):\n"
            "    with translation.override(code):\n"
            "        png = draw_commitment(c, p, code).png()\n"
            "        target = format_date(c.target_date) if c.target_date else ''\n"
            "        out[code] = {'url': c.url, 'target': target,\n"
            "            'picture': hashlib.sha256(png).hexdigest()}\n"
            "print(json.dumps(out))\n"
        )
    )


def publish(admin):
    # "Publish" sits in the menu next to "Save draft".
    admin.locator("footer .w-dropdown__toggle").first.click()
    admin.locator("button[name=action-publish]").click()
    expect(
        admin.locator(".messages .success, [role=status] .success").first
    ).to_be_visible()


def test_a_moved_deadline_and_an_evidenced_update_show_everywhere_in_es_and_ar(
    page, live_site, make_staff, staff_page, screenshot
):
    own = pledge_pages(live_site)["riverton"]
    commitment = own["commitment"]
    tag = uuid.uuid4().hex[:6]
    office = make_staff(f"mayor-{tag}", groups=[own["group"]])
    organizer = make_staff(f"organizer-{tag}", groups=["Moderators"])
    before = commitment_facts(live_site, commitment)
    picture_path = {
        code: f"/{code}/pledge-share/commitment-{commitment}.png"
        for code in ("es", "ar")
    }
    pictures_before = {
        code: hashlib.sha256(page.request.get(path).body()).hexdigest()
        for code, path in picture_path.items()
    }

    # The office moves the deadline with a reason: a draft, since a target date
    # is published by an organizer.
    reason = f"The council moved the budget vote to next year ({tag})."
    admin = staff_page(office)
    admin.goto(f"/admin/pages/{commitment}/edit/")
    admin.locator("#id_target_date").fill("2027-12-31")
    admin.locator("#id_target_date").press("Escape")
    admin.locator("#id_change_reason").fill(reason)
    screenshot(admin, "01-deadline-moved-with-reason")
    # "Save draft", by its keyboard shortcut: the date picker may still cover it.
    admin.locator("#id_change_reason").press("Control+s")
    expect(
        admin.locator(".messages .success, [role=status] .success").first
    ).to_be_visible()
    reviewer = staff_page(organizer)
    reviewer.goto(f"/admin/pages/{commitment}/edit/")
    expect(reviewer.locator("#id_change_reason")).to_have_value(reason)
    publish(reviewer)
    screenshot(reviewer, "02-organizer-published")

    # The office posts an evidenced update.
    note = f"The review board held its first public hearing ({tag})."
    evidence_url = f"https://example.org/hearing-minutes-{tag}"
    admin.goto(f"/admin/pages/add/pledges/progressupdatepage/{commitment}/")
    admin.locator("#id_status").select_option("in_progress")
    admin.locator("#id_percentage").fill("55")
    admin.locator("#id_explanation_en").fill(note)
    admin.locator("#id_evidence-ADD").click()
    admin.locator("#id_evidence-0-title_en").fill(f"Hearing minutes {tag}")
    admin.locator("#id_evidence-0-url").fill(evidence_url)
    publish(admin)
    screenshot(admin, "03-update-published")

    after = commitment_facts(live_site, commitment)
    pledge = after["pledge"]
    for code in ("es", "ar"):
        facts = after[code]
        assert facts["target"] != before[code]["target"]

        # The public page: the change with its reason, the update, its evidence.
        page.goto(facts["url"])
        expect(page.locator("html")).to_have_attribute("lang", code)
        changes = page.locator("#changes")
        expect(changes).to_contain_text(reason)
        expect(changes).to_contain_text(facts["target"])
        expect(page.get_by_text(note)).to_be_visible()
        expect(page.locator(f'a[href="{evidence_url}"]')).to_be_visible()
        expect(page.locator(".pledge-chart svg[role=img]")).to_be_visible()
        expect(page.locator(".pledge-chart tbody tr").last).to_contain_text("55")
        screenshot(page, f"04-public-commitment-{code}")

        # The feed carries both the amendment and the update.
        feed = page.request.get(f"/{code}/pledge-feeds/{pledge}.atom").text()
        assert reason in feed
        assert note in feed
        assert evidence_url in feed

        # The open data: the current terms and the history of both.
        progress = page.request.get(f"/{code}/pledge-data/{pledge}.json").json()
        record = next(
            r for r in progress["commitments"] if r["commitment_id"] == commitment
        )
        assert (record["target_date"], record["percentage"]) == ("2027-12-31", 55)
        history = page.request.get(f"/{code}/pledge-data/{pledge}/history.json")
        events = history.json()["history"]
        moved = [
            e
            for e in events
            if e["kind"] == "amendment" and e["commitment_id"] == commitment
        ]
        assert [(e["term"], e["new_value"], e["reason"]) for e in moved] == [
            ("target_date", "2027-12-31", reason)
        ]
        posted = [e for e in events if e["explanation"] == note]
        assert [(e["new_percentage"], e["evidence_urls"]) for e in posted] == [
            (55, [evidence_url])
        ]

        # The share picture in the page's language is redrawn from the new terms.
        served = page.request.get(picture_path[code])
        assert served.headers["content-type"] == "image/png"
        drawn = hashlib.sha256(served.body()).hexdigest()
        assert drawn == facts["picture"]
        assert drawn != pictures_before[code]
        page.goto(picture_path[code])
        screenshot(page, f"05-share-picture-{code}")
