"""The Open Graph pictures of pledges and commitments, one per page language.

Each stored file is named by what it shows (a fingerprint of its figures, texts and
language), so a picture is redrawn exactly when something on it changed, and an old
one is removed when its replacement is stored."""

import hashlib
import io
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw

from engage.i18n import LANGUAGE_CODES
from engage.templatetags.engage_tags import format_date, format_percent

from . import fonts
from .choices import report_style
from .models import CommitmentPage, PledgeShareImage

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
INK = "#1b1b1b"
BRAND = "#12436d"
TRACK = "#d9dcd4"
FOLDER = "pledges/share"
# Raise when the drawing changes, so that every picture is redrawn once.
DRAWING_VERSION = 3


class Picture:
    """A 1200×630 canvas that lays text out in one language, mirrored for a
    right-to-left one, and remembers every run of text it drew with its font."""

    def __init__(self, language):
        self.language = language
        self.rtl = translation.get_language_info(language)["bidi"]
        self.image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.runs = []
        self.draw.rectangle([0, 0, WIDTH, 18], fill=BRAND)

    def _x(self, left, width):
        """Where something ``width`` wide starts, ``left`` from the reading edge."""
        return WIDTH - left - width if self.rtl else left

    def text(self, text, y, size, bold=False, fill=INK, left=MARGIN, max_width=None):
        max_width = max_width or WIDTH - left - MARGIN
        line = fonts.fit(self.draw, text, self.language, size, max_width, bold)
        self._draw_line(line, left, y + size, fill)
        return line.width

    def _draw_line(self, line, left, baseline, fill):
        line.draw(self.draw, self._x(left, line.width), baseline, fill)
        self.runs.extend((piece.face, piece.text) for piece in line.pieces)

    def wrapped(self, text, y, size, max_lines, bold=False):
        """``text`` over at most ``max_lines`` lines; returns the y below it."""
        draw, language = self.draw, self.language
        width = WIDTH - 2 * MARGIN
        lines, current = [], ""
        for token in _tokens(text):
            candidate = current + token
            if (
                current
                and fonts.layout(draw, candidate, language, size, bold).width > width
            ):
                lines.append(current.rstrip())
                current = token
            else:
                current = candidate
        lines.append(current.rstrip())
        if len(lines) > max_lines:
            joiner = " " if " " in text else ""
            lines = lines[: max_lines - 1] + [joiner.join(lines[max_lines - 1 :])]
        for text_line in lines:
            line = fonts.fit(draw, text_line, language, size, width, bold)
            self._draw_line(line, MARGIN, y + size, INK)
            y += int(size * 1.3)
        return y

    def bar(self, fraction, top, height=48):
        self.draw.rectangle([MARGIN, top, WIDTH - MARGIN, top + height], fill=TRACK)
        filled = int((WIDTH - 2 * MARGIN) * fraction)
        if filled > 0:
            left = self._x(MARGIN, filled)
            self.draw.rectangle([left, top, left + filled, top + height], fill=BRAND)

    def pill(self, text, colour, left, y, size=28):
        line = fonts.layout(self.draw, text, self.language, size)
        width = line.width + 40
        height = round(size * 1.6)
        x = self._x(left, width)
        self.draw.rounded_rectangle(
            [x, y, x + width, y + height], radius=10, fill=colour
        )
        self._draw_line(line, left + 20, y + height / 2 + size * 0.35, "white")
        return width

    def png(self):
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG")
        return buffer.getvalue()


def _tokens(text):
    """Words with their trailing space; text without spaces (Chinese) by character."""
    words = re.findall(r"\S+\s*", text)
    return words if len(words) > 1 else list(text)


def draw_pledge(summary, language):
    """City, overall progress bar and counts by status, in ``language``."""
    with translation.override(language):
        picture = Picture(language)
        picture.text(_("Mayoral pledge progress"), 60, 34, fill=BRAND)
        picture.text(summary.pledge.city, 110, 76, bold=True)
        overall = summary.overall or 0
        percent = _("%(percent)s%% overall") % {"percent": round(overall * 100)}
        picture.text(percent, 230, 40, bold=True)
        picture.bar(overall, 305)
        y, left = 395, MARGIN
        for style, count in summary.status_counts:
            label = f"{style.label}: {count}"
            width = fonts.layout(picture.draw, label, language, 28).width + 56
            if left + width > WIDTH - MARGIN:
                left, y = MARGIN, y + 56
            picture.pill(label, style.colour, left, y)
            left += width
        count = len(summary.commitments)
        footer = ngettext("%(count)s commitment", "%(count)s commitments", count) % {
            "count": count
        }
        picture.text(footer, HEIGHT - 80, 28)
        return picture


