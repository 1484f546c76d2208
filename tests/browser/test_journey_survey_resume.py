"""A resident answers the demo survey in pages, saves half-way and has the link
emailed, then opens it in another browser, finds their answers, goes back a
page, and sends the survey. Nothing is stored before the end, the draft is gone
after it, and the address they typed is kept nowhere."""

import json
import re

from playwright.sync_api import expect

SURVEY = "/en/surveys/walking-after-dark/"
ADDRESS = "resumer.journey@example.org"


def stored(live_site):
    return json.loads(
        live_site.python(
            "import json\n"
            "from surveys.models import Response, SurveyDraft, SurveyPage\n"
            "survey = SurveyPage.objects.get(slug='walking-after-dark')\n"
            "drafts = list(SurveyDraft.objects.values_list('data', flat=True))\n"
            "print(json.dumps({\n"
            "    'responses': Response.objects.filter(survey=survey).count(),\n"
            "    'drafts': len(drafts),\n"
            f"    'address_kept': {ADDRESS!r} in json.dumps(drafts),\n"
            "}))"
        )
    )


def test_save_half_way_and_resume_from_the_emailed_link(
    browser, page, live_site, screenshot
):
    before = stored(live_site)
    page.goto(SURVEY)
    expect(page.locator("#survey-progress")).to_have_text("Step 1 of 3")
    expect(page.locator("progress")).to_have_attribute("value", "1")

    # Next without the required answer: told on the same page.
    page.locator("button[name=nav][value=next]").click()
    expect(page.locator("#survey-progress")).to_have_text("Step 1 of 3")
    expect(page.locator(".survey-question .errorlist")).to_contain_text(
        "Please answer this question."
    )
    page.get_by_label("Sometimes").check()
    page.locator("button[name=nav][value=next]").click()
    expect(page.locator("#survey-progress")).to_have_text("Step 2 of 3")
    questions = page.locator(".survey-question")
    questions.nth(0).locator("input[type=radio]").nth(1).check()
    questions.nth(1).locator("input[type=text]").fill("The underpass on 5th")
    screenshot(page, "01-page-two-filled")

    page.locator("button[name=nav][value=save]").click()
    expect(page.locator(".message--success")).to_contain_text("saved until")
    link = page.locator("#resume-link").input_value()
    assert "/survey-resume/" in link
    page.get_by_label("Your email address").fill(ADDRESS)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("status").last).to_contain_text("the link is on its way")
    screenshot(page, "02-saved-and-emailed")
    assert stored(live_site)["responses"] == before["responses"]

    [message] = live_site.emails_to(ADDRESS)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"https?://\S+/survey-resume/\S+/", body).group(0) == link

    # Later, on another device: the link opens page 2 with the answers there.
    context = browser.new_context(base_url=live_site.url)
    try:
        other = context.new_page()
        other.goto(link)
        expect(other.locator("#survey-progress")).to_have_text("Step 2 of 3")
        resumed = other.locator(".survey-question")
        expect(resumed.nth(0).locator("input[type=radio]").nth(1)).to_be_checked()
        expect(resumed.nth(1).locator("input[type=text]")).to_have_value(
            "The underpass on 5th"
        )
        screenshot(other, "03-resumed")
        other.locator("button[name=nav][value=back]").click()
        expect(other.locator("#survey-progress")).to_have_text("Step 1 of 3")
        expect(other.get_by_label("Sometimes")).to_be_checked()
        other.locator("button[name=nav][value=next]").click()
        expect(other.locator("#survey-progress")).to_have_text("Step 2 of 3")
        other.locator("button[name=nav][value=next]").click()
        expect(other.locator("#survey-progress")).to_have_text("Step 3 of 3")
        other.locator(".survey-question").nth(0).locator("input[type=radio]").nth(
            0
        ).check()
        screenshot(other, "04-last-page")
        other.locator("form.survey-form button[type=submit]:not([name])").click()
        expect(other.locator(".message--success")).to_be_visible()
        screenshot(other, "05-thanks")

        after = stored(live_site)
        assert after["responses"] == before["responses"] + 1
        assert after["drafts"] == before["drafts"] and not after["address_kept"]

        # This browser has answered; elsewhere, the link is spent with the draft.
        other.goto(link)
        expect(other.locator("p.notice")).to_contain_text("already answered")
    finally:
        context.close()
    page.goto(link)
    expect(page.locator(".message--error")).to_contain_text(
        "We have no saved answers for this link"
    )
