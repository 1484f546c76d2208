import datetime

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse

from pledges.models import Amendment, Status
from pledges.services.posting import Evidence
from tests.factories.pledges import CommitmentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(pledge, other_pledge, commitment, update):
    elsewhere = CommitmentPageFactory(parent=other_pledge, title="Budget shift")
    first = update(Status.IN_PROGRESS, 30, days_ago=3)
    second = update(Status.PARTIALLY_MET, 60, days_ago=1)
    foreign = update(Status.STALLED, 10, on=elsewhere)
    draft = update(Status.MET, 100, publish=False)
    return {"first": first, "second": second, "foreign": foreign, "draft": draft}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_pledge_feed_lists_its_published_updates(client, pledge, history):
    feed = parse(client, reverse("pledges:pledge_feed", args=[pledge.pk]))
    assert feed.version == "atom10"
    assert "Riverton" in feed.feed.title
    links = [entry.link for entry in feed.entries]
    assert len(links) == 2
    assert all(link.startswith(f"{settings.SITE_URL}/en/") for link in links)
    assert feed.feed.link == f"{settings.SITE_URL}{pledge.url}"
    assert links[0].endswith(f"#update-{history['second'].pk}")
    assert links[1].endswith(f"#update-{history['first'].pk}")
    assert "Independent review board" in feed.entries[0].title
    assert "partially met" in feed.entries[0].title
    assert feed.entries[0].summary == "Work is under way."


def test_all_pledges_feed(client, history):
    feed = parse(client, reverse("pledges:all_feed"))
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 3
    assert any(title.startswith("Port Alder") for title in titles)
    assert not any("is met" in title for title in titles)


def test_feed_in_another_language(client, pledge, history):
    response = client.get(f"/es/pledge-feeds/{pledge.pk}.atom")
    feed = feedparser.parse(response.content)
    assert feed.feed.language == "es"
    assert feed.entries[0].link.split("/")[3] == "es"


def test_feed_of_an_unknown_pledge_is_404(client, db):
    assert client.get("/en/pledge-feeds/999999.atom").status_code == 404


def test_pages_announce_their_feeds(client, pledge_index, pledge, commitment, history):
    pledge_html = client.get(pledge.url).content.decode()
    assert (
        f'type="application/atom+xml" title="Progress updates: Riverton" '
        f'href="/en/pledge-feeds/{pledge.pk}.atom"' in pledge_html
    )
    index_html = client.get(pledge_index.url).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in index_html
    assert "/en/pledge-feeds/all.atom" in index_html


def test_entries_are_dated_by_effective_date_and_link_their_evidence(
    client, pledge, commitment, update, today
):
    update(
        Status.IN_PROGRESS,
        30,
        days_ago=6,
        evidence=[Evidence("Minutes", url="https://example.org/minutes")],
    )
    feed = parse(client, reverse("pledges:pledge_feed", args=[pledge.pk]))
    [entry] = feed.entries
    published = datetime.date(*entry.published_parsed[:3])
    assert published == today - datetime.timedelta(days=6)
    assert [link.href for link in entry.links if link.rel == "enclosure"] == [
        "https://example.org/minutes"
    ]


def test_amendments_are_feed_entries(client, pledge, commitment):
    commitment.target_date = datetime.date(2027, 12, 31)
    commitment.change_reason = "The state law passes in 2027."
    commitment.save_revision().publish()
    amendment = Amendment.objects.get()
    feed = parse(client, reverse("pledges:pledge_feed", args=[pledge.pk]))
    [entry] = feed.entries
    assert entry.title == (
        "Riverton: the terms of Independent review board changed (target date)"
    )
    assert entry.link == (
        f"{settings.SITE_URL}{commitment.url}#amendment-{amendment.pk}"
    )
    assert "Target date moved from none to December 31, 2027" in entry.summary
    assert "Reason: The state law passes in 2027." in entry.summary
