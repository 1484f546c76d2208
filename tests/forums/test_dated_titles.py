"""The date beside a series forum's title is read from its start, so after a move
every place that names the forum shows the new date; its address stays, and an
address that does change redirects in every language."""

import datetime
from types import SimpleNamespace

import icalendar
import pytest
from babel.dates import format_date
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page

from engage.i18n import babel_locale
from forums import series_plan
from forums.generation import generate_forums
from forums.models import ForumPage
from forums.models.series import Weekday
from outcomes.models import ActionItem
from pledges.forms import ActionItemChoiceField
from surveys import exports
from surveys.models import Audience, InvitationCode
from tests.factories.forums import RSVPFactory, make_rsvp
from tests.factories.outcomes import make_summary
from tests.factories.surveys import add_responses, make_survey
from tests.helpers import url_in


@pytest.fixture
def moved(series):
    """A forum generated for the second Tuesday, moved to the third Thursday."""
    today = timezone.localdate()
    series.starts_on = (today.replace(day=1) + datetime.timedelta(days=32)).replace(
        day=1
    )
    series.save()
    (forum,) = generate_forums(series, 1, after=series.starts_on)
    RSVPFactory(forum=forum, language="en", email="en@example.org")
    RSVPFactory(forum=forum, language="es", email="es@example.org")
    old_url = url_in(forum, "en")
    series.week_position = 3
    series.weekday = Weekday.THURSDAY
    series.save()
    series_plan.apply_plan(series, series_plan.build_plan(series).fingerprint)
    forum = ForumPage.objects.get(pk=forum.pk)
    return {
        "forum": forum,
        "old_url": old_url,
        "new": timezone.localtime(forum.start).date(),
    }


def english(day):
    return f"{day:%B} {day.day}, {day.year}"


def test_titles_show_the_new_date_everywhere(moved, admin_client, client):
    forum, new = moved["forum"], moved["new"]
    old = forum.start.date() - datetime.timedelta(days=9)  # 3rd Thu - 9 = 2nd Tue
    assert forum.title == "Eastside forums"  # the stored title holds no date
    expected = f"Eastside forums: {english(new)}"
    assert forum.display_title == expected
    with translation.override("es"):
        spanish = format_date(new, format="long", locale="es")
        assert forum.display_title == f"Eastside forums: {spanish}"
    assert str(forum) == expected
    assert forum.get_admin_display_title() == expected

    # The slug names the month, which the move kept: the address is unchanged.
    assert forum.slug == f"eastside-{new:%Y-%m}"
    assert url_in(forum, "en") == moved["old_url"]

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["en@example.org"] == f"Changed: {expected}"
    assert subjects["es@example.org"] == f"Cambios: Eastside forums: {spanish}"

    page = client.get(url_in(forum, "en")).content.decode()
    assert f"<h1>{expected}</h1>" in page
    assert f"<title>{expected} ·" in page
    assert english(old) not in page

    check_in = admin_client.get(reverse("forums_admin:check_in", args=[forum.pk]))
    assert check_in.context["page_title"] == f"Check-in: {expected}"
    sheet = admin_client.get(reverse("forums_admin:sign_in_sheet", args=[forum.pk]))
    assert f"<h1>{expected}</h1>" in sheet.content.decode()

    feed = client.get(reverse("forums:calendar_forum", args=[forum.pk]))
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == expected


def test_a_changed_slug_redirects_in_every_language(
    moved, client, django_capture_on_commit_callbacks
):
    forum = moved["forum"]
    old_paths = {code: url_in(forum, code) for code in ("en", "es", "ko")}
    forum.slug = "eastside-special-session"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail's signal
        forum.save_revision().publish()
    forum = Page.objects.get(pk=forum.pk).specific
    for code, old_path in old_paths.items():
        response = client.get(old_path)
        assert response.status_code == 301
        assert response["Location"] == url_in(forum, code)
        assert response["Location"].endswith("/forums/eastside-special-session/")


