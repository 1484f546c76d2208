"""An attacker types spreadsheet formulas into every field a resident (or a roster
file, or a provider's bounce message) can fill; then every CSV and XLSX the site
produces is downloaded and opened. No cell may start like a formula, no XLSX cell
may be one, and numbers and dates must still be numbers and dates."""

import csv
import datetime
import io
import numbers

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log

from cms.models import ContactFormField, ContactPage
from engage.exports import safe_cell
from outcomes import sending
from outcomes.models import Delivery, DepartmentMember, DepartmentUnit
from pledges.models import PledgeFollower
from surveys.models import QuestionKind
from tests.factories.forums import RSVPFactory, make_past_forum
from tests.factories.outcomes import COUNTING, make_summary
from tests.factories.pages import add_page
from tests.factories.pledges import (
    CommitmentPageFactory,
    PledgeIndexPageFactory,
    PledgePageFactory,
)
from tests.factories.surveys import add_responses, make_survey
from tests.factories.surveys import make_index as make_survey_index

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "=cmd|' /C calc'!A0",
    "  =1+1",
    "＝1+1",
]
EMAIL_PAYLOADS = ["=1+1@example.org", "-2+3@example.org", "+1@example.org"]
TRIGGERS = set("=+-@＝＋－＠")
CONTROLS = set("\t\r")
CONTACT_FIELDS = {
    "your_name": ("Your name", "singleline"),
    "your_email": ("Your email", "email"),
    "topic": ("Topic", "singleline"),
    "your_message": ("Your message", "multiline"),
}


def looks_live(text):
    if text[:1] in CONTROLS or text.lstrip()[:1] in TRIGGERS:
        try:
            float(text)  # a real number written out by the CSV writer
        except ValueError:
            return True
    return False


def defused(payload):
    return "'" + payload


@pytest.fixture
def world(home, admin_user, settings):
    settings.EMAIL_BACKEND = COUNTING
    settings.ANYMAIL = {"WEBHOOK_SECRET": "user:pass"}
    forum = make_past_forum(home, title="Eastside forum")
    rsvps = [
        RSVPFactory(
            forum=forum,
            name=payload,
            phone=payload[:40],
            access_needs=payload,
            other_needs=payload,
            party_size=2,
            queued_at=timezone.now(),
        )
        for payload in PAYLOADS
    ]
    for email in EMAIL_PAYLOADS:
        RSVPFactory(forum=forum, email=email, queued_at=timezone.now())
    for rsvp in rsvps:  # an organizer's edit puts the name in the site history
        log(instance=rsvp, action="wagtail.edit", user=admin_user)

    for number, payload in enumerate(PAYLOADS):
        DepartmentMember.objects.create(
            name=payload,
            email=f"officer{number}@police.example",
            unit=DepartmentUnit.objects.create(name=payload),
            role=payload,
        )
    distribution = sending.create_distribution(make_summary(forum), enqueue=False)
    sending.send_pending(distribution)
    for delivery, payload in zip(
        distribution.deliveries.order_by("pk"), PAYLOADS, strict=True
    ):
        # A provider's bounce description is stored as the delivery's last error.
        Delivery.objects.filter(pk=delivery.pk).update(last_error=payload)

    contact = ContactPage(
        title="Contact",
        slug="contact",
        to_address="organizers@example.org",
        from_address="site@example.org",
        subject="A message",
    )
    for order, (name, (label, kind)) in enumerate(CONTACT_FIELDS.items()):
        contact.form_fields.add(
            ContactFormField(
                sort_order=order, label=label, field_type=kind, clean_name=name
            )
        )
    add_page(home, contact)
    for payload in PAYLOADS:
        FormSubmission.objects.create(
            page=contact,
            form_data={name: payload for name in CONTACT_FIELDS},
        )

    survey = make_survey(
        make_survey_index(home),
        [
            {
                "key": "short",
                "kind": QuestionKind.SHORT_TEXT,
                "max_length": 200,
                "text": PAYLOADS[2],
            },
            {"key": "long", "kind": QuestionKind.LONG_TEXT, "text": PAYLOADS[0]},
            {
                "key": "many",
                "kind": QuestionKind.MULTIPLE,
                "allow_other": True,
                "choices": [("a", PAYLOADS[1]), ("b", "B")],
            },
            {
                "key": "delta",
                "kind": QuestionKind.NUMBER,
                "min_value": -100,
                "max_value": 100,
                "text": PAYLOADS[3],
            },
        ],
        results_public=True,
    )
    for payload in PAYLOADS:
        add_responses(
            survey,
            1,
            {"short": payload, "long": payload, "many": ["a", payload], "delta": -5},
        )

    pledge = PledgePageFactory(parent=PledgeIndexPageFactory(parent=home))
    for payload in PAYLOADS:
        CommitmentPageFactory(parent=pledge, title=payload)
    for email in EMAIL_PAYLOADS:
        PledgeFollower.objects.create(pledge=pledge, email=email)
    return {
        "forum": forum,
        "distribution": distribution,
        "contact": contact,
        "survey": survey,
        "pledge": pledge,
    }


