"""A mayor's office posts progress, with evidence, on its own city's commitment;
the public page shows it; the other city's pledge stays closed to it."""

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
