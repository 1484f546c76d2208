"""Forum night on phones: three residents send questions in Spanish, Korean and
Arabic from the short link; a moderator approves two, the projector screen shows
them in their own languages, and afterwards they go into the summary draft."""

import json
import uuid

from playwright.sync_api import expect

from forums.roles import LEAD_ORGANIZERS

PHONE = {"width": 390, "height": 844}
QUESTIONS = {
    "es": "¿Cuándo habrá más patrullas a pie en el centro?",
    "ko": "공원 근처 가로등은 언제 고쳐지나요?",
    "ar": "كيف يمكننا الإبلاغ عن السرعة الزائدة قرب المدرسة؟",
}


def tonights_forum(live_site):
    return json.loads(
        live_site.python(
            "import datetime, json, uuid\n"
            "from django.utils import timezone\n"
            "from forums.models import ForumIndexPage\n"
            "from tests.factories.forums import make_forum\n"
            "from tests.factories.outcomes import make_summary\n"
            "forum = make_forum(ForumIndexPage.objects.first(),"
            " start=timezone.now() - datetime.timedelta(minutes=20),"
            " title='Live questions forum',"
            " slug='questions-' + uuid.uuid4().hex[:8])\n"
            "make_summary(forum, publish=False)\n"
            "print(json.dumps({'forum': forum.pk}))\n"
        )
    )


def send_from_a_phone(browser, live_site, language, code, text):
    context = browser.new_context(base_url=live_site.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    phone.goto(f"/{language}/q/{code}/")
    expect(phone.locator("select[name=language]")).to_have_value(language)
    phone.locator("textarea[name=text]").fill(text)
    phone.locator("form.question-form button[type=submit]").click()
    phone.wait_for_url(f"**/{language}/q/{code}/received/")
    expect(phone.locator("h1")).to_be_visible()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    context.close()


def test_questions_from_phones_reach_the_screen_and_the_summary(
    live_site, browser, make_staff, staff_page, screenshot
):
    seeded = tonights_forum(live_site)
    moderator = staff_page(make_staff(f"mod-{uuid.uuid4().hex[:6]}", [LEAD_ORGANIZERS]))
    moderator.set_viewport_size(PHONE)
    moderator.goto(f"/admin/forums/{seeded['forum']}/")
    moderator.get_by_role("link", name="Live questions").click()
    moderator.get_by_role("button", name="Open questions").click()
    expect(moderator.locator(".messages")).to_contain_text("Questions are open.")
    code = live_site.python(
        "from questions.models import QuestionBoard\n"
        f"print(QuestionBoard.objects.get(forum_id={seeded['forum']}).code)"
    ).strip()
    expect(moderator.locator("main")).to_contain_text(f"/q/{code}/")

    for language, text in QUESTIONS.items():
        send_from_a_phone(browser, live_site, language, code, text)

    moderator.reload()
    for language in ("es", "ar"):
        text = moderator.locator(".question-card__text", has_text=QUESTIONS[language])
        card = moderator.locator("li.question-card", has=text)
        card.get_by_role("button", name="Approve").click()
        expect(card.get_by_role("button", name="Approve")).to_have_count(0)
    screenshot(moderator, "01-moderator")
    screen_url = moderator.get_by_role(
        "link", name="Open the projector screen"
    ).get_attribute("href")

    context = browser.new_context(
        base_url=live_site.url, viewport={"width": 1280, "height": 720}
    )
    projector = context.new_page()
    projector.goto(screen_url)
    shown = projector.locator(".question-screen__text")
    expect(shown).to_have_count(2)
    expect(
        projector.locator('.question-screen__text[lang="es"][dir="ltr"]')
    ).to_have_text(QUESTIONS["es"])
    expect(
        projector.locator('.question-screen__text[lang="ar"][dir="rtl"]')
    ).to_have_text(QUESTIONS["ar"])
    expect(projector.locator("body")).not_to_contain_text(QUESTIONS["ko"])
    expect(projector.locator(".question-screen__qr svg")).to_be_visible()
    screenshot(projector, "02-projector")
    context.close()

    moderator.get_by_role(
        "button", name="Add approved questions to the summary draft"
    ).click()
    expect(moderator.locator(".messages")).to_contain_text(
        "2 questions added to the summary draft."
    )
    concerns = live_site.python(
        "from outcomes.models import ForumSummaryPage\n"
        f"summary = ForumSummaryPage.objects.get(forum_id={seeded['forum']})\n"
        "print(summary.live, summary.get_latest_revision_as_object().concerns)"
    )
    assert concerns.startswith("False ")
    assert QUESTIONS["es"] in concerns and QUESTIONS["ar"] in concerns
    assert QUESTIONS["ko"] not in concerns