def admin_listing(name):
    return lambda world, fmt: f"{reverse(name)}?export={fmt}"


# (export, URL for a format, formats, payloads it must hold defused)
EXPORTS = [
    ("RSVPs", admin_listing("forum_rsvps:index"), ("csv", "xlsx"), PAYLOADS),
    ("roster", admin_listing("forum_roster:index"), ("csv", "xlsx"), PAYLOADS),
    ("units", admin_listing("forum_units:index"), ("csv", "xlsx"), PAYLOADS),
    ("deliveries", admin_listing("forum_deliveries:index"), ("csv", "xlsx"), PAYLOADS),
    (
        "distribution report",
        lambda world, fmt: reverse(
            "outcomes_admin:distribution_export",
            args=[world["distribution"].pk, fmt],
        ),
        ("csv", "xlsx"),
        PAYLOADS,
    ),
    (
        "contact submissions",
        lambda world, fmt: (
            reverse("wagtailforms:list_submissions", args=[world["contact"].pk])
            + f"?export={fmt}"
        ),
        ("csv", "xlsx"),
        PAYLOADS,
    ),
    (
        "survey responses",
        lambda world, fmt: f"/admin/surveys/{world['survey'].pk}/responses.{fmt}",
        ("csv", "xlsx"),
        PAYLOADS,
    ),
    (
        "survey results",
        lambda world, fmt: f"/en/survey-data/{world['survey'].pk}/results.{fmt}",
        ("csv",),
        PAYLOADS[:2],
    ),
    (
        "site history",
        admin_listing("wagtailadmin_reports:site_history"),
        ("csv", "xlsx"),
        PAYLOADS,
    ),
    (
        "pledge open data",
        lambda world, fmt: reverse("pledges:open_data", args=[fmt]),
        ("csv",),
        PAYLOADS,
    ),
    (
        "pledge followers",
        admin_listing("pledge_followers:index"),
        ("csv", "xlsx"),
        EMAIL_PAYLOADS,
    ),
]
CASES = [
    pytest.param(url, fmt, expected, id=f"{name} {fmt}")
    for name, url, formats, expected in EXPORTS
    for fmt in formats
]


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_cells(body):
    return [
        cell
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))
        for cell in row
    ]


def xlsx_cells(body):
    workbook = load_workbook(io.BytesIO(body))
    cells = [
        cell for sheet in workbook.worksheets for row in sheet.rows for cell in row
    ]
    live = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert live == []
    return [cell.value for cell in cells]


@pytest.mark.parametrize(("url", "fmt", "expected"), CASES)
def test_no_export_holds_a_live_formula(admin_client, world, url, fmt, expected):
    body = download(admin_client, url(world, fmt))
    values = csv_cells(body) if fmt == "csv" else xlsx_cells(body)
    texts = [value for value in values if isinstance(value, str)]
    assert [text for text in texts if looks_live(text)] == []
    # The payloads did reach the file, shown as typed after an apostrophe.
    assert {defused(payload) for payload in expected} <= set(texts)


def test_numbers_and_dates_stay_numbers_and_dates(admin_client, world):
    rsvps = xlsx_rows(download(admin_client, "/admin/forum_rsvps/?export=xlsx"))
    assert {row["Party size"] for row in rsvps} == {1, 2}
    assert all(isinstance(row["In line since"], datetime.datetime) for row in rsvps)
    survey = world["survey"]
    responses = xlsx_rows(
        download(admin_client, f"/admin/surveys/{survey.pk}/responses.xlsx")
    )
    assert {row["delta"] for row in responses} == {-5}
    report = xlsx_rows(
        download(
            admin_client,
            reverse(
                "outcomes_admin:distribution_export",
                args=[world["distribution"].pk, "xlsx"],
            ),
        )
    )
    assert all(isinstance(row["Members"], numbers.Number) for row in report)
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                download(
                    admin_client, f"/admin/surveys/{survey.pk}/responses.csv"
                ).decode()
            )
        )
    )
    assert {row["delta"] for row in csv_rows} == {"-5.00"}  # a number, left alone


def xlsx_rows(body):
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    rows = list(sheet.values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\rplain", "'\rplain"),
        ("  =1", "'  =1"),
        ("＝1", "'＝1"),
        ("＠x", "'＠x"),
        ("plain - text", "plain - text"),
        ("ok\x01", "ok"),
        ("", ""),
        (-5, -5),
        (2.5, 2.5),
        (True, True),
        (None, None),
        (datetime.date(2026, 1, 2), datetime.date(2026, 1, 2)),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
    assert type(safe_cell(value)) is type(expected)


def test_lazy_translations_become_text():
    assert safe_cell(gettext_lazy("Unit")) == "Unit"
    assert type(safe_cell(gettext_lazy("Unit"))) is str
    now = timezone.now()
    assert safe_cell(now) is now