def draw_commitment(commitment, pledge, language):
    """The commitment's title, status, percentage and dates, in ``language``."""
    with translation.override(language):
        picture = Picture(language)
        picture.text(
            f"{pledge.city} · {_('Mayoral pledge progress')}", 48, 30, fill=BRAND
        )
        y = picture.wrapped(commitment.title, 110, 52, max_lines=3, bold=True)
        y = max(y + 10, 300)
        style = report_style(commitment)
        width = picture.pill(str(style.label), style.colour, MARGIN, y, size=30)
        percent = format_percent(commitment.percentage / 100)
        picture.text(percent, y - 4, 40, bold=True, left=MARGIN + width + 24)
        picture.bar(commitment.percentage / 100, y + 70)
        y += 150
        if commitment.target_date:
            date = format_date(commitment.target_date, "medium")
            picture.text(_("Target date: %(date)s") % {"date": date}, y, 30)
            y += 48
        if commitment.latest_update_date:
            date = format_date(commitment.latest_update_date, "medium")
            picture.text(_("Latest update: %(date)s") % {"date": date}, y, 30)
        return picture


def pledge_fingerprint(summary, language):
    """Everything the pledge picture shows."""
    counts = [(style.code, count) for style, count in summary.status_counts]
    return _digest(
        DRAWING_VERSION,
        language,
        summary.pledge.city,
        round((summary.overall or 0) * 100),
        counts,
        len(summary.commitments),
    )


def commitment_fingerprint(commitment, pledge, language):
    """Everything the commitment picture shows; read in ``language``."""
    with translation.override(language):
        return _digest(
            DRAWING_VERSION,
            language,
            pledge.city,
            commitment.title,
            commitment.has_update and commitment.status,
            commitment.percentage,
            commitment.target_date,
            commitment.latest_update_date,
        )


def _digest(*data):
    return hashlib.sha256(repr(data).encode()).hexdigest()


def _prefix_of(page, language):
    """What every picture of ``page`` in ``language`` is named from: its id and its
    random translation key, so that two databases sharing a media folder (test
    workers) never take each other's pictures for their own."""
    kind = "commitment" if isinstance(page, CommitmentPage) else "pledge"
    return f"{kind}-{page.pk}-{page.translation_key.hex[:12]}-{language}-"


def _name(page, language, fingerprint):
    return f"{FOLDER}/{_prefix_of(page, language)}{fingerprint[:16]}.png"


def _stored():
    try:
        return set(default_storage.listdir(FOLDER)[1])
    except FileNotFoundError:
        return set()


def _prefix(filename):
    return filename.rsplit("-", 1)[0] + "-"


def _store(name, draw, stored, force=False):
    """Draw and save ``name`` unless it is already there; remove the file it
    replaces. Returns whether it drew."""
    filename = name.rsplit("/", 1)[1]
    if filename in stored and not force:
        return False
    prefix = _prefix(filename)
    for old in [f for f in stored if f.startswith(prefix)]:
        default_storage.delete(f"{FOLDER}/{old}")
        stored.discard(old)
    saved = default_storage.save(name, ContentFile(draw().png()))
    stored.add(saved.rsplit("/", 1)[1])
    return True


def pledge_image(pledge, language, summary=None, stored=None, force=False):
    """The stored name of the pledge's picture in ``language``, drawn if needed."""
    summary = summary or pledge.summary()
    stored = _stored() if stored is None else stored
    name = _name(pledge, language, pledge_fingerprint(summary, language))
    _store(name, lambda: draw_pledge(summary, language), stored, force)
    return name


def commitment_image(commitment, pledge, language, stored=None, force=False):
    """The stored name of the commitment's picture in ``language``, drawn if needed."""
    stored = _stored() if stored is None else stored
    fingerprint = commitment_fingerprint(commitment, pledge, language)
    name = _name(commitment, language, fingerprint)
    _store(name, lambda: draw_commitment(commitment, pledge, language), stored, force)
    return name


def _drawn_before(page, language, stored):
    prefix = _prefix_of(page, language)
    return any(filename.startswith(prefix) for filename in stored)


def regenerate(pledge, force=False):
    """Redraw, where figures or texts changed, the pledge's picture in the site
    language and every picture of the pledge and its commitments already drawn
    once; the others are drawn when first asked for, so publishing never waits on
    pictures nobody has shared. The record keeps the site language's picture."""
    summary = pledge.summary()
    stored = _stored()
    for language in LANGUAGE_CODES:
        if language == settings.LANGUAGE_CODE or _drawn_before(
            pledge, language, stored
        ):
            pledge_image(pledge, language, summary, stored, force)
        for commitment in summary.commitments:
            if _drawn_before(commitment, language, stored):
                commitment_image(commitment, pledge, language, stored, force)
    share = PledgeShareImage.objects.filter(pledge=pledge).first()
    drawn = pledge_fingerprint(summary, settings.LANGUAGE_CODE)
    if share is not None and share.fingerprint == drawn and not force:
        return share
    share = share or PledgeShareImage(pledge=pledge)
    share.image.name = _name(pledge, settings.LANGUAGE_CODE, drawn)
    share.generated_at = timezone.now()
    share.fingerprint = drawn
    share.save()
    return share
