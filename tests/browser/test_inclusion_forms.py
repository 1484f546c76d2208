"""Forms and phones as a screen-reader user and a phone user meet them (issue 17):
the error summary takes focus and links to each field, the confirmation takes
focus after an RSVP, nothing scrolls sideways at 320 and 390 px, and the phone
menu folds without JavaScript. The markup alone is checked in
tests/engage/test_forms_pattern.py."""

import json
import uuid

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from .conftest import WIDTHS
from .test_accessibility import DISCOVER, IMAGE_ALT, LANGUAGES, NOT_FOUND, PAGES

PHONE = dict(zip(("width", "height"), WIDTHS["phone"], strict=True))
NARROWEST = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def urls(live_site):
    """The demo pages of test_accessibility.py, which PAGES visits."""
    return {
        **json.loads(live_site.python(DISCOVER % {"alt": IMAGE_ALT})),
        "not_found_html": json.loads(
            live_site.python(NOT_FOUND % {"languages": LANGUAGES})
        ),
    }


@pytest.fixture
def new_page(browser, live_site):
    """`new_page(viewport, javascript=True)`: a page in a fresh browser context."""
    contexts = []

    def make(viewport=PHONE, javascript=True):
        context = browser.new_context(
            base_url=live_site.url, viewport=viewport, java_script_enabled=javascript
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def active_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def in_viewport(page, selector):
    """The element's box lies within the window (at least its top part)."""
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.top < innerHeight && r.left >= 0
                      && r.right <= innerWidth; }""",
        selector,
    )


# The error summary -------------------------------------------------------------

FORMS = {
    # name: (path, the submit button, expected link targets in order)
    "rsvp": ("{forum}", "form.rsvp-form [type=submit]", ["#id_name", "#id_email"]),
    "survey": ("{survey}", "form.survey-form > p [type=submit]", None),
    "contact": (
        "{contact}",
        "main form.form [type=submit]",
        # The topic is a list with its first choice already picked.
        ["#id_your_name", "#id_your_email", "#id_your_message"],
    ),
    "sign-up": (
        "/accounts/signup/",
        "main form [type=submit]",
        ["#id_email", "#id_password1", "#id_password2"],
    ),
}


def send_empty(page, path, button):
    page.goto(path)
    assert not page.locator("[role=alert]").count(), "An alert present from load"
    expect(page.locator("#error-summary")).to_have_count(0)
    with page.expect_navigation():
        page.locator(button).click()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", FORMS)
def test_error_summary_takes_focus_and_links_to_each_field(
    new_page,
    urls,
    name,
    language,
):
    path, button, targets = FORMS[name]
    page = new_page()
    send_empty(page, f"/{language}{path.format(**urls)}", button)

    with translation.override(language):
        assert page.title().startswith(gettext("Error:") + " "), page.title()
    if language == "en":
        assert page.title().startswith("Error: ")
    # On a phone the box is on screen and has focus at once.
    assert active_id(page) == "error-summary"
    assert in_viewport(page, "#error-summary")
    links = page.locator("#error-summary li a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    if targets is not None:
        assert hrefs == targets
    else:
        assert len(hrefs) == page.locator(".survey-question.field--error").count() > 0
    assert page.locator("#error-summary li").count() == len(hrefs)
    # Each link puts the reader in its field, on screen.
    for index, href in enumerate(hrefs):
        links.nth(index).click()
        expect(page.locator(href)).to_be_focused()
        assert in_viewport(page, href), href


def test_error_summary_takes_focus_without_javascript(new_page, urls):
    page = new_page(javascript=False)
    path, button, targets = FORMS["rsvp"]
    send_empty(page, f"/en{path.format(**urls)}", button)
    assert active_id(page) == "error-summary"
    assert in_viewport(page, "#error-summary")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#id_name")).to_be_focused()


# The confirmation ----------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_rsvp_confirmation_is_seen_and_focused(new_page, urls, javascript):
    page = new_page(javascript=javascript)
    page.goto(f"/en{urls['forum']}")
    form = page.locator("form.rsvp-form")
    email = f"focus-{uuid.uuid4().hex[:8]}@example.org"
    form.locator("[name=name]").fill("Focus Check")
    form.locator("[name=email]").fill(email)
    with page.expect_navigation():
        form.locator("[type=submit]").click()

    assert page.url.endswith(f"{urls['forum']}#messages")
    assert active_id(page) == "messages"
    expect(page.locator("#messages")).to_contain_text(email)
    assert in_viewport(page, "#messages")


# Phones: no sideways scrolling, a folding menu, a readable chart -------------------

# Anything wider than the window must sit in a scrolling box that is a named,
# focusable region (so a keyboard user can scroll it and hears what it is).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const named = box => (box.getAttribute("aria-label")
    || (document.getElementById(box.getAttribute("aria-labelledby") || "") || {})
       .textContent || "").trim();
  const problems = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (!box.width || (box.right <= width + 1 && box.left >= -1)) continue;
    let parent = element.parentElement, scroller = null;
    while (parent) {
      if (getComputedStyle(parent).overflowX !== "visible") {
        scroller = parent;
        break;
      }
      parent = parent.parentElement;
    }
    if (scroller === null) {
      problems.push(`${element.tagName}.${element.className} sticks out`);
    } else if (scroller.scrollWidth > scroller.clientWidth && !(
        scroller.getAttribute("role") === "region"
        && scroller.getAttribute("tabindex") === "0" && named(scroller))) {
      problems.push(`${scroller.tagName}.${scroller.className} scrolls unnamed`);
    }
  }
  return {
    page: document.documentElement.scrollWidth - width,
    problems: [...new Set(problems)].slice(0, 5),
  };
}"""


