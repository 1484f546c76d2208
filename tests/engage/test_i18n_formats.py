"""Dates and times read the way each language writes them: the short time form
without seconds or a raw UTC offset, the language's own joining punctuation, and
the time zone named in words where a deadline depends on it."""

import datetime
import zoneinfo

import pytest
from babel import dates as babel_dates
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site

from engage.i18n import babel_locale, languages_with
from engage.links import absolute_url
from engage.models import SiteSettings
from engage.templatetags.engage_tags import (
    format_datetime,
    format_time,
    format_weekday_date,
)
from forums.models import ForumPage
from pledges.models import CommitmentPage
from surveys.models import SurveyPage
from tests.factories.engage import UserFactory

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NINE_AM = datetime.datetime(2027, 1, 15, 9, 0, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Jan 15, 2027, 9:00\u202fAM"),
        ("es", "15 ene 2027, 9:00"),
        ("zh-hans", "2027年1月15日 09:00"),
        ("vi", "09:00 15 thg 1, 2027"),
        ("ar", "15\u200f/01\u200f/2027، 9:00 ص"),
        ("ko", "2027. 1. 15. 오전 9:00"),
    ],
)
def test_medium_date_and_time_have_no_seconds_or_offset(language, expected):
    with translation.override(language), timezone.override(CHICAGO):
        assert format_datetime(NINE_AM) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "January 15, 2027, 9:00\u202fAM (Central Standard Time)"),
        ("es", "15 de enero de 2027, 9:00 (hora estándar central)"),
        ("zh-hans", "2027年1月15日 09:00（北美中部标准时间）"),
        ("vi", "09:00 15 tháng 1, 2027 (Giờ chuẩn miền Trung)"),
        ("ar", "15 يناير 2027، 9:00 ص (التوقيت الرسمي المركزي لأمريكا الشمالية)"),
        ("ko", "2027년 1월 15일 오전 9:00 (미 중부 표준시)"),
    ],
)
def test_long_date_and_time_name_the_time_zone_in_words(language, expected):
    with translation.override(language), timezone.override(CHICAGO):
        assert format_datetime(NINE_AM, "long") == expected


def test_times_are_shown_in_the_current_time_zone():
    utc = NINE_AM.astimezone(datetime.UTC)

    with translation.override("es"), timezone.override(CHICAGO):
        assert format_datetime(utc) == "15 ene 2027, 9:00"


@pytest.mark.parametrize(("language", "arrow"), [("en", "→"), ("ar", "←")])
@pytest.mark.usefixtures("full_demo")
def test_progress_arrow_points_the_way_the_language_reads(client, language, arrow):
    page = CommitmentPage.objects.get(url_path__endswith="/riverton/preserve-life/")
    with translation.override(language):
        changed_to = translation.gettext("changed to")

    response = client.get(f"/{language}/" + page.url.removeprefix("/en/"))

    soup = BeautifulSoup(response.content, "html.parser")
    hidden = soup.select(".visually-hidden")
    hidden_glyphs = [s.get_text() for s in soup.select('dd span[aria-hidden="true"]')]
    arrows = [glyph for glyph in hidden_glyphs if glyph in {"→", "←"}]
    assert response.status_code == 200
    assert len(arrows) >= 2
    assert set(arrows) == {arrow}
    # The accessible text does not change with the glyph.
    assert changed_to in [span.get_text() for span in hidden]
    # Each percentage is isolated, so its sign stays on its own side.
    isolated = [b.get_text() for b in soup.select("dd bdi")]
    assert len(isolated) >= 2
    assert all("%" in text or "\u066a" in text for text in isolated)


@pytest.mark.usefixtures("full_demo")
def test_venue_address_is_isolated_inside_arabic_text(client):
    response = client.get("/ar/" + ForumPage.objects.live().first().url[4:])

    soup = BeautifulSoup(response.content, "html.parser")
    assert "1400 East Market Street" in soup.select_one("dd bdi").get_text()


def test_contact_email_to_organizers_is_plain_in_their_language(client, demo_site):
    """A resident writing from /es/ gets an email to the organizers framed in the
    organizers' language, naming Spanish, with the plain text not HTML-escaped."""
    client.post(
        "/es/contact/",
        {
            "your_name": "O'Brien & Núñez",
            "your_email": "dana@example.org",
            "topic": "Otro asunto",
            "your_message": "¿Puede un foro tratar <las paradas> de tráfico?",
            "website": "",
        },
    )

    message = mail.outbox[0]
    with translation.override("en"):
        intro = translation.gettext(
            "A resident sent a message through the contact form."
        )
        named = translation.gettext("They wrote from the site in %(language)s.") % {
            "language": "Spanish"
        }
    assert message.body.startswith(f"{intro}\n{named}\n")
    assert "O'Brien & Núñez" in message.body
    assert "¿Puede un foro tratar <las paradas> de tráfico?" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    assert "\nYour name:\n" in message.body
    html = message.alternatives[0][0]
    assert "O&#x27;Brien &amp; Núñez" in html
    assert named in html


@pytest.mark.usefixtures("full_demo")
def test_printed_code_sheet_is_in_the_surveys_languages_with_the_real_address(
    client, django_user_model
):
    survey = SurveyPage.objects.get(slug="forum-feedback")
    client.force_login(django_user_model.objects.create_superuser("boss", "b@x.org"))

    response = client.get(
        f"/admin/surveys/{survey.pk}/codes/print/", {"batch": "Demo forum, door"}
    )

    soup = BeautifulSoup(response.content, "html.parser")
    slips = soup.select("li")
    assert response.status_code == 200
    assert len(slips) == 16
    languages = languages_with(survey, "title")
    assert len(languages) >= 2
    for slip in slips:
        assert [p["lang"] for p in slip.select("p[lang]")] == languages
        assert slip.select_one(".address").get_text() == absolute_url(survey)
    assert absolute_url(survey).startswith(settings.SITE_URL)
    with translation.override("es"):
        spanish = translation.gettext(
            "Answer the survey at this address, with the code below:"
        )
    assert spanish in slips[0].select_one('p[lang="es"]').get_text()


def test_account_email_greets_with_the_organization_name(client, home):
    UserFactory(email="dana@example.org", preferred_language="")
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.organization_name = "Riverton Engagement Office"
    settings_row.save()
    with translation.override("es"):
        path = reverse("account_request_login_code")
        hello = translation.gettext("Hello from %(site_name)s!") % {
            "site_name": "Riverton Engagement Office"
        }

    client.post(path, {"email": "dana@example.org"})

    body = mail.outbox[0].body
    assert body.startswith(hello + "\n")
    assert "Hello from !" not in body
    assert absolute_url("/") in body


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Kolkata"])
def test_times_kept_per_time_of_day_read_as_babel_writes_them(language, zone):
    """Times are formatted once per time of day, format and language: each must
    read as Babel writes that instant in the site's zone, whatever came before."""
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime(2027, 3, 14, 0, 0, tzinfo=datetime.UTC)
    instants = [start + datetime.timedelta(minutes=25 * n) for n in range(60)]
    with translation.override(language), timezone.override(tz):
        for instant in instants:
            local = instant.astimezone(tz)
            for form in ("short", "medium", "long"):
                assert format_time(instant, form) == babel_dates.format_time(
                    local, format=form, locale=babel_locale()
                ), (instant, form)
            assert format_weekday_date(instant) == babel_dates.format_date(
                local.date(), format="full", locale=babel_locale()
            )
