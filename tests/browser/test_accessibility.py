"""axe-core on every public page type in English and Arabic (left to right and
right to left), and on the pages whose wording differs most in Spanish, Chinese,
Vietnamese and Korean, plus the checks axe cannot make: that colour never
carries meaning alone and that images have alt text.

The page structure is the same in every language; what a language changes is
its words, their length and script, and the ``lang``/``dir`` of the page and of
each fallback block. Every page in all six languages ran clean in CI until the
suite outgrew its 15 minutes; ``AXE_EVERY_LANGUAGE=1`` runs that whole matrix
again (do it before a release).

axe-core comes bundled in `axe_playwright_python`, so nothing is fetched while the
tests run. One browser context per language is shared by that language's tests to
keep the run short; each test still loads its own page.
"""

import json
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from engage.i18n import LANGUAGE_CODES

LANGUAGES = LANGUAGE_CODES
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
RSVP_EMAIL = "a11y-check@example.org"

# Finds one demo page of each kind and prints their paths, without the language
# prefix (slugs are the same in every language), as JSON.
DISCOVER = """
import io, json
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from cms.models import (
    ContactPage, HomePage, ResourceIndexPage, ResourcePage, StandardPage,
)
from forums.models import ForumIndexPage, ForumPage, RSVP
from outcomes.models import ForumSummaryPage
from pledges.models import (
    CommitmentPage, PledgeIndexPage, PledgePage, ProgressUpdatePage,
)
from questions.models import QuestionBoard
from surveys.models import SurveyIndexPage, SurveyPage


def path(page):
    return page.url.removeprefix("/en")


def first(model):
    return model.objects.live().order_by("path").first()


def images_page():
    # A page with one described and one decorative image: the demo has none.
    page = StandardPage.objects.filter(slug="a11y-images").first()
    if page:
        return page
    Image = get_image_model()

    def picture(title, colour):
        buffer = io.BytesIO()
        PILImage.new("RGB", (64, 48), colour).save(buffer, "PNG")
        file = ImageFile(buffer, name=title + ".png")
        return Image.objects.create(title=title, file=file)

    def figure(image, alt_text, decorative):
        value = {"image": image.pk, "alt_text": alt_text, "decorative": decorative}
        return {"type": "image", "value": {"image": value, "caption": ""}}

    body = [
        figure(picture("a11y-described", "#1d4f7a"), %(alt)r, False),
        figure(picture("a11y-decorative", "#d9d9d9"), "", True),
    ]
    page = StandardPage(title="Pictures", slug="a11y-images", body=json.dumps(body))
    HomePage.objects.first().add_child(instance=page)
    page.save_revision().publish()
    return page


upcoming = [f for f in ForumPage.objects.live().order_by("path") if f.accepts_rsvps]
summary = ForumSummaryPage.objects.live().order_by("path").last()
rsvp = RSVP.objects.filter(forum=upcoming[0]).order_by("pk").first()
pending, _ = RSVP.objects.get_or_create(
    forum=upcoming[0], email="a11y-pending@example.org",
    defaults={"name": "Pending Check", "language": "en", "status": "pending"},
)
open_survey = next(s for s in SurveyPage.objects.live().order_by("path")
                   if s.is_open() and s.results_public)
question = open_survey.asked_questions()[0]
board = QuestionBoard.objects.filter(forum__live=True).order_by("pk").first()
print(json.dumps({
    "standard": path(first(StandardPage)),
    "resources": path(first(ResourceIndexPage)),
    "resource": path(first(ResourcePage)),
    "contact": path(first(ContactPage)),
    "forums": path(first(ForumIndexPage)),
    "forum": path(upcoming[0]),
    "last_forum": path(upcoming[-1]),
    "past_forum": path(summary.get_parent()),
    "summary": path(summary),
    "rsvp_token": rsvp.manage_token(),
    "pending_token": pending.manage_token(),
    "surveys": path(first(SurveyIndexPage)),
    "survey": path(open_survey),
    "paged_survey": path(SurveyPage.objects.live().get(slug="walking-after-dark")),
    "questions_code": board.code,
    "trend_key": question.key,
    "pledges": path(first(PledgeIndexPage)),
    "pledge": path(first(PledgePage)),
    "commitment": path(first(CommitmentPage)),
    "update": path(first(ProgressUpdatePage)),
    "images": path(images_page()),
}))
"""
IMAGE_ALT = "Residents and officers around one table"

