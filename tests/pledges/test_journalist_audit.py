"""The journalist audit: every figure a pledge page shows is worked out again from
the published open data history alone, and every change of terms made through
the admin (by the mayor's office, by an organizer, through a workflow) or by code
is in that history."""

import datetime
from collections import defaultdict

import pytest
from django.conf import settings
from django.urls import reverse

from pledges.choices import Status
from pledges.models import Amendment, CommitmentPage
from tests.factories.pledges import (
    CommitmentPageFactory,
    add_update_url,
    group_member,
    office_member,
    update_form,
)

from .admin_forms import commitment_form, edit_url

pytestmark = pytest.mark.django_db


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def long_history(client, pledge, update, today):
    pledge.date_signed = today - days(400)
    pledge.save_revision().publish()
    board = CommitmentPageFactory(
        parent=pledge, title="Review board", target_date=today - days(20), weight=2
    )
    training = CommitmentPageFactory(
        parent=pledge, title="Training", target_date=today + days(200), weight=1
    )
    cameras = CommitmentPageFactory(
        parent=pledge, title="Cameras", target_date=today - days(50), weight=3
    )
    CommitmentPageFactory(parent=pledge, title="Budget shift", weight=1)
    CommitmentPageFactory(parent=pledge, title="Not yet public", live=False)
    for status, percentage, ago in [
        (Status.IN_PROGRESS, 10, 390),
        (Status.STALLED, 10, 300),
        (Status.IN_PROGRESS, 35, 200),
        (Status.PARTIALLY_MET, 60, 120),
        (Status.PARTIALLY_MET, 75, 30),
    ]:
        update(status, percentage, on=board, days_ago=ago)
    for status, percentage, ago in [
        (Status.IN_PROGRESS, 20, 350),
        (Status.IN_PROGRESS, 45, 100),
    ]:
        update(status, percentage, on=training, days_ago=ago)
    wrong = update(Status.MET, 100, on=cameras, days_ago=250)
    update(Status.IN_PROGRESS, 80, on=cameras, days_ago=240, corrects=wrong)

    # The mayor's office, through the admin: an update with evidence and a new
    # description.
    client.force_login(office_member(pledge))
    response = client.post(
        add_update_url(board), update_form(today, status="met", percentage="100")
    )
    assert response.status_code == 302
    response = client.post(
        edit_url(training),
        commitment_form(
            training,
            description_en="Forty hours a year for every officer.",
            change_reason="The union agreement fixed the hours.",
        ),
    )
    assert response.status_code == 302
    # An organizer moves a passed deadline and changes a weight.
    client.force_login(group_member("Moderators"))
    cameras = CommitmentPage.objects.get(pk=cameras.pk)
    response = client.post(
        edit_url(cameras),
        commitment_form(
            cameras,
            target_date=(today + days(365)).isoformat(),
            weight="5",
            change_reason="The vendor contract was cancelled.",
        ),
    )
    assert response.status_code == 302
    # Code renames a commitment: its id stays, the change is recorded.
    training = CommitmentPage.objects.get(pk=training.pk)
    training.title = "Sustained training"
    training.change_reason = "Plainer name."
    training.save_revision().publish()
    client.logout()
    return pledge


