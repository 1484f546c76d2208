import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from PIL import Image

from pledges.models import PledgeShareImage, Status
from pledges.share_image import regenerate

pytestmark = pytest.mark.django_db


def stored_png(pledge):
    share = PledgeShareImage.objects.get(pledge=pledge)
    with share.image.open("rb") as handle:
        return share, handle.read()


def test_share_image_is_an_open_graph_png(pledge, commitment):
    share = regenerate(pledge)
    with share.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_publishing_an_update_redraws_the_image(pledge, commitment, update):
    regenerate(pledge)
    before_share, before = stored_png(pledge)
    update(Status.PARTIALLY_MET, 60)
    after_share, after = stored_png(pledge)
    assert after_share.generated_at > before_share.generated_at
    assert after != before
    assert after_share.fingerprint != before_share.fingerprint


def test_unchanged_progress_keeps_the_image(pledge, commitment):
    first = regenerate(pledge)
    again = regenerate(pledge)
    assert again.generated_at == first.generated_at


def test_share_image_view(client, pledge, commitment):
    response = client.get(reverse("pledges:share_image", args=[pledge.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_pledge_page_points_to_its_share_image(client, pledge):
    html = client.get(pledge.url).content.decode()
    assert (
        f'<meta property="og:image" content="http://testserver/en/pledge-share/'
        f'{pledge.pk}.png">' in html
    )
    assert "facebook.com/sharer" in html


def test_no_share_image_for_a_draft_pledge(client, pledge):
    pledge.unpublish()
    response = client.get(reverse("pledges:share_image", args=[pledge.pk]))
    assert response.status_code == 404


def share_head(client, page):
    """The feed link and the Open Graph tags of ``page``, in order."""
    head = BeautifulSoup(client.get(page.url).content, "html.parser").head
    tags = head.select(
        'link[type="application/atom+xml"], meta[property^="og:"], '
        'meta[name="twitter:card"]'
    )
    return [dict(tag.attrs) for tag in tags]


def feed_link(pledge):
    return {
        "rel": ["alternate"],
        "type": "application/atom+xml",
        "title": "Progress updates: Riverton",
        "href": reverse("pledges:pledge_feed", args=[pledge.pk]),
    }


def picture_tags(path, alt):
    return [
        {"property": "og:image", "content": f"http://testserver{path}"},
        {"property": "og:image:width", "content": "1200"},
        {"property": "og:image:height", "content": "630"},
        {"property": "og:image:alt", "content": alt},
        {"name": "twitter:card", "content": "summary_large_image"},
    ]


def test_pledge_and_commitment_pages_share_the_same_head(client, pledge, commitment):
    commitment.description = 'Set up a board "with teeth". ' * 10
    commitment.save_revision().publish()
    assert share_head(client, pledge) == [
        feed_link(pledge),
        {"property": "og:type", "content": "website"},
        {"property": "og:title", "content": "Riverton pledge"},
        {"property": "og:url", "content": f"http://testserver{pledge.url}"},
        *picture_tags(
            reverse("pledges:share_image", args=[pledge.pk]),
            "Progress on the mayoral pledge of Riverton",
        ),
    ]
    assert share_head(client, commitment) == [
        feed_link(pledge),
        {"property": "og:type", "content": "article"},
        {"property": "og:title", "content": "Independent review board"},
        {"property": "og:description", "content": commitment.description[:199] + "…"},
        {"property": "og:url", "content": f"http://testserver{commitment.url}"},
        *picture_tags(
            reverse("pledges:commitment_share_image", args=[commitment.pk]),
            "Progress on the commitment “Independent review board” of the "
            "mayoral pledge of Riverton",
        ),
    ]
