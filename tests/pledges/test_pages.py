import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale, Page

from engage.i18n import NON_DEFAULT_LANGUAGE_CODES
from pledges.models import (
    Amendment,
    CommitmentActionItem,
    CommitmentPage,
    CommitmentSurveyQuestion,
    PledgePage,
    ProgressUpdatePage,
    Status,
    UpdateEvidence,
)
from pledges.models.index import PLEDGES_PER_PAGE
from surveys.models import SurveyIndexPage
from tests.factories.forums import make_forum
from tests.factories.forums import make_index as make_forum_index
from tests.factories.outcomes import make_summary
from tests.factories.pledges import CommitmentPageFactory, PledgePageFactory
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey
from tests.helpers import count_queries, url_in

pytestmark = pytest.mark.django_db

STATUSES = list(Status)


def bulk_history(commitment, count, today):
    """``count`` published updates with evidence, written straight to the tables:
    building 2,000 pages through the admin path would take minutes."""
    content_type = ContentType.objects.get_for_model(ProgressUpdatePage)
    locale = Locale.get_default()
    now = timezone.now()
    pages = []
    for n in range(count):
        pages.append(
            Page(
                path=Page._get_path(commitment.path, commitment.depth + 1, n + 1),
                depth=commitment.depth + 1,
                numchild=0,
                title=f"Update {n}",
                title_en=f"Update {n}",
                draft_title=f"Update {n}",
                slug=f"update-{n}",
                content_type=content_type,
                locale=locale,
                live=True,
                first_published_at=now,
                last_published_at=now,
                url_path=f"{commitment.url_path}update-{n}/",
            )
        )
    Page.objects.bulk_create(pages)
    evidence = []
    for n, page in enumerate(
        Page.objects.filter(path__startswith=commitment.path)
        .exclude(pk=commitment.pk)
        .order_by("path")
    ):
        status = STATUSES[n % 5 + 1]
        update = ProgressUpdatePage(
            page_ptr_id=page.pk,
            commitment_id=commitment.pk,
            update_date=today - datetime.timedelta(days=count - n),
            status=status,
            percentage=100 if status == Status.MET else n % 100,
            explanation_en=f"Step {n}.",
        )
        update.save_base(raw=True)
        evidence.append(
            UpdateEvidence(page_id=page.pk, title_en=f"Proof {n}", url="https://e.org")
        )
    UpdateEvidence.objects.bulk_create(evidence)
    Page.objects.filter(pk=commitment.pk).update(numchild=count)


def related_content(home, count):
    """A published forum summary with ``count`` action items and a published
    survey with ``count`` questions whose results are public."""
    forum = make_forum(make_forum_index(home, slug=f"forums-{count}"))
    summary = make_summary(
        forum, items=[(f"Action {n}", "in_progress") for n in range(count)]
    )
    survey_index = SurveyIndexPage.objects.first() or make_survey_index(home)
    survey = make_survey(
        survey_index,
        results_public=True,
        questions=[
            {"kind": "yes_no", "key": f"q{n}", "text": f"Question {n}?"}
            for n in range(count)
        ],
    )
    return list(summary.action_items.all()), list(survey.questions.all())


def build(pledge_index, today, commitments, updates_each, links_each):
    pledge = PledgePageFactory(parent=pledge_index, city=f"City {commitments}")
    action_items, questions = related_content(pledge_index.get_parent(), links_each)
    for n in range(commitments):
        commitment = CommitmentPageFactory(parent=pledge, title=f"Promise {n}")
        bulk_history(commitment, updates_each, today)
        CommitmentActionItem.objects.bulk_create(
            CommitmentActionItem(page=commitment, action_item=item, sort_order=i)
            for i, item in enumerate(action_items)
        )
        CommitmentSurveyQuestion.objects.bulk_create(
            CommitmentSurveyQuestion(page=commitment, question=question, sort_order=i)
            for i, question in enumerate(questions)
        )
    return pledge


