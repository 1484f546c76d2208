import csv
import datetime
import io

import pytest
from django.urls import reverse

from pledges.models import Status
from pledges.services.posting import Evidence
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


def test_the_licence_and_absolute_addresses_are_stated(client, data, pledge, settings):
    settings.PLEDGES_OPEN_DATA_LICENCE = {
        "name": "ODbL 1.0",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    }
    body = client.get(reverse("pledges:open_data", args=["json"])).json()
    assert body["licence"] == settings.PLEDGES_OPEN_DATA_LICENCE
    board = next(
        r for r in body["commitments"] if r["commitment"] == "Independent review board"
    )
    assert board["pledge_url"] == f"{settings.SITE_URL}{pledge.url}"
    assert board["commitment_url"].startswith(f"{settings.SITE_URL}/en/")
    response = client.get(reverse("pledges:pledge_open_data", args=[pledge.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["licence"] for row in rows} == {
        "ODbL 1.0 https://opendatacommons.org/licenses/odbl/1-0/"
    }


def test_the_default_licence_is_cc_by(settings):
    assert settings.PLEDGES_OPEN_DATA_LICENCE == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_history_as_csv_with_evidence_and_stable_ids(
    client, pledge, commitment, update, today, settings
):
    first = update(Status.IN_PROGRESS, 30, days_ago=4)
    second = update(
        Status.PARTIALLY_MET,
        60,
        days_ago=1,
        evidence=[Evidence("Minutes", url="https://example.org/minutes")],
    )
    commitment.title = "Civilian review board"
    commitment.change_reason = "The council's name for it."
    commitment.save_revision().publish()
    response = client.get(reverse("pledges:pledge_history", args=[pledge.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    events = {row["event_id"]: row for row in rows}
    assert [row["kind"] for row in rows] == [
        "original",
        "original",
        "original",
        "update",
        "update",
        "amendment",
    ]
    assert events[f"update-{first.pk}"]["old_status"] == ""
    later = events[f"update-{second.pk}"]
    assert (later["old_status"], later["new_status"]) == (
        "in_progress",
        "partially_met",
    )
    assert (later["old_percentage"], later["new_percentage"]) == ("30", "60")
    assert later["effective_date"] == (today - datetime.timedelta(days=1)).isoformat()
    assert later["evidence_urls"] == "https://example.org/minutes"
    assert later["url"] == (f"{settings.SITE_URL}{commitment.url}#update-{second.pk}")
    assert later["licence"] == "CC BY 4.0 https://creativecommons.org/licenses/by/4.0/"
    renamed = next(row for row in rows if row["kind"] == "amendment")
    assert (renamed["term"], renamed["old_value"], renamed["new_value"]) == (
        "title",
        "Independent review board",
        "Civilian review board",
    )
    # The commitment keeps its id across the rename.
    assert {row["commitment_id"] for row in rows if row["commitment_id"]} == {
        str(commitment.pk)
    }
    assert renamed["commitment"] == "Civilian review board"


def test_history_of_every_pledge_as_json(client, data):
    body = client.get(reverse("pledges:history", args=["json"])).json()
    assert body["licence"]["name"] == "CC BY 4.0"
    assert {e["city"] for e in body["history"]} == {"Riverton", "Port Alder"}
    assert [e["new_percentage"] for e in body["history"] if e["kind"] == "update"] == [
        30,
        60,
    ]
