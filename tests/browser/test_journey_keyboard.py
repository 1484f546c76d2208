"""The RSVP journey with the keyboard alone: Tab, Enter, Space and typing, no
clicks. Every element that takes focus on the way must show where focus is, and
a form error must be announced and tied to its field."""

import re
import uuid
from urllib.parse import urlsplit

from playwright.sync_api import expect

from .conftest import next_forum_taking_rsvps
from .test_journey_rsvp import manage_path

# What the focused element looks like: its outline and shadow, and enough to name
# it in a failure message.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.value || "").trim().slice(0, 40),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    focusVisible: el.matches(":focus-visible"),
  };
}"""

MAX_TABS = 120


def transparent(color):
    return color == "transparent" or re.search(r"rgba\(.*,\s*0\)$", color) is not None


def assert_focus_visible(state):
    assert state is not None, "focus was lost to the page body"
    name = f"<{state['tag']} id={state['id']!r}> {state['text']!r}"
    assert state["focusVisible"], f"{name} does not match :focus-visible"
    outline = (
        state["outlineStyle"] != "none"
        and state["outlineWidth"] >= 2
        and not transparent(state["outlineColor"])
    )
    shadow = state["boxShadow"] not in ("", "none")
    assert outline or shadow, f"{name} has no visible focus indicator: {state}"


def tab_to(page, selector, reverse=False):
    """Press Tab (or Shift+Tab) until an element matching ``selector`` has focus,
    checking on the way that every focused element shows its focus."""
    key = "Shift+Tab" if reverse else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        assert_focus_visible(page.evaluate(FOCUS_STATE))
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus in {MAX_TABS} presses")


def replace_value(page, text):
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def test_rsvp_with_the_keyboard_alone(page, live_site, screenshot):
    email = f"minh-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/es/")

    # The skip link comes first and is visible when focused.
    tab_to(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_in_viewport()

    # Tab to the next forum that still has seats and open it with Enter.
    href = next_forum_taking_rsvps(page)
    tab_to(page, f'section.home-forums a[href="{href}"]')
    screenshot(page, "01-home-link-focused")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")

    # Fill in the email but leave out the (required) name, and send with Enter.
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    tab_to(page, "form.rsvp-form button[type=submit]")
    screenshot(page, "02-submit-focused")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # The error summary takes focus, and its first link leads to the name.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a").first).to_have_attribute("href", "#id_name")
    name = page.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    described_by = name.get_attribute("aria-describedby").split()
    errors = page.locator("#id_name + .errorlist, #id_name ~ .errorlist")
    expect(errors).to_have_count(1)
    error_id = errors.get_attribute("id")
    assert error_id in described_by, (error_id, described_by)
    expect(errors).to_contain_text("Este campo es necesario.")
    # The message sits inside the same field wrapper as the input it explains.
    assert page.evaluate(
        "id => document.getElementById(id).closest('.field')"
        " === document.getElementById('id_name').closest('.field')",
        error_id,
    )
    expect(page.locator("#id_email")).to_have_value(email)
    screenshot(page, "03-error")

    # Correct it, ask for Spanish interpretation (arrow keys), ASL (Space) and
    # childcare for one child, and send again.
    tab_to(page, "#id_name")
    page.keyboard.type("Minh Nguyen")
    tab_to(page, "#id_interpretation_language")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_interpretation_language")).to_have_value("es")
    tab_to(page, "#id_asl")
    page.keyboard.press("Space")
    expect(page.locator("#id_asl")).to_be_checked()
    tab_to(page, "#id_childcare_children")
    replace_value(page, "1")
    tab_to(page, "form.rsvp-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator(".message--info")).to_contain_text(email)
    screenshot(page, "04-check-your-email")

    # The link in the email: the details as typed, confirmed with Enter.
    (request,) = live_site.emails_to(email)
    page.goto(manage_path(request))
    tab_to(page, "form.form button.button--primary")
    page.keyboard.press("Enter")
    expect(page.locator(".message--success")).to_contain_text("tiene un asiento")
    screenshot(page, "04b-confirmed")
    stored = live_site.python(
        "from forums.models import RSVP\n"
        f"r = RSVP.objects.get(email={email!r})\n"
        "print(r.status, r.name.replace(' ', '_'), r.interpretation_language,"
        " r.asl, r.childcare_children)"
    ).split()
    assert stored == ["confirmed", "Minh_Nguyen", "es", "True", "1"]

    # The manage link from the email; cancel with Space on the button.
    _request, message = live_site.emails_to(email)
    page.goto(manage_path(message))
    tab_to(page, "form.rsvp-cancel button")
    screenshot(page, "05-cancel-focused")
    page.keyboard.press("Space")
    page.wait_for_url(f"**{urlsplit(page.url).path}")
    expect(page.locator("form.rsvp-cancel")).to_have_count(0)
    expect(page.locator("dl.facts")).to_contain_text("Cancelado")
    screenshot(page, "06-cancelled")
