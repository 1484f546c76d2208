import csv
import io

import pytest
from django.urls import reverse

from pledges.models import Status
from tests.factories.pledges import CommitmentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(pledge, other_pledge, commitment, update):
    update(Status.IN_PROGRESS, 30, days_ago=4)
    update(Status.PARTIALLY_MET, 60, days_ago=1)
    CommitmentPageFactory(parent=pledge, title="=HYPERLINK(1)", weight=2)
    CommitmentPageFactory(parent=other_pledge, title="Budget shift")


def test_json(client, data, today):
    response = client.get(reverse("pledges:open_data", args=["json"]))
    assert response.status_code == 200
    records = response.json()["commitments"]
    assert len(records) == 3
    board = next(r for r in records if r["commitment"] == "Independent review board")
    assert board["city"] == "Riverton"
    assert board["status"] == "partially_met"
    assert board["percentage"] == 60
    assert board["number_of_updates"] == 2
    assert board["latest_update_date"] == (
        today.fromordinal(today.toordinal() - 1).isoformat()
    )
    assert board["first_update_date"] == (
        today.fromordinal(today.toordinal() - 4).isoformat()
    )
    silent = next(r for r in records if r["commitment"] == "Budget shift")
    assert (silent["status"], silent["percentage"], silent["number_of_updates"]) == (
        "not_started",
        0,
        0,
    )


def test_csv(client, data, pledge):
    response = client.get(reverse("pledges:pledge_open_data", args=[pledge.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert {row["city"] for row in rows} == {"Riverton"}
    assert {row["status"] for row in rows} == {"partially_met", "not_started"}
    # A title that looks like a formula is not run by spreadsheets.
    assert "'=HYPERLINK(1)" in {row["commitment"] for row in rows}


@pytest.mark.parametrize(
    "url",
    [
        "/en/pledge-data/pledges.xml",
        "/en/pledge-data/999999.json",
        "/en/pledge-data/1.exe",
    ],
)
def test_unknown_exports_are_404(client, data, url):
    assert client.get(url).status_code == 404
