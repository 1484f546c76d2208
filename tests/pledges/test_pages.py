import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from pledges.models import (
    CommitmentPage,
    PledgePage,
    ProgressUpdatePage,
    Status,
    UpdateEvidence,
)

from .conftest import url_in
from .factories import CommitmentPageFactory, PledgePageFactory

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


def build(index, today, commitments, updates_each):
    pledge = PledgePageFactory(parent=index, city=f"City {commitments}")
    for n in range(commitments):
        commitment = CommitmentPageFactory(parent=pledge, title=f"Promise {n}")
        bulk_history(commitment, updates_each, today)
    return pledge


def count_queries(client, url):
    client.get(url)  # warm caches that are per process, not per data size
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_pledge_page_queries_do_not_grow_with_data(client, index, today):
    small = build(index, today, 7, 1)
    large = build(index, today, 20, 100)
    small_count, small_response = count_queries(client, small.url)
    large_count, large_response = count_queries(client, large.url)
    assert small_count == large_count
    # Routing, view restrictions, breadcrumbs, site settings and the menu take
    # nine of these; the pledge's own data takes two.
    assert small_count <= 11
    assert large_response.content.count(b'class="card pledge-commitment"') == 20
    index_small, _r = count_queries(client, index.url)
    commitment = CommitmentPage.objects.child_of(large).first()
    commitment_count, response = count_queries(client, commitment.url)
    assert response.content.count(b'class="pledge-timeline__entry"') == 100
    # One level deeper than the pledge: two more routing queries; then the
    # pledge, the updates and their evidence.
    assert commitment_count <= 15
    small_commitment = CommitmentPage.objects.child_of(small).first()
    assert count_queries(client, small_commitment.url)[0] == commitment_count
    assert index_small <= 10


def test_pledge_page_shows_progress_flags_and_legend(
    client, index, pledge, commitment, update, today
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


def test_index_grid_has_text_and_colour(client, index, pledge, other_pledge, update):
    commitment = CommitmentPageFactory(parent=pledge, principle="training")
    CommitmentPageFactory(parent=other_pledge, principle="accountability")
    update(Status.MET, 100, on=commitment)
    html = client.get(index.url).content.decode()
    assert "Rigorous, sustained training" in html
    assert "Accountability to the community" in html
    assert '<span class="pledge-status" style="--pledge-status: #1d6b34">' in html
    assert "Met</span>" in html
    assert "No commitment" in html  # Port Alder has no training commitment


@pytest.mark.parametrize("language", ["es", "zh-hans", "vi", "ar", "ko"])
def test_pages_render_in_every_language(
    client, index, pledge, commitment, update, language
):
    update()
    for page in (index, pledge, commitment):
        response = client.get(url_in(page, language))
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


def test_draft_pledges_are_not_listed(client, index, pledge):
    draft = PledgePageFactory(parent=index, city="Hidden City", live=False)
    assert PledgePage.objects.filter(pk=draft.pk, live=False).exists()
    assert "Hidden City" not in client.get(index.url).content.decode()