def test_staff_rsvp_pages_name_the_forum_with_its_date(moved, admin_client):
    forum = moved["forum"]
    expected = f"Eastside forums: {english(moved['new'])}"
    add = admin_client.get(reverse("forums_admin:add_rsvp", args=[forum.pk]))
    assert f"<p>{expected}</p>" in add.content.decode()
    rsvp = forum.rsvps.get(email="en@example.org")
    for action in ("cancel_rsvp", "resend_confirmation"):
        page = admin_client.get(reverse(f"forums_admin:{action}", args=[rsvp.pk]))
        assert f"<p>{expected} · 1 person · Confirmed</p>" in page.content.decode()


def test_survey_results_filter_names_the_forum_with_its_date(
    moved, survey_index, client
):
    forum = moved["forum"]
    survey = make_survey(survey_index, forum=forum, results_public=True)
    add_responses(survey, 6, {}, forum=forum)
    url = url_in(survey, "en") + "results/"
    page = client.get(url).content.decode()
    assert (
        f'<option value="{forum.pk}">Eastside forums: {english(moved["new"])}</option>'
        in page
    )
    spanish = format_date(moved["new"], format="long", locale="es")
    page = client.get(url_in(survey, "es") + "results/").content.decode()
    assert f'<option value="{forum.pk}">Eastside forums: {spanish}</option>' in page


def test_summary_notice_names_the_forum_with_its_date(
    moved, django_capture_on_commit_callbacks
):
    forum, new = moved["forum"], moved["new"]
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        make_summary(forum)
    notices = {message.to[0]: message for message in mail.outbox}
    english_title = f"Eastside forums: {english(new)}"
    assert notices["en@example.org"].subject == (
        f"What came out of the forum: {english_title}"
    )
    assert f"\n{english_title}\n" in notices["en@example.org"].body
    html = notices["en@example.org"].alternatives[0].content
    assert f'<h1 style="font-size:22px">{english_title}</h1>' in html
    with translation.override("es"):
        spanish_title = f"Eastside forums: {format_date(new, 'long', locale='es')}"
        expected = gettext("What came out of the forum: %(title)s") % {
            "title": spanish_title
        }
    assert notices["es@example.org"].subject == expected


def test_survey_exports_and_codes_name_the_forum_with_its_date(
    moved, survey_index, admin_client
):
    forum = moved["forum"]
    expected = f"Eastside forums: {english(moved['new'])}"
    survey = make_survey(
        survey_index,
        [{"key": "heard", "kind": "yes_no"}],
        forum=forum,
        audience=Audience.INVITED,
    )
    add_responses(survey, 5, {"heard": "yes"}, forum=forum)
    with translation.override("es"):  # the export names forums in English
        rows = list(exports.response_rows(survey))
    assert [row[5] for row in rows[1:]] == [expected] * 5

    make_rsvp(forum, "ana@example.org", language="es")
    url = f"/admin/surveys/{survey.pk}/codes/"
    assert f"Everyone checked in at “{expected}”" in (
        admin_client.get(url).content.decode()
    )
    page = admin_client.post(url + "attendees/", follow=True).content.decode()
    assert f"A personal code was emailed to 1 attendee of “{expected}”." in page
    assert list(InvitationCode.objects.values_list("batch", flat=True)) == [expected]


def test_commitment_links_name_the_forum_with_its_date(moved):
    forum = moved["forum"]
    expected = f"Eastside forums: {english(moved['new'])}"
    summary = make_summary(forum, items=[("Translate the complaint form", "open")])
    item = summary.action_items.get()
    field = ActionItemChoiceField(ActionItem.objects.all())
    assert field.label_from_instance(item) == (
        f"{expected}: Translate the complaint form (Open, due Dec 1, 2026)"
    )
    links = SimpleNamespace(action_items=[item], questions=[])
    html = render_to_string("pledges/includes/related_links.html", {"links": links})
    assert f'<a href="{forum.url}">{expected}</a>' in html


@pytest.mark.parametrize(
    "language, separator", [("en", ": "), ("es", ": "), ("zh-hans", "：")]
)
def test_the_date_is_set_off_as_each_language_does(moved, language, separator):
    """Chinese sets the title and its date apart with a full-width colon."""
    forum = moved["forum"]
    with translation.override(language):
        date = format_date(moved["new"], format="long", locale=babel_locale())
        assert forum.display_title == f"{forum.title}{separator}{date}"
