"""Two residents answer the community-trust survey, one in Arabic (right to left)
and one in Vietnamese; the public results then count both."""

import json
from urllib.parse import urlsplit

from playwright.sync_api import expect


def find_trust_survey(page, language):
    """Open the open community-trust survey from the home page in ``language``."""
    page.goto(f"/{language}/")
    link = page.locator("section.surveys-home a[href*='community-trust']").first
    link.click()
    expect(page.locator("form.survey-form")).to_be_visible()
    return urlsplit(page.url).path.split("/", 2)[2]  # "surveys/<slug>/"


def response_count(page, survey_path):
    page.goto(f"/en/{survey_path}results/")
    return int(page.locator("dl.survey-summary dd").first.inner_text().strip())


def stored_languages(live_site, survey_path):
    slug = survey_path.rstrip("/").rsplit("/", 1)[-1]
    output = live_site.python(
        "import json\n"
        "from collections import Counter\n"
        "from surveys.models import SurveyPage\n"
        f"survey = SurveyPage.objects.get(slug={slug!r})\n"
        "languages = survey.responses.values_list('language', flat=True)\n"
        "print(json.dumps(Counter(languages)))"
    )
    return json.loads(output)


def answer(page, comment):
    """Agree with question 1, rate safety 4, answer yes, pick two priorities and
    leave a comment, then send."""
    questions = page.locator(".survey-question")
    questions.nth(0).locator("input[type=radio]").nth(3).check()
    questions.nth(1).locator("input[type=radio]").nth(3).check()
    questions.nth(2).locator("input[type=radio]").nth(0).check()
    priorities = questions.nth(3).locator("input[type=checkbox]")
    priorities.nth(0).check()
    priorities.nth(1).check()
    questions.nth(4).locator("textarea").fill(comment)


def test_arabic_and_vietnamese_answers_are_counted_together(
    browser, page, live_site, screenshot
):
    survey_path = find_trust_survey(page, "ar")
    before = response_count(page, survey_path)
    languages_before = stored_languages(live_site, survey_path)

    # A resident reading Arabic: the page is right to left.
    page.goto(f"/ar/{survey_path}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    answer(page, "نحتاج إلى إنارة أفضل في الحديقة.")
    screenshot(page, "01-arabic-filled")
    page.locator("form.survey-form button[type=submit]:not([name])").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, "02-arabic-thanks")

    # Another resident, in their own browser, reads Vietnamese: left to right.
    context = browser.new_context(base_url=live_site.url)
    try:
        other = context.new_page()
        assert find_trust_survey(other, "vi") == survey_path
        expect(other.locator("html")).to_have_attribute("lang", "vi")
        expect(other.locator("html")).not_to_have_attribute("dir", "rtl")
        answer(other, "Cần thêm thông dịch viên tiếng Việt.")
        screenshot(other, "03-vietnamese-filled")
        other.locator("form.survey-form button[type=submit]:not([name])").click()
        expect(other.locator(".message--success")).to_be_visible()
        screenshot(other, "04-vietnamese-thanks")
    finally:
        context.close()

    assert response_count(page, survey_path) == before + 2
    screenshot(page, "05-results")
    languages_after = stored_languages(live_site, survey_path)
    assert languages_after.get("ar", 0) == languages_before.get("ar", 0) + 1
    assert languages_after.get("vi", 0) == languages_before.get("vi", 0) + 1