@pytest.mark.parametrize("viewport", [NARROWEST, PHONE], ids=["320", "390"])
@pytest.mark.parametrize("language", ["en", "ar", "es"])  # Spanish: the longest words
def test_no_page_scrolls_sideways_on_a_phone(new_page, urls, language, viewport):
    page = new_page(viewport)
    found = {}
    for name, visit in PAGES.items():
        visit(page, language, urls)
        result = page.evaluate(OVERFLOW)
        if result["page"] > 0 or result["problems"]:
            found[name] = result
    assert not found, f"Sideways scrolling at {viewport['width']} px: {found}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_phone_header_menu_and_language_links(new_page, language):
    page = new_page(javascript=False)
    page.goto(f"/{language}/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= PHONE["height"] / 3, header
    for box in page.locator(".language-switcher a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().toJSON())"
    ):
        assert box["width"] >= 24 and box["height"] >= 24, box

    # The menu is folded behind its button, and opens without JavaScript.
    folded = page.locator(".site-nav__fold .site-nav__list a")
    expect(page.locator(".site-nav__list--wide")).to_be_hidden()
    expect(folded.first).to_be_hidden()
    page.locator(".site-nav__toggle").click()
    expect(folded.first).to_be_visible()
    assert folded.count() >= 3
    assert (
        page.locator("header.site-header").bounding_box()["height"] > header["height"]
    )


def test_wide_screens_show_the_menu_unfolded(new_page):
    page = new_page(dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)))
    page.goto("/en/")
    expect(page.locator(".site-nav__fold")).to_be_hidden()
    expect(page.locator(".site-nav__list--wide a").first).to_be_visible()


def test_trend_chart_is_readable_on_a_phone(new_page, urls):
    page = new_page()
    page.goto(f"/en/survey-trends/{urls['trend_key']}/")
    chart = page.evaluate(
        """() => {
      const svg = document.querySelector(".trend-chart svg");
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const size = el => parseFloat(getComputedStyle(el).fontSize) * scale;
      const boxes = sel => [...svg.querySelectorAll(sel)]
        .map(el => el.getBoundingClientRect().toJSON());
      return {
        sizes: [...svg.querySelectorAll(".trend-chart__label")].map(size),
        dates: boxes("text[text-anchor=middle]"),
        points: boxes(".trend-chart__point"),
      };
    }"""
    )
    assert chart["points"], "No points drawn"
    assert min(chart["sizes"]) >= 12, chart["sizes"]
    for kind in ("dates", "points"):
        boxes = sorted(chart[kind], key=lambda box: box["left"])
        for before, after in zip(boxes, boxes[1:], strict=False):
            assert before["right"] <= after["left"], (kind, before, after)


def test_trend_chart_opens_at_its_axis_in_arabic(new_page, urls):
    """The chart runs left to right in every language, so its scrolling box
    must too: a right-to-left box opens at its right end, showing the newest
    points with the axis and the oldest dates out of sight."""
    page = new_page()
    page.goto(f"/ar/survey-trends/{urls['trend_key']}/")
    box, axis, region = page.evaluate(
        """() => {
      const region = document.querySelector(".trend-chart .table-scroll");
      const axis = region.querySelector(".trend-chart__label[text-anchor=end]");
      return [region.getBoundingClientRect().toJSON(),
              axis.getBoundingClientRect().toJSON(),
              {scrolls: region.scrollWidth > region.clientWidth}];
    }"""
    )
    assert region["scrolls"], "The chart fits the phone: nothing to check"
    assert box["left"] <= axis["left"] and axis["right"] <= box["right"], (box, axis)


def test_korean_lines_break_between_words(new_page):
    """Korean wraps at spaces: a word cut in two at the end of a phone's line
    reads as two words."""
    page = new_page()
    page.goto("/ko/")
    styles = page.evaluate(
        """() => ["main", "main p", "main h2"].map(selector => {
      const element = document.querySelector(selector);
      return element && getComputedStyle(element).wordBreak;
    })"""
    )
    assert styles == ["keep-all", "keep-all", "keep-all"]
    page.goto("/en/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('main')).wordBreak")
        == "normal"
    )
