import io

import pytest
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
