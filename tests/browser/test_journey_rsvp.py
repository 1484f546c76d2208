"""A resident, reading in Spanish, signs up for the next forum, confirms from the
emailed link, and then cancels."""

import re
import uuid
from urllib.parse import urlsplit

import icalendar
from playwright.sync_api import expect

from .conftest import next_forum_taking_rsvps


def open_forum_with_seats(page):
    """From the Spanish home page, open the next forum that still has seats."""
    page.goto("/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("section.home-forums")).to_be_visible()
    href = next_forum_taking_rsvps(page)
    link = page.locator(f'section.home-forums h3 a[href="{href}"]')
    title = link.inner_text().strip()
    link.click()
    expect(page.locator("h1")).to_have_text(title)
    return title


def manage_path(message):
    """The path of the manage link in the email's plain-text part."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://\S+/es/rsvp/[^/\s]+/", body)
    assert match, body
    return urlsplit(match.group(0)).path


def calendar_attachment(message):
    (attachment,) = [
        part
        for part in message.iter_attachments()
        if part.get_filename("").endswith(".ics")
    ]
    assert attachment.get_content_type() == "text/calendar"
    return icalendar.Calendar.from_ical(attachment.get_payload(decode=True))


def test_resident_rsvps_in_spanish_and_cancels(page, live_site, screenshot):
    email = f"lucia-{uuid.uuid4().hex[:8]}@example.org"
    title = open_forum_with_seats(page)
    forum_path = urlsplit(page.url).path
    assert forum_path.startswith("/es/")
    screenshot(page, "01-forum-page")

    form = page.locator("form.rsvp-form")
    form.get_by_label("Su nombre").fill("Lucía Hernández")
    form.get_by_label("Correo electrónico").fill(email)
    expect(form.get_by_label("Idioma de los correos electrónicos")).to_have_value("es")
    form.get_by_label("Interpretación", exact=True).select_option("es")
    form.get_by_label("Número de niños que necesitan cuidado").fill("2")
    screenshot(page, "02-rsvp-filled")
    form.locator("button[type=submit]").click()

    almost = page.locator(".message--info")
    expect(almost).to_contain_text(email)
    expect(almost).to_contain_text("Casi listo")
    screenshot(page, "03-check-your-email")
    status = live_site.python(
        "from forums.models import RSVP\n"
        f"print(RSVP.objects.get(email={email!r}).status)"
    ).strip()
    assert status == "pending"  # no seat until the owner of the address confirms

    (request,) = live_site.emails_to(email)
    page.goto(manage_path(request))
    expect(page.locator("h1")).to_have_text("Confirme su inscripción")
    children = page.get_by_label("Número de niños que necesitan cuidado")
    expect(children).to_have_value("2")
    screenshot(page, "03b-confirm")
    page.get_by_role("button", name="Confirmar mi inscripción").click()
    expect(page.locator(".message--success")).to_contain_text(
        "Su inscripción está confirmada: tiene un asiento."
    )
    screenshot(page, "03c-confirmed")

    stored = live_site.python(
        "from forums.models import RSVP\n"
        f"r = RSVP.objects.get(email={email!r})\n"
        "print(r.status, r.language, r.interpretation_language, r.childcare_children)"
    ).split()
    assert stored == ["confirmed", "es", "es", "2"]

    _request, message = live_site.emails_to(email)
    calendar = calendar_attachment(message)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert event["STATUS"] == "CONFIRMED"
    assert event.get("UID")
    assert event.decoded("DTSTART") < event.decoded("DTEND")

    page.goto(manage_path(message))
    expect(page.locator("h1")).to_have_text("Su inscripción")
    screenshot(page, "04-manage")
    page.locator("form.rsvp-cancel button[type=submit]").click()

    expect(page.locator(".message--success")).to_contain_text(
        "Su inscripción está cancelada."
    )
    expect(page.locator("dl.facts")).to_contain_text("Cancelado")
    expect(page.locator("form.rsvp-cancel")).to_have_count(0)
    screenshot(page, "05-cancelled")
    status = live_site.python(
        "from forums.models import RSVP\n"
        f"print(RSVP.objects.get(email={email!r}).status)"
    ).strip()
    assert status == "cancelled"
