"""Seeing progress: the chart over time with its table, "No report yet" apart from
a reported "Not started" (in the counts too), and the stale and overdue counts on
the city cards."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _

from pledges.chart import progress_chart
from pledges.models import PledgePage, ProgressUpdatePage, Status
from pledges.share_image import Picture, draw_pledge
from tests.factories.pledges import CommitmentPageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_chart_steps_from_update_to_update_until_today(pledge, commitment, update):
    update(Status.IN_PROGRESS, 25, days_ago=20)
    update(Status.PARTIALLY_MET, 75, days_ago=10)
    updates = ProgressUpdatePage.objects.live().order_by("update_date")
    today = datetime.date.today()
    chart = progress_chart(
        updates, since=today - datetime.timedelta(days=40), today=today
    )
    # 40 days over 340 units from x=48; 0% at y=180, 100% at y=12.
    assert [(p.x, p.y, p.percentage) for p in chart.points] == [
        (218.0, 138.0, 25),
        (303.0, 54.0, 75),
    ]
    assert chart.path == "M218.0,138.0H303.0V54.0H388.0"
    assert [tick["y"] for tick in chart.ticks] == [180.0, 138.0, 96.0, 54.0, 12.0]


def test_no_chart_without_a_report():
    assert progress_chart([]) is None


def test_commitment_page_has_an_accessible_chart_and_its_table(
    client, commitment, update
):
    update(Status.IN_PROGRESS, 25, days_ago=20)
    update(Status.STALLED, 25, days_ago=3)
    page = soup(client.get(commitment.url))
    section = page.select_one("section.pledge-chart")
    svg = section.select_one("svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "commitment-chart-title commitment-chart-desc"
    assert svg.select_one("title#commitment-chart-title").get_text() == (
        "Progress over time: Independent review board"
    )
    assert svg.select_one("desc#commitment-chart-desc").get_text() == (
        "Line chart over time. The same figures are in the table below."
    )
    assert len(svg.select("circle")) == 2
    # The chart is drawn by the server: the page's only script is the site-wide
    # form enhancement, and the chart needs none.
    assert not section.select("script")
    assert [script["src"] for script in page.select("script")] == [
        static("engage/js/forms.js")
    ]
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in section.select("table tbody tr")
    ]
    assert [row[1:] for row in rows] == [["In progress", "25%"], ["Stalled", "25%"]]


def test_never_reported_is_not_the_same_as_reported_not_started(
    client, pledge, commitment, update
):
    started = CommitmentPageFactory(parent=pledge, title="Body cameras")
    update(Status.NOT_STARTED, 0, on=started)
    silent = soup(client.get(commitment.url))
    badge = silent.select_one(".pledge-current .pledge-status")
    assert badge.get_text(strip=True) == "–No report yet"
    assert "pledge-status--none" in badge["class"]
    assert silent.select_one(".pledge-chart .pledge-no-report").get_text() == (
        "No report yet"
    )
    reported = soup(client.get(started.url))
    badge = reported.select_one(".pledge-current .pledge-status")
    assert badge.get_text(strip=True) == "○Not started"
    assert reported.select_one(".pledge-chart svg") is not None
    cards = soup(client.get(pledge.url)).select(".pledge-commitment")
    labels = {
        card.select_one("h3").get_text(strip=True): card.select_one(
            ".pledge-status"
        ).get_text(strip=True)
        for card in cards
    }
    assert labels == {
        "Independent review board": "–No report yet",
        "Body cameras": "○Not started",
    }


def test_city_cards_count_stale_and_overdue_commitments(
    client, pledge_index, pledge, other_pledge, update, settings
):
    settings.PLEDGES_STALE_AFTER_DAYS = 10
    late = datetime.date.today() - datetime.timedelta(days=1)
    overdue = CommitmentPageFactory(parent=pledge, target_date=late)
    stale = CommitmentPageFactory(parent=pledge)
    fresh = CommitmentPageFactory(parent=pledge, target_date=late)
    update(Status.IN_PROGRESS, 40, on=overdue, days_ago=2)
    update(Status.IN_PROGRESS, 40, on=stale, days_ago=12)
    update(Status.MET, 100, on=fresh, days_ago=1)
    elsewhere = CommitmentPageFactory(parent=other_pledge)
    update(Status.IN_PROGRESS, 10, on=elsewhere, days_ago=1)
    cards = {
        card.select_one("h3").get_text(strip=True): [
            li.get_text(" ", strip=True) for li in card.select(".pledge-card__count")
        ]
        for card in soup(client.get(pledge_index.url)).select(".pledge-card")
    }
    assert cards == {
        "Port Alder": [
            "⚠ 0 commitments overdue",
            "⏱ 0 commitments with no update in over 10 days",
        ],
        "Riverton": [
            "⚠ 1 commitment overdue",
            # The fixture's commitment has had no report in the 30 days since
            # signing.
            "⏱ 2 commitments with no update in over 10 days",
        ],
    }


@pytest.fixture
def reported(pledge, commitment, update):
    """Riverton: one reported "Not started", one in progress, and two (the
    fixture's commitment and "Use-of-force policy") nobody has reported on."""
    started = CommitmentPageFactory(parent=pledge, title="Body cameras")
    moving = CommitmentPageFactory(parent=pledge, title="Civilian review")
    CommitmentPageFactory(parent=pledge, title="Use-of-force policy")
    update(Status.NOT_STARTED, 0, on=started)
    update(Status.IN_PROGRESS, 40, on=moving)


def test_counts_put_commitments_nobody_reported_on_under_no_report_yet(
    client, pledge_index, pledge, reported
):
    page = soup(client.get(pledge.url))
    counts = [
        (
            item.select_one(".pledge-status").get_text(strip=True),
            item.select_one(".pledge-counts__number").get_text(strip=True),
        )
        for item in page.select(".pledge-counts li")
    ]
    assert counts == [
        ("○Not started", "1"),
        ("◔In progress", "1"),
        ("–No report yet", "2"),
    ]
    assert (
        page.select_one(".pledge-overall .help")
        .get_text(" ", strip=True)
        .endswith("2 commitments have no update yet and count as 0%.")
    )
    card = soup(client.get(pledge_index.url)).select_one(".pledge-card .help")
    assert card.get_text(strip=True) == (
        "2 commitments have no update yet and count as 0%."
    )


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_share_picture_counts_them_the_same_way(
    pledge, reported, language, monkeypatch
):
    pills = []
    draw_pill = Picture.pill

    def pill(picture, text, *args, **kwargs):
        pills.append(text)
        return draw_pill(picture, text, *args, **kwargs)

    monkeypatch.setattr(Picture, "pill", pill)
    draw_pledge(PledgePage.objects.get(pk=pledge.pk).summary(), language)
    with translation.override(language):
        assert pills == [
            f"{_('Not started')}: 1",
            f"{_('In progress')}: 1",
            f"{_('No report yet')}: 2",
        ]


COORDINATES = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy")


@pytest.mark.parametrize("language", ["es", "vi", "ar", "en"])
def test_the_chart_is_drawn_in_every_language(client, commitment, update, language):
    """Spanish, Vietnamese and Arabic write 180.0 as “180,0”, which is no SVG
    number: the grid, the points and the labels vanished or piled up at 0.
    Arabic also set the labels right to left, pushing them out of the frame."""
    update(Status.IN_PROGRESS, 25, days_ago=20)
    update(Status.STALLED, 40, days_ago=3)
    with translation.override(language):
        svg = soup(client.get(commitment.url)).select_one("section.pledge-chart svg")
    assert svg["direction"] == "ltr"
    numbers = [
        element[name]
        for element in svg.select("line, text, circle")
        for name in COORDINATES
        if element.has_attr(name)
    ]
    assert len(numbers) == 5 * 6 + 2 * 2 + 2 * 2
    for number in numbers:
        float(number)  # raises on “180,0”
    # The dates at either end keep their own order inside the left-to-right chart.
    dates = [label.get_text() for label in svg.select("text[text-anchor=start]")]
    dates += [
        label.get_text()
        for label in svg.select("text[text-anchor=end]")
        if not label.has_attr("dominant-baseline")
    ]
    assert len(dates) == 2
    assert all(d.startswith("\u2068") and d.endswith("\u2069") for d in dates)