def rebuild(history, today):
    """Every public figure of a pledge from its history records alone."""
    terms = defaultdict(dict)
    originals = {}
    signed = None
    latest = {}
    for event in history:
        key = event["commitment_id"]
        if event["kind"] == "original" and key is None:
            signed = datetime.date.fromisoformat(event["new_value"])
        elif event["kind"] == "original":
            terms[key][event["term"]] = event["new_value"]
            originals[key] = dict(terms[key])
    for event in sorted(
        (e for e in history if e["kind"] == "amendment"),
        key=lambda e: (e["recorded_at"], e["event_id"]),
    ):
        if event["term"] == "date_signed":
            signed = datetime.date.fromisoformat(event["new_value"])
        elif event["term"] in ("weight", "target_date"):
            terms[event["commitment_id"]][event["term"]] = event["new_value"]
    for event in sorted(
        (e for e in history if e["kind"] == "update"),
        key=lambda e: (e["effective_date"], e["recorded_at"]),
    ):
        latest[event["commitment_id"]] = event
    figures = {}
    for key, values in terms.items():
        event = latest.get(key)
        status = event["new_status"] if event else Status.NOT_STARTED
        percentage = event["new_percentage"] if event else 0
        since = (
            datetime.date.fromisoformat(event["effective_date"]) if event else signed
        )
        dates = [
            datetime.date.fromisoformat(value)
            for value in (values["target_date"], originals[key]["target_date"])
            if value
        ]
        figures[key] = {
            "weight": int(values["weight"]),
            "status": status,
            "percentage": percentage,
            "stale": (today - since).days > settings.PLEDGES_STALE_AFTER_DAYS,
            "overdue": status != Status.MET and any(d < today for d in dates),
        }
    total = sum(f["weight"] for f in figures.values())
    overall = sum(f["weight"] * f["percentage"] for f in figures.values()) / (
        total * 100
    )
    return overall, figures


def test_every_figure_is_reproducible_from_the_history(client, long_history, today):
    pledge = long_history
    response = client.get(reverse("pledges:pledge_history", args=[pledge.pk, "json"]))
    assert response.status_code == 200
    data = response.json()
    assert data["licence"] == settings.PLEDGES_OPEN_DATA_LICENCE
    overall, figures = rebuild(data["history"], today)

    page = client.get(pledge.url)
    summary = page.context["summary"]
    assert overall == pytest.approx(summary.overall)
    shown = {
        c.pk: {
            "weight": c.weight,
            "status": c.status,
            "percentage": c.percentage,
            "stale": c.stale,
            "overdue": c.overdue,
        }
        for c in summary.commitments
    }
    assert figures == shown
    # Figures that make a story: a met board, a stalled-then-corrected camera
    # programme overdue against its original date, a silent budget shift.
    by_title = {c.title: c.pk for c in summary.commitments}
    assert figures[by_title["Review board"]]["status"] == Status.MET
    assert figures[by_title["Cameras"]] == {
        "weight": 5,
        "status": Status.IN_PROGRESS,
        "percentage": 80,
        "stale": True,
        "overdue": True,
    }
    assert figures[by_title["Budget shift"]]["stale"] is True
    # Each commitment page shows the same flags.
    for pk, expected in figures.items():
        context = client.get(CommitmentPage.objects.get(pk=pk).url).context
        assert (context["overdue"], context["stale"]) == (
            expected["overdue"],
            expected["stale"],
        )


def test_every_change_of_terms_is_in_the_history(client, long_history):
    pledge = long_history
    amendments = Amendment.objects.filter(pledge=pledge)
    assert sorted(amendments.values_list("term", flat=True)) == [
        "date_signed",
        "description",
        "target_date",
        "title",
        "weight",
    ]
    response = client.get(reverse("pledges:pledge_history", args=[pledge.pk, "json"]))
    events = {e["event_id"]: e for e in response.json()["history"]}
    for amendment in amendments:
        event = events[f"amendment-{amendment.pk}"]
        assert (event["term"], event["old_value"], event["new_value"]) == (
            amendment.term,
            amendment.old_value,
            amendment.new_value,
        )
        assert event["reason"] == amendment.reason
        assert event["url"].startswith(settings.SITE_URL)
    renamed = next(e for e in events.values() if e["term"] == "title")
    assert (renamed["old_value"], renamed["new_value"]) == (
        "Training",
        "Sustained training",
    )
    assert renamed["made_by"] == "the organizers"
    described = next(e for e in events.values() if e["term"] == "description")
    assert described["made_by"] == "Mayor's office: Riverton"
    assert described["reason"] == "The union agreement fixed the hours."
