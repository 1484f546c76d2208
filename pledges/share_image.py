"""The Open Graph picture of a pledge: city, overall progress bar, counts by status."""

import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from .models import PledgeShareImage

WIDTH, HEIGHT = 1200, 630
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
]
INK = "#1b1b1b"
BRAND = "#12436d"
TRACK = "#d9dcd4"


def _font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return ImageFont.truetype(str(directory / name), size)
    return ImageFont.load_default(size=size)


def _fit(draw, text, font_size, max_width, bold=False):
    """The largest font, down to 24px, at which ``text`` fits ``max_width``."""
    while True:
        font = _font(font_size, bold)
        if font_size <= 24 or draw.textlength(text, font=font) <= max_width:
            return font
        font_size -= 4


def render_share_image(summary):
    """PNG bytes for a pledge summary, labelled in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 0, WIDTH, 18], fill=BRAND)
        margin = 64
        draw.text(
            (margin, 60), _("Mayoral pledge progress"), font=_font(34), fill=BRAND
        )
        city = summary.pledge.city
        draw.text(
            (margin, 110),
            city,
            font=_fit(draw, city, 76, WIDTH - 2 * margin, bold=True),
            fill=INK,
        )
        overall = summary.overall or 0
        percent_text = _("%(percent)s%% overall") % {"percent": round(overall * 100)}
        draw.text((margin, 240), percent_text, font=_font(40, bold=True), fill=INK)
        bar_top, bar_height = 305, 48
        draw.rectangle(
            [margin, bar_top, WIDTH - margin, bar_top + bar_height], fill=TRACK
        )
        filled = margin + int((WIDTH - 2 * margin) * overall)
        if filled > margin:
            draw.rectangle([margin, bar_top, filled, bar_top + bar_height], fill=BRAND)
        y = 395
        x = margin
        label_font = _font(28)
        for style, count in summary.status_counts:
            text = f"{style.icon} {style.label}: {count}"
            width = draw.textlength(text, font=label_font) + 56
            if x + width > WIDTH - margin:
                x, y = margin, y + 56
            draw.rounded_rectangle(
                [x, y, x + width - 16, y + 44], radius=10, fill=style.colour
            )
            draw.text((x + 16, y + 6), text, font=label_font, fill="white")
            x += width
        footer = _("%(count)s commitments") % {"count": len(summary.commitments)}
        draw.text((margin, HEIGHT - 70), footer, font=_font(28), fill=INK)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()


def fingerprint(summary):
    """Everything the picture shows; when it has not changed, nor has the picture."""
    counts = [(style.code, count) for style, count in summary.status_counts]
    data = [summary.pledge.city, round((summary.overall or 0) * 100), counts]
    data.append(len(summary.commitments))
    return hashlib.sha256(repr(data).encode()).hexdigest()


def regenerate(pledge, force=False):
    """Redraw and store the pledge's picture when what it shows has changed."""
    summary = pledge.summary()
    share = PledgeShareImage.objects.filter(pledge=pledge).first()
    drawn = fingerprint(summary)
    if share is not None and share.fingerprint == drawn and not force:
        if share.image and share.image.storage.exists(share.image.name):
            return share
    png = render_share_image(summary)
    if share is None:
        share = PledgeShareImage(pledge=pledge)
    elif share.image:
        share.image.delete(save=False)
    share.generated_at = timezone.now()
    share.fingerprint = drawn
    share.image.save(f"pledge-{pledge.pk}.png", ContentFile(png), save=False)
    share.save()
    return share