# Exact counts with the page cache off, the same for a small and a large pledge.
# The pledge's own data is two queries (commitments with link counts and each
# one's latest report; the amendments of its terms); the rest is routing (the
# page's own row: the pages on its path are kept per process and content
# version), so these numbers move only when that shared page furniture changes.
PLEDGE_PAGE_QUERIES = 3
# The commitment page adds the pledge, the updates, their evidence, the linked
# action items, the linked survey questions and the amendments of its terms.
COMMITMENT_PAGE_QUERIES = 7
# The index as the pledge page, with the pledges and their count, and the
# commitments of the cities shown with their latest reports.
INDEX_PAGE_QUERIES = 4


def test_page_queries_do_not_grow_with_data(client, pledge_index, today, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0  # count the page's work, not a cache hit
    small = build(pledge_index, today, 7, 1, 1)
    large = build(pledge_index, today, 20, 100, 10)
    small_count, small_response = count_queries(client, small.url, response=True)
    large_count, large_response = count_queries(client, large.url, response=True)
    assert (small_count, large_count) == (PLEDGE_PAGE_QUERIES, PLEDGE_PAGE_QUERIES)
    assert large_response.content.count(b'class="card pledge-commitment"') == 20
    assert b"10 related forum action items" in large_response.content
    assert b"1 related survey question" in small_response.content

    commitment = CommitmentPage.objects.child_of(large).first()
    commitment_count, response = count_queries(client, commitment.url, response=True)
    assert response.content.count(b'class="pledge-timeline__entry"') == 100
    assert response.content.count(b'class="pledge-related__item"') == 20
    small_commitment = CommitmentPage.objects.child_of(small).first()
    small_commitment_count, response = count_queries(
        client, small_commitment.url, response=True
    )
    assert response.content.count(b'class="pledge-related__item"') == 2
    assert (small_commitment_count, commitment_count) == (
        COMMITMENT_PAGE_QUERIES,
        COMMITMENT_PAGE_QUERIES,
    )
    assert count_queries(client, pledge_index.url) == INDEX_PAGE_QUERIES


def test_the_latest_change_names_its_commitment_without_another_query(
    client, pledge, settings
):
    """The latest change links to the commitment it changed, under the title the
    reader sees (marked English where untranslated), read from the page's own
    list of commitments: the page costs what it costs with no changes at all."""
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    changed = CommitmentPageFactory(parent=pledge, title="Use-of-force policy")
    CommitmentPageFactory(parent=pledge, title="Budget shift")
    unchanged = count_queries(client, pledge.url)
    Amendment.objects.create(pledge=pledge, term="date_signed", old_value="2026-01-05")
    latest = Amendment.objects.create(
        pledge=pledge,
        commitment=changed,
        term="target_date",
        old_value="2026-11-03",
        new_value="2027-12-31",
    )
    count, response = count_queries(client, pledge.url, response=True)
    assert count == unchanged
    html = BeautifulSoup(response.content, "html.parser")
    latest_change = html.select_one("#changes p:nth-of-type(2) a")
    assert latest_change["href"] == f"{changed.url}#amendment-{latest.pk}"
    assert latest_change.get_text() == "Use-of-force policy"
    assert "lang" not in latest_change.attrs

    html = BeautifulSoup(client.get(url_in(pledge, "es")).content, "html.parser")
    latest_change = html.select_one("#changes p:nth-of-type(2) a")
    assert latest_change["href"] == f"{url_in(changed, 'es')}#amendment-{latest.pk}"
    assert (latest_change["lang"], latest_change["dir"]) == ("en", "ltr")


def test_a_change_to_a_commitment_moved_to_another_pledge_still_names_it(
    client, pledge, other_pledge
):
    moved = CommitmentPageFactory(parent=pledge, title="Use-of-force policy")
    latest = Amendment.objects.create(
        pledge=pledge, commitment=moved, term="target_date", new_value="2027-12-31"
    )
    moved.move(other_pledge, pos="last-child")
    moved.refresh_from_db()
    html = BeautifulSoup(client.get(pledge.url).content, "html.parser")
    latest_change = html.select_one("#changes p:nth-of-type(2) a")
    assert latest_change["href"] == f"{moved.url}#amendment-{latest.pk}"
    assert latest_change.get_text() == "Use-of-force policy"


def test_pledge_page_shows_progress_flags_and_legend(
    client, pledge_index, pledge, commitment, update, today
):
    CommitmentPageFactory(
        parent=pledge,
        title="Budget shift",
        target_date=today - datetime.timedelta(days=3),
    )
    update(Status.PARTIALLY_MET, 60, days_ago=70)
    html = client.get(pledge.url).content.decode()
    assert "Partially met" in html
    assert "30%" in html  # (60 + 0) / 2
    assert "1 commitment has no update yet and counts as 0%." in html
    assert "No update in 70 days" in html
    assert "Overdue: the target date was" in html
    for label in ("Not started", "In progress", "Stalled", "Met", "Not met"):
        assert label in html
    assert 'action="/en/pledge-follow/' in html


def test_commitment_page_timeline(client, commitment, update):
    first = update(Status.IN_PROGRESS, 30, days_ago=5, explanation="Bill drafted.")
    update(Status.STALLED, 30, days_ago=1, corrects=first, explanation="Correction.")
    html = client.get(commitment.url).content.decode()
    assert html.index("Correction.") < html.index("Bill drafted.")
    assert f'id="update-{first.pk}"' in html
    assert "This update corrects the update of" in html
    assert "A later update of" in html
    assert html.count('class="pledge-status"') >= 3


def test_update_urls_lead_to_the_timeline(client, commitment, update):
    published = update()
    response = client.get(published.url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"{commitment.url}#update-{published.pk}")


def test_index_grid_has_text_and_colour(
    client, pledge_index, pledge, other_pledge, update
):
    commitment = CommitmentPageFactory(parent=pledge, principle="training")
    CommitmentPageFactory(parent=other_pledge, principle="accountability")
    update(Status.MET, 100, on=commitment)
    html = client.get(pledge_index.url).content.decode()
    assert "Rigorous, sustained training" in html
    assert "Accountability to the community" in html
    assert '<span class="pledge-status" style="--pledge-status: #1d6b34">' in html
    assert "Met</span>" in html
    assert "No commitment" in html  # Port Alder has no training commitment


@pytest.mark.parametrize("language", NON_DEFAULT_LANGUAGE_CODES)
def test_pages_render_in_every_language(
    client, pledge_index, pledge, commitment, update, language
):
    update()
    for page in (pledge_index, pledge, commitment):
        response = client.get(url_in(page, language))
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


def test_draft_pledges_are_not_listed(client, pledge_index, pledge):
    draft = PledgePageFactory(parent=pledge_index, city="Hidden City", live=False)
    assert PledgePage.objects.filter(pk=draft.pk, live=False).exists()
    assert "Hidden City" not in client.get(pledge_index.url).content.decode()


def test_local_context_figures_show_their_source_and_year(client, pledge):
    pledge.local_context = [
        (
            "figure",
            {
                "value": "4",
                "description": "people killed by police",
                "year": 2024,
                "source_name": "County coroner",
                "source_url": "https://example.org/coroner",
            },
        ),
        (
            "person",
            {
                "name": "Jordan Doe",
                "year": 2024,
                "description": "Killed during a traffic stop.",
                "source_name": "Riverton Ledger",
                "source_url": "",
            },
        ),
    ]
    pledge.save_revision().publish()
    html = client.get(pledge.url).content.decode()
    assert "people killed by police (2024)" in html
    assert '<a href="https://example.org/coroner">County coroner</a>' in html
    assert "Jordan Doe" in html and "Riverton Ledger" in html


def test_the_home_page_shows_three_cities_and_links_to_all(client, pledge_index):
    for city in ("Dayton", "Akron", "Toledo", "Canton"):
        PledgePageFactory(parent=pledge_index, city=city, title=f"{city} pledge")
    page = client.get("/en/").content.decode()
    section = page[page.index('id="pledge-home-heading"') :]
    shown = [
        city for city in ("Akron", "Canton", "Dayton", "Toledo") if city in section
    ]
    assert shown == ["Akron", "Canton", "Dayton"]
    assert f'href="{pledge_index.url}"' in section


def test_the_home_page_cards_link_each_city_and_mark_english(client, pledge_index):
    """The home page reads pledges as rows: each card still links to its pledge in
    the reader's language and marks a city name shown in English."""
    akron = PledgePageFactory(parent=pledge_index, city="Akron", city_es="Akrón")
    canton = PledgePageFactory(parent=pledge_index, city="Canton <b>OH</b>")
    soup = BeautifulSoup(client.get("/es/").content, "html.parser")
    links = soup.select("section.pledge-home h3 a")
    assert [link.get_text() for link in links] == ["Akrón", "Canton <b>OH</b>"]
    assert [link["href"] for link in links] == [
        url_in(akron, "es"),
        url_in(canton, "es"),
    ]
    assert links[0].get("lang") is None
    assert (links[1]["lang"], links[1]["dir"]) == ("en", "ltr")
    assert links[1].b is None  # the name's markup stays text
    bars = soup.select("section.pledge-home progress")
    assert [bar["aria-labelledby"] for bar in bars] == [link["id"] for link in links]


def test_the_index_shows_cities_a_page_at_a_time(client, pledge_index, settings):
    """However many mayors sign, a page of the index shows the same number of
    cities, in its cards and in its grid, and costs the same queries."""
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    cities = [f"City {n:02}" for n in range(1, PLEDGES_PER_PAGE + 3)]
    for city in cities[:3]:
        PledgePageFactory(parent=pledge_index, city=city, title=f"{city} pledge")
    few = count_queries(client, pledge_index.url)
    for city in cities[3:]:
        PledgePageFactory(parent=pledge_index, city=city, title=f"{city} pledge")
    assert count_queries(client, pledge_index.url) == few == INDEX_PAGE_QUERIES

    first = client.get(pledge_index.url).content.decode()
    assert first.count('class="card pledge-card"') == PLEDGES_PER_PAGE
    assert first.count('<th scope="row">') == PLEDGES_PER_PAGE
    assert f"{len(cities)} cities; showing 1 to {PLEDGES_PER_PAGE}." in first
    assert 'href="?page=2" rel="next"' in first
    assert cities[-1] not in first
    second = client.get(pledge_index.url, {"page": "2"}).content.decode()
    assert second.count('class="card pledge-card"') == 2
    assert cities[-1] in second and cities[0] not in second
    for junk in ["abc", "0", "99999999999999999999", "-1"]:
        assert client.get(pledge_index.url, {"page": junk}).status_code == 200


def test_the_home_page_overview_adds_up_as_the_pledge_does(
    client, pledge_index, pledge, update
):
    """The home page reads commitments as numbers, not pages: its overall figure
    and latest date must be the pledge's own, weights, silence and drafts
    included."""
    heavy = CommitmentPageFactory(parent=pledge, title="Heavy", weight=3)
    light = CommitmentPageFactory(parent=pledge, title="Light", weight=1)
    CommitmentPageFactory(parent=pledge, title="Silent", weight=2)
    draft = CommitmentPageFactory(parent=pledge, title="Draft", weight=5, live=False)
    update(on=heavy, percentage=50, days_ago=9)
    update(on=heavy, percentage=80, days_ago=4)
    update(on=light, percentage=100, status=Status.MET, days_ago=2)
    assert not draft.live
    other = PledgePageFactory(parent=pledge_index, city="Zed City")

    overview, empty = PledgePage.objects.live().overviews(3)
    summary = PledgePage.objects.get(pk=pledge.pk).summary()
    # (3 × 80 + 1 × 100 + 2 × 0 + 1 × 0) / (7 × 100), with the fixture's own
    # commitment, also silent: the draft's weight is not counted.
    assert overview.overall == summary.overall == pytest.approx(340 / 700)
    assert overview.latest_update == summary.latest_update
    assert (empty.pledge.pk, empty.overall, empty.latest_update) == (
        other.pk,
        None,
        None,
    )
    section = client.get("/en/").content.decode()
    section = section[section.index('id="pledge-home-heading"') :]
    assert 'value="49"' in section and "49%" in section
