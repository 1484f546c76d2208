"""A pledge page lists its commitments from rows rather than pages: each entry
must still say what the commitment's own page says, in the reader's language,
link to it and mark English text on another language's page."""

import datetime

import pytest
from bs4 import BeautifulSoup

from engage.templatetags.engage_tags import format_date
from pledges.models import CommitmentPage, Status
from pledges.models.querysets import live_rows_under
from tests.factories.pledges import CommitmentPageFactory
from tests.helpers import url_in

pytestmark = pytest.mark.django_db


def entries(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {entry.h3.get_text(): entry for entry in soup.select(".pledge-commitment")}


def facts(entry):
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in entry.select(".facts dt")
    }


def text(entry, selector):
    return entry.select_one(selector).get_text(" ", strip=True)


def test_each_entry_says_what_its_commitment_page_says(
    client, pledge, commitment, overdue, update
):
    commitment.responsible_office = "Mayor's office"
    commitment.save()
    update(Status.IN_PROGRESS, 40, days_ago=5)
    listed = entries(client, pledge.url)
    assert list(listed) == ["Independent review board", "Body cameras"]

    reported = listed["Independent review board"]
    assert reported.h3.a["href"] == commitment.url
    assert text(reported, ".tag") == commitment.get_principle_display()
    assert text(reported, ".pledge-status") == "◔ In progress"
    assert text(reported, ".pledge-progress__value") == "40%"
    assert reported.select_one("progress")["value"] == "40"
    assert facts(reported)["Responsible"] == "Mayor's office"
    assert facts(reported)["Weight"] == "1"
    assert reported.select(".pledge-flag") == []

    silent = listed["Body cameras"]
    assert silent.h3.a["href"] == overdue.url
    assert text(silent, ".pledge-status--none") == "– No report yet"
    assert text(silent, ".pledge-progress__value") == "0%"
    assert facts(silent) == {
        "Responsible": "Police department",
        "Target date": format_date(overdue.target_date, "medium"),
        "Weight": "2",
        "Latest update": "None yet: counts as 0%",
    }
    assert [flag["class"][1] for flag in silent.select(".pledge-flag")] == [
        "pledge-flag--stale",
        "pledge-flag--overdue",
    ]
    for entry in listed.values():
        assert client.get(entry.h3.a["href"]).status_code == 200


def test_entries_follow_the_readers_language_and_mark_english(
    client, pledge, commitment, overdue, update
):
    commitment.title_es = "Junta de revisión independiente"
    commitment.responsible_office = "Mayor's office"
    commitment.responsible_office_es = "Alcaldía"
    commitment.save()
    update(Status.IN_PROGRESS, 40)
    listed = entries(client, url_in(pledge, "es"))

    translated = listed["Junta de revisión independiente"]
    assert translated.h3.a["href"] == url_in(commitment, "es")
    assert "lang" not in translated.h3.a.attrs
    assert text(translated, ".pledge-status") == "◔ En curso"
    assert text(translated, ".pledge-progress__value") == "40\xa0%"
    assert facts(translated)["Responsable"] == "Alcaldía"

    english = listed["Body cameras"]
    assert english.h3.a["href"] == url_in(overdue, "es")
    assert (english.h3.a["lang"], english.h3.a["dir"]) == ("en", "ltr")
    # Untranslated, the office is shown as the commitment's own page shows it.
    assert facts(english)["Responsable"] == "Police department"
    assert client.get(english.h3.a["href"]).status_code == 200


def test_a_pledge_with_many_commitments_lists_only_its_own_in_order(
    client, pledge, other_pledge
):
    """Past the ninth child a path's step holds letters ("000A"); the list must
    keep the tree's order and leave a neighbouring city's commitments out."""
    titles = [f"Promise {n}" for n in range(1, 13)]
    for title in titles:
        CommitmentPageFactory(parent=pledge, title=title)
    CommitmentPageFactory(parent=other_pledge, title="Port Alder promise")
    assert any(not c.path[-4:].isdigit() for c in pledge.get_children())

    assert list(entries(client, pledge.url)) == titles
    assert list(entries(client, other_pledge.url)) == ["Port Alder promise"]


def test_entries_report_the_update_the_commitment_page_calls_latest(
    client, pledge, commitment, overdue, update, today
):
    """The list reads which update is the latest, then that update; the
    commitment page reads each figure in its own subquery. They must agree: the
    newest by date, and on the same date the one published last; never a
    draft."""
    update(Status.IN_PROGRESS, 20, days_ago=9)
    update(Status.STALLED, 30, days_ago=2)
    update(Status.IN_PROGRESS, 60, days_ago=2)  # same day, published after
    update(Status.PARTIALLY_MET, 90, days_ago=5, on=overdue)
    update(Status.MET, 100, days_ago=1, on=overdue, publish=False)  # a draft
    urls = {pledge.path: pledge.url}
    rows = live_rows_under([pledge], urls)[pledge.path]
    pages = {page.pk: page for page in CommitmentPage.objects.with_progress()}
    assert [
        (row.latest_status, row.latest_percentage, row.latest_update_date)
        for row in rows
    ] == [
        (Status.IN_PROGRESS, 60, today - datetime.timedelta(days=2)),
        (Status.PARTIALLY_MET, 90, today - datetime.timedelta(days=5)),
    ]
    for row in rows:
        page = pages[row.pk]
        assert (row.latest_status, row.latest_percentage, row.latest_update_date) == (
            page.latest_status,
            page.latest_percentage,
            page.latest_update_date,
        )
    listed = entries(client, pledge.url)
    assert text(listed["Independent review board"], ".pledge-status") == (
        "◔ In progress"
    )