# The live server runs with DEBUG on, so it answers a missing page with Django's
# technical 404. The page residents see is rendered here with DEBUG off.
NOT_FOUND = """
import json
from django.test import Client, override_settings
with override_settings(DEBUG=False):
    client = Client(HTTP_HOST="127.0.0.1")
    print(json.dumps({
        language: client.get(f"/{language}/no-such-page/").content.decode()
        for language in %(languages)r
    }))
"""


@pytest.fixture(scope="module")
def urls(live_site):
    """Paths of the demo pages, and the 404 page's HTML in each language."""
    return {
        **json.loads(live_site.python(DISCOVER % {"alt": IMAGE_ALT})),
        "not_found_html": json.loads(
            live_site.python(NOT_FOUND % {"languages": LANGUAGES})
        ),
    }


@pytest.fixture(scope="module")
def language_pages(browser, live_site):
    """One browser tab per language, opened on first use and shared."""
    pages = {}

    def get(language):
        if language not in pages:
            context = browser.new_context(
                base_url=live_site.url,
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(15_000)
            pages[language] = context.new_page()
        return pages[language]

    yield get
    for page in pages.values():
        page.context.close()


def submit(page, selector):
    """Send a form as it stands (empty: its error state) and wait for the answer."""
    with page.expect_navigation():
        page.locator(selector).click()


def visit(path, form=None):
    def go(page, language, urls):
        response = page.goto(f"/{language}{path.format(**urls)}")
        assert response.status == 200, f"{page.url} answered {response.status}"
        if form:
            submit(page, f"{form} [type=submit]")
            assert page.locator(".errorlist").count(), "The form shows no errors"

    return go


def rsvp_confirmation(page, language, urls):
    """A successful RSVP: the forum page with its confirmation message."""
    page.goto(f"/{language}{urls['last_forum']}")
    form = page.locator("form.rsvp-form")
    form.locator("[name=name]").fill("Axe Check")
    form.locator("[name=email]").fill(RSVP_EMAIL)
    submit(page, "form.rsvp-form [type=submit]")
    assert page.locator(".message--info").count()


def rsvp_confirm(page, language, urls):
    """The page the emailed link opens before the resident confirms."""
    page.goto(f"/{language}/rsvp/{urls['pending_token']}/")
    assert page.locator("form.rsvp-cancel").count(), "No way to delete the request"


def not_found(page, language, urls):
    """The production 404 page, served at a missing address of the live site."""
    html = urls["not_found_html"][language]
    page.route(
        "**/no-such-page/",
        lambda route: route.fulfill(status=404, body=html, content_type="text/html"),
    )
    response = page.goto(f"/{language}/no-such-page/")
    page.unroute("**/no-such-page/")
    assert response.status == 404


def rsvp_manage(page, language, urls):
    page.goto(f"/{language}/rsvp/{urls['rsvp_token']}/")
    assert page.locator("form.rsvp-cancel").count(), "No cancel button on the page"


PAGES = {
    "home": visit("/"),
    "standard": visit("{standard}"),
    "images": visit("{images}"),
    "resources": visit("{resources}"),
    "resource": visit("{resource}"),
    "contact": visit("{contact}"),
    "contact-errors": visit("{contact}", form="main form.form"),
    "search": visit("/search/?q=forum"),
    "not-found": not_found,
    "forums": visit("{forums}"),
    "forum": visit("{forum}"),
    "rsvp-errors": visit("{forum}", form="form.rsvp-form"),
    "rsvp-confirmation": rsvp_confirmation,
    "rsvp-manage": rsvp_manage,
    "rsvp-confirm": rsvp_confirm,
    "past-forum": visit("{past_forum}"),
    "summary": visit("{summary}"),
    "summary-print": visit("{summary}print/"),
    "surveys": visit("{surveys}"),
    "survey": visit("{survey}"),
    "survey-errors": visit("{survey}", form="form.survey-form > p"),
    "survey-results": visit("{survey}results/"),
    "survey-trend": visit("/survey-trends/{trend_key}/"),
    "survey-paged": visit("{paged_survey}"),
    "survey-paper": visit("{survey}paper/"),
    "questions-submit": visit("/q/{questions_code}/"),
    "questions-errors": visit("/q/{questions_code}/", form="form.question-form"),
    "pledges": visit("{pledges}"),
    "pledge": visit("{pledge}"),
    "pledge-follow-errors": visit("{pledge}", form="form.pledge-follow"),
    "commitment": visit("{commitment}"),
    "progress-update": visit("{update}"),
    "pledge-data": visit("/pledge-data/"),
    "board": visit("/you-said-we-did/"),
    "board-data": visit("/you-said-we-did/data/"),
    "privacy": visit("/privacy/"),
    "sign-in": visit("/accounts/login/"),
}


def describe(violations):
    """axe's findings as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            for line in node["failureSummary"].splitlines():
                lines.append(f"      {line.strip()}")
    return "\n".join(lines)


# Every page in these; the pages below in the other languages.
EVERY_PAGE_IN = ("en", "ar")
MOST_WORDED_PAGES = ("home", "forum", "rsvp-confirmation", "survey", "pledge")
CHECKS = [
    (language, name)
    for language in LANGUAGES
    for name in PAGES
    if language in EVERY_PAGE_IN
    or name in MOST_WORDED_PAGES
    or os.environ.get("AXE_EVERY_LANGUAGE")
]


@pytest.mark.parametrize(("language", "name"), CHECKS)
def test_no_axe_violations(language_pages, urls, language, name):
    page = language_pages(language)
    PAGES[name](page, language, urls)
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    unlabelled = page.locator("img:not([alt])").evaluate_all(
        "images => images.map(image => image.outerHTML)"
    )
    assert not unlabelled, f"Images without an alt attribute: {unlabelled}"
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, (
        f"axe found {len(violations)} kind(s) of WCAG A/AA violation on "
        f"{page.url}:\n{describe(violations)}"
    )


def texts(page, selector):
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def hidden_text(page, selector):
    """What a screen reader announces for each element (innerText skips
    visually hidden text, textContent does not)."""
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in page.locator(selector).all_text_contents()
    ]


def assert_worded(labels, what):
    assert labels, f"No {what} on the page"
    for label in labels:
        assert re.search(r"\w", label), f"A {what} has no words: {label!r}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_colour_never_carries_meaning_alone(language_pages, urls, language, screenshot):
    page = language_pages(language)

    page.goto(f"/{language}{urls['pledges']}")
    screenshot(page, "pledge-index")
    assert_worded(hidden_text(page, ".pledge-status"), "pledge status")
    progress_checks(page)

    page.goto(f"/{language}{urls['pledge']}")
    screenshot(page, "pledge")
    assert_worded(hidden_text(page, ".pledge-status"), "commitment status")
    assert_worded(hidden_text(page, ".pledge-flag"), "flag")
    progress_checks(page)

    page.goto(f"/{language}{urls['commitment']}")
    screenshot(page, "commitment")
    assert_worded(
        hidden_text(page, ".pledge-timeline .pledge-status"), "timeline status"
    )

    page.goto(f"/{language}{urls['survey']}results/")
    screenshot(page, "survey-results")
    rows = page.locator(".survey-bars tbody tr")
    assert rows.count()
    for index in range(rows.count()):
        row = rows.nth(index)
        # Every bar has its count and share written out in the same row.
        if row.locator(".survey-bar").count():
            cells = texts(row, "td:not([aria-hidden])")
            assert all(re.search(r"\d", cell) for cell in cells), cells
        else:
            assert re.search(r"\d", row.inner_text()), row.inner_text()

    page.goto(f"/{language}{urls['summary']}")
    screenshot(page, "summary")
    assert_worded(texts(page, ".action-status"), "action item status")


def progress_checks(page):
    """Each progress bar is named (by its label or the element that names its
    city or commitment, as the browser works the name out) and its percentage
    is written next to it."""
    bars = page.locator(".pledge-progress")
    assert bars.count(), "No progress bars on the page"
    for index in range(bars.count()):
        bar = bars.nth(index)
        expect(bar.locator("progress")).to_have_accessible_name(re.compile(r"\S"))
        assert re.search(r"\d", bar.locator(".pledge-progress__value").inner_text())


def test_described_and_decorative_images(language_pages, urls):
    """Wagtail's image block gives the editor's alt text, or alt="" when the
    editor marks the image decorative."""
    page = language_pages("en")
    page.goto(f"/en{urls['images']}")
    images = page.locator("main img")
    assert [images.nth(i).get_attribute("alt") for i in range(2)] == [IMAGE_ALT, ""]


@pytest.mark.parametrize("language", ["ar", "es"])
def test_untranslated_content_is_marked_as_english(language_pages, urls, language):
    """Content that falls back to English says so in markup, so that screen
    readers switch voice (WCAG 3.1.2); the page around it stays in the reader's
    language. The images page exists only in English."""
    page = language_pages(language)
    page.goto(f"/{language}{urls['images']}")
    for selector in ("main h1", "main .stream"):
        element = page.locator(selector)
        assert element.get_attribute("lang") == "en", selector
        assert element.get_attribute("dir") == "ltr", selector
    page.goto(f"/{language}{urls['standard']}")
    assert page.locator("main h1").get_attribute("lang") is None
