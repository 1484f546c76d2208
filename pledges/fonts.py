"""Fonts for the share pictures, installed by pip with the site (never the system's):
Noto Sans for Latin and Vietnamese, Noto Sans Arabic, Noto Sans CJK for Chinese and
Korean. Each language has a stack; a text is cut into runs, each drawn with the first
font of the stack that has every one of its characters, and shaped by Pillow's raqm
layout (Arabic joined and set right to left)."""

import functools
from dataclasses import dataclass
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import manimgx_fonts_cjk
from django.utils import translation
from fontTools.ttLib import TTFont
from PIL import ImageFont

CJK_FILE = Path(manimgx_fonts_cjk.__file__).resolve().parent / "NotoSansCJK-VF.otf.ttc"


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0
    rtl: bool = False
    script_language: str = "en"


LATIN = FontFace(fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf")
ARABIC = FontFace(
    fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf",
    rtl=True,
    script_language="ar",
)
# The faces of the collection: 1 is Korean, 2 is Simplified Chinese.
KOREAN = FontFace(CJK_FILE, index=1, script_language="ko")
CHINESE = FontFace(CJK_FILE, index=2, script_language="zh-Hans")

STACKS = {
    "ar": (ARABIC, LATIN),
    "ko": (KOREAN, LATIN),
    "zh-hans": (CHINESE, LATIN),
}
DEFAULT_STACK = (LATIN, CHINESE)


def font_stack(language):
    """The faces for a page language, best first; any language falls back to Noto
    Sans, then to the CJK face for characters nothing else has."""
    stack = STACKS.get(language.lower(), ())
    return stack + tuple(face for face in DEFAULT_STACK if face not in stack)


@functools.cache
def characters(face):
    """Every code point the face has a glyph for."""
    return frozenset(
        TTFont(str(face.path), fontNumber=face.index, lazy=True).getBestCmap()
    )


def covers(face, text):
    return all(ord(char) in characters(face) for char in text)


@functools.cache
def load(face, size, bold=False):
    font = ImageFont.truetype(
        str(face.path), size, index=face.index, layout_engine=ImageFont.Layout.RAQM
    )
    font.set_variation_by_name("Bold" if bold else "Regular")
    return font


def text_runs(text, language):
    """``text`` cut into (face, part) runs in reading order, each part drawn with
    the first face of the language's stack that has it; spaces and punctuation the
    current face has stay in the current run."""
    stack = font_stack(language)
    runs = []
    for char in text:
        if runs and ord(char) in characters(runs[-1][0]):
            runs[-1][1].append(char)
            continue
        face = next((f for f in stack if ord(char) in characters(f)), stack[0])
        runs.append((face, [char]))
    return [(face, "".join(chars)) for face, chars in runs]


@dataclass
class Piece:
    face: FontFace
    font: ImageFont.FreeTypeFont
    text: str
    direction: str
    width: float


@dataclass
class Line:
    """A line of text ready to draw: its runs in visual order, left to right."""

    pieces: list
    width: float
    rtl: bool

    def draw(self, draw, x, baseline, fill):
        """Draw from ``x`` with every run on the same ``baseline``, so that faces
        with different ascents line up."""
        for piece in self.pieces:
            draw.text(
                (x, baseline),
                piece.text,
                font=piece.font,
                fill=fill,
                direction=piece.direction,
                language=piece.face.script_language,
                anchor="ls",
            )
            x += piece.width


def layout(draw, text, language, size, bold=False):
    """A line of ``text`` at ``size``; in a right-to-left language the runs are
    placed right to left."""
    rtl = translation.get_language_info(language)["bidi"]
    pieces = []
    for face, part in text_runs(text, language):
        font = load(face, size, bold)
        direction = "rtl" if face.rtl else "ltr"
        width = draw.textlength(
            part, font=font, direction=direction, language=face.script_language
        )
        pieces.append(Piece(face, font, part, direction, width))
    if rtl:
        pieces.reverse()
    return Line(pieces=pieces, width=sum(piece.width for piece in pieces), rtl=rtl)


def fit(draw, text, language, size, max_width, bold=False, smallest=24):
    """The line at the largest size, down to ``smallest``, that fits ``max_width``."""
    while True:
        line = layout(draw, text, language, size, bold)
        if size <= smallest or line.width <= max_width:
            return line
        size -= 4
