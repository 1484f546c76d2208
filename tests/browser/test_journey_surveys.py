"""Two residents answer the community-trust survey, one in Arabic (right to left)
and one in Vietnamese; the public results then count both. An organizer starts
next month's survey from last month's, edits and publishes it, and last month's
results stay exactly as they were."""

import json
import re
import uuid
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


SURVEY_ORGANIZERS = "Survey organizers"


def survey_organizers_group(live_site):
    """A group that may add, edit and publish surveys (not superusers)."""
    live_site.python(
        "from django.contrib.auth.models import Group, Permission\n"
        "from wagtail.models import GroupPagePermission\n"
        "from surveys.models import SurveyIndexPage\n"
        f"group, _ = Group.objects.get_or_create(name={SURVEY_ORGANIZERS!r})\n"
        "group.permissions.add(Permission.objects.get(codename='access_admin'))\n"
        "for codename in ('add_page', 'change_page', 'publish_page'):\n"
        "    GroupPagePermission.objects.get_or_create(\n"
        "        group=group, page=SurveyIndexPage.objects.first(),\n"
        "        permission=Permission.objects.get(\n"
        "            content_type__app_label='wagtailcore', codename=codename))\n"
    )


def last_months_survey(live_site):
    return json.loads(
        live_site.python(
            "import json\n"
            "from surveys.models import SurveyPage\n"
            "survey = SurveyPage.objects.live().filter(\n"
            "    slug__startswith='community-trust').order_by('-opens_at').first()\n"
            "print(json.dumps({'id': survey.pk, 'title': survey.title}))"
        )
    )


def survey_record(live_site, survey_id):
    """A survey's choices, answers and published results, as one string."""
    return live_site.python(
        "import json\n"
        "from surveys import exports\n"
        "from surveys.models import Answer, Choice, SurveyPage\n"
        f"survey = SurveyPage.objects.get(pk={survey_id})\n"
        "choices = list(Choice.objects.filter(question__page=survey).order_by('pk')\n"
        "    .values_list('pk', 'question_id', 'code', 'label_en'))\n"
        "answers = list(Answer.objects.filter(response__survey=survey)\n"
        "    .order_by('pk').values_list('pk', 'question_id', 'choice_id'))\n"
        "print(json.dumps([choices, answers, exports.aggregate_data(survey)],\n"
        "    default=str))"
    )


def test_organizer_starts_next_month_from_last_months_survey(
    live_site, make_staff, staff_page, screenshot
):
    tag = uuid.uuid4().hex[:6]
    survey_organizers_group(live_site)
    original = last_months_survey(live_site)
    before = survey_record(live_site, original["id"])
    assert json.loads(before)[1], "the demo survey has answers"
    organizer = staff_page(make_staff(f"surveyor-{tag}", groups=[SURVEY_ORGANIZERS]))

    # From last month's survey, the editor's Actions menu.
    organizer.goto(f"/admin/pages/{original['id']}/edit/")
    organizer.locator("header").get_by_role("button", name="Actions").click()
    organizer.get_by_role(
        "link", name="Start next month's survey from this one"
    ).click()
    organizer.wait_for_url(f"**/admin/surveys/{original['id']}/start-next/")
    screenshot(organizer, "01-start-next-month")
    organizer.locator("main form").get_by_role(
        "button", name="Start next month's survey from this one"
    ).click()

    # The organizer lands in the copy's editor, without dates.
    organizer.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    copy_id = int(organizer.url.rstrip("/").split("/")[-2])
    assert copy_id != original["id"]
    expect(organizer.get_by_text("This is a draft copy of")).to_be_visible()
    expect(organizer.locator("#id_opens_at")).to_have_value("")
    expect(organizer.locator("#id_closes_at")).to_have_value("")
    title = f"Community trust check-in, next month ({tag})"
    organizer.locator("#id_title_en").fill(title)
    label = organizer.locator("input[name$='-choices-0-label_en']").first
    label.fill(f"Reworded choice ({tag})")
    screenshot(organizer, "02-copy-edited")
    organizer.locator("footer .w-dropdown__toggle").first.click()
    organizer.locator("button[name=action-publish]").click()
    expect(
        organizer.locator(".messages .success, [role=status] .success").first
    ).to_be_visible()
    screenshot(organizer, "03-copy-published")

    copy = json.loads(
        live_site.python(
            "import json\n"
            "from surveys.models import Choice, SurveyPage\n"
            f"copy = SurveyPage.objects.get(pk={copy_id})\n"
            "print(json.dumps({'live': copy.live, 'title': copy.title,\n"
            "    'opens_at': str(copy.opens_at), 'codes': copy.codes.count(),\n"
            "    'choices': list(Choice.objects.filter(question__page=copy)\n"
            "        .values_list('pk', flat=True)),\n"
            f"    'reworded': Choice.objects.filter(question__page=copy,\n"
            f"        label_en='Reworded choice ({tag})').count()}}))"
        )
    )
    assert copy["live"] and copy["title"] == title
    assert copy["opens_at"] == "None" and copy["codes"] == 0
    assert copy["reworded"] == 1
    original_choices = {row[0] for row in json.loads(before)[0]}
    assert copy["choices"] and not original_choices & set(copy["choices"])
    # Last month's survey, its choices and its results are exactly as they were.
    assert survey_record(live_site, original["id"]) == before
