"""Share pictures in each page language: drawn with fonts pip installed, whose
glyphs cover every character drawn, Arabic joined and set right to left."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat, features

from engage.i18n import LANGUAGE_CODES
from pledges import fonts
from pledges.choices import Status
from pledges.share_image import (
    FOLDER,
    _prefix_of,
    commitment_image,
    draw_commitment,
    draw_pledge,
)
from tests.factories.pledges import CommitmentPageFactory

pytestmark = pytest.mark.django_db

TITLES = {
    "en": "Independent review board",
    "es": "Junta de revisión independiente",
    "zh-hans": "独立审查委员会",
    "vi": "Hội đồng xem xét độc lập",
    "ar": "مجلس مراجعة مستقل",
    "ko": "독립 검토 위원회",
}
EXPECTED_FACE = {
    "en": fonts.LATIN,
    "es": fonts.LATIN,
    "vi": fonts.LATIN,
    "zh-hans": fonts.CHINESE,
    "ko": fonts.KOREAN,
    "ar": fonts.ARABIC,
}


@pytest.fixture
def translated(pledge):
    fields = {f"title_{code.replace('-', '_')}": t for code, t in TITLES.items()}
    commitment = CommitmentPageFactory(parent=pledge, **fields)
    return commitment


def test_pillow_shapes_text_with_raqm():
    """Without raqm Arabic would be drawn unjoined and left to right."""
    assert features.check("raqm")


def test_fonts_come_from_installed_packages_not_the_system():
    for face in {fonts.LATIN, fonts.ARABIC, fonts.KOREAN, fonts.CHINESE}:
        assert "site-packages" in str(face.path)
        assert face.path.exists()


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_run_is_drawn_with_a_font_that_has_its_glyphs(
    language, pledge, translated, update
):
    update(Status.IN_PROGRESS, 40, on=translated)
    translated.refresh_from_db()
    pictures = [
        draw_pledge(pledge.summary(), language),
        draw_commitment(translated, pledge, language),
    ]
    for picture in pictures:
        assert picture.runs
        for face, text in picture.runs:
            assert fonts.covers(face, text), (face, text)
    title_runs = [
        face for face, text in pictures[1].runs if TITLES[language] in text
    ] or [face for face, text in pictures[1].runs if text.strip() in TITLES[language]]
    assert set(title_runs) == {EXPECTED_FACE[language]}


def test_arabic_is_joined_and_right_to_left():
    """The word drawn through the stack matches its presentation forms (initial
    seen, lam-alef ligature, isolated meem) set visually, to within anti-aliasing,
    and not the letters drawn unjoined and left to right."""
    image = Image.new("L", (400, 120), 0)
    draw = ImageDraw.Draw(image)
    line = fonts.layout(draw, "سلام", "ar", 60)
    assert [piece.face for piece in line.pieces] == [fonts.ARABIC]
    line.draw(draw, 20, 80, 255)

    basic = ImageFont.truetype(
        str(fonts.ARABIC.path), 60, layout_engine=ImageFont.Layout.BASIC
    )
    basic.set_variation_by_name("Regular")
    shaped = Image.new("L", (400, 120), 0)
    ImageDraw.Draw(shaped).text(
        (20, 80), "\ufee1\ufefc\ufeb3", font=basic, fill=255, anchor="ls"
    )
    unjoined = Image.new("L", (400, 120), 0)
    ImageDraw.Draw(unjoined).text((20, 80), "سلام", font=basic, fill=255, anchor="ls")

    def distance(other):
        return ImageStat.Stat(ImageChops.difference(image, other)).sum[0]

    left, _top, right, _bottom = image.getbbox()
    shaped_left, _top, shaped_right, _bottom = shaped.getbbox()
    assert abs((right - left) - (shaped_right - shaped_left)) <= 2
    assert distance(shaped) * 5 < distance(unjoined)


def test_characters_the_arabic_font_lacks_fall_back_along_the_stack():
    assert fonts.text_runs("تقدّم Riverton", "ar") == [(fonts.ARABIC, "تقدّم Riverton")]
    assert fonts.text_runs("تقدّم 台北", "ar") == [
        (fonts.ARABIC, "تقدّم "),
        (fonts.CHINESE, "台北"),
    ]


def mine(pledge):
    key = f"pledge-{pledge.pk}-{pledge.translation_key.hex[:12]}-"
    return sorted(f for f in default_storage.listdir(FOLDER)[1] if f.startswith(key))


def test_publishing_draws_only_the_site_language_until_others_are_asked_for(
    pledge, commitment, update
):
    update(Status.IN_PROGRESS, 40)
    assert [name.rsplit("-", 1)[0] + "-" for name in mine(pledge)] == [
        _prefix_of(pledge, settings.LANGUAGE_CODE)
    ]


def test_each_language_has_its_own_picture(client, pledge, commitment, update):
    update(Status.IN_PROGRESS, 40)
    served = set()
    for code in LANGUAGE_CODES:
        with translation.override(code):
            url = reverse("pledges:share_image", args=[pledge.pk])
        response = client.get(url)
        assert response.status_code == 200
        served.add(b"".join(response.streaming_content))
    assert len(served) == len(LANGUAGE_CODES)
    prefixes = sorted(_prefix_of(pledge, code) for code in LANGUAGE_CODES)
    assert [name.rsplit("-", 1)[0] + "-" for name in mine(pledge)] == prefixes
    for name in mine(pledge):
        with default_storage.open(f"{FOLDER}/{name}") as handle:
            assert Image.open(io.BytesIO(handle.read())).size == (1200, 630)

    # A later update redraws every language already shared, and only once each.
    before = mine(pledge)
    update(Status.PARTIALLY_MET, 60)
    after = mine(pledge)
    assert len(after) == len(LANGUAGE_CODES)
    assert not set(before) & set(after)


@pytest.mark.parametrize("language", ["es", "ar"])
def test_pages_point_to_the_picture_in_their_language(
    client, language, pledge, commitment
):
    with translation.override(language):
        pledge_url, commitment_url = pledge.url, commitment.url
    html = client.get(pledge_url).content.decode()
    expected = f"http://testserver/{language}/pledge-share/{pledge.pk}.png"
    assert f'<meta property="og:image" content="{expected}">' in html
    html = client.get(commitment_url).content.decode()
    expected = (
        f"http://testserver/{language}/pledge-share/commitment-{commitment.pk}.png"
    )
    assert f'<meta property="og:image" content="{expected}">' in html
    assert (
        f'<meta property="og:url" content="http://testserver{commitment_url}">' in html
    )


def test_picture_view_serves_the_language_of_the_url(client, pledge, commitment):
    responses = {}
    for language in ("en", "ar"):
        with translation.override(language):
            url = reverse("pledges:commitment_share_image", args=[commitment.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        responses[language] = b"".join(response.streaming_content)
    assert responses["en"] != responses["ar"]


def test_an_update_redraws_a_commitment_picture_already_shared(
    pledge, commitment, update
):
    first = commitment_image(commitment, pledge, "es")
    update(Status.PARTIALLY_MET, 60)
    stored = [
        f
        for f in default_storage.listdir(FOLDER)[1]
        if f.startswith(_prefix_of(commitment, "es"))
    ]
    assert len(stored) == 1
    assert f"{FOLDER}/{stored[0]}" != first


def test_moving_a_target_date_redraws_a_commitment_picture_already_shared(
    pledge, commitment
):
    first = commitment_image(commitment, pledge, "ar")
    commitment.target_date = datetime.date(2027, 12, 31)
    commitment.change_reason = "The council moved the budget vote."
    commitment.save_revision().publish()
    stored = [
        f
        for f in default_storage.listdir(FOLDER)[1]
        if f.startswith(_prefix_of(commitment, "ar"))
    ]
    assert len(stored) == 1
    assert f"{FOLDER}/{stored[0]}" != first
