"""Every response export, in every format, opens and holds the same rows, for
every demo survey and a survey with every kind of question, whatever language
the organizer reads the admin in."""

import csv
import io
import json
from decimal import Decimal, InvalidOperation

import pytest
from django.utils import translation
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from engage.i18n import LANGUAGE_CODES
from surveys.demo import build
from surveys.models import SurveyPage
from tests.factories.engage import UserFactory
from tests.factories.surveys import add_responses

pytestmark = pytest.mark.django_db


def normalized(cell):
    """A cell as text, numbers in one spelling (CSV "33.00", XLSX 33.0)."""
    if cell is None:
        return ""
    text = str(cell)
    try:
        return str(Decimal(text).normalize())
    except InvalidOperation:
        return text


def csv_rows(body):
    return [[normalized(c) for c in row] for row in csv.reader(io.StringIO(body))]


def xlsx_rows(body):
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [[normalized(c) for c in row] for row in sheet.values]


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_export_of_every_survey_opens_with_the_csv_rows(
    client, home, survey, language
):
    build(home)
    for code in LANGUAGE_CODES:
        add_responses(
            survey,
            5,
            {
                "pick": "agree",
                "many": ["a", "=Lights"],
                "scale": 4,
                "rating": 9,
                "yn": 0,
                "age": 33,
                "short": "Ana",
                "long": "ok",
            },
            language=code,
        )
    survey.results_public = True
    survey.save_revision().publish()
    user = UserFactory(is_staff=True, is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    assert f'lang="{language}"' in client.get("/admin/").content.decode()

    surveys = list(SurveyPage.objects.live().filter(responses__isnull=False).distinct())
    assert len(surveys) >= 3 and survey in surveys
    for page in surveys:
        base = f"/admin/surveys/{page.pk}/responses"
        as_csv = client.get(base + ".csv")
        as_xlsx = client.get(base + ".xlsx")
        assert (as_csv.status_code, as_xlsx.status_code) == (200, 200), page.slug
        rows = csv_rows(content(as_csv).decode())
        assert len(rows) == page.responses.count() + 1
        assert xlsx_rows(content(as_xlsx)) == rows, page.slug

        with translation.override(language):
            data = page.data_url("json")
        results = client.get(data)
        assert results.status_code == 200
        assert json.loads(results.content)["responses"] == page.responses.count()
        table = client.get(data.replace(".json", ".csv"))
        assert table.status_code == 200
        assert len(csv_rows(table.content.decode())) > 1

    rows = csv_rows(
        content(client.get(f"/admin/surveys/{survey.pk}/responses.csv")).decode()
    )
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (
        record["yn_label"] == "No"
        and record["scale_label"] == "4 · Neither agree nor disagree"
    )
    assert record["many_other"] == "'=Lights"
