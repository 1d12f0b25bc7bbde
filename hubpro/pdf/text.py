"""The PDFs' font, DejaVu Sans embedded as TrueType, and the text filter that keeps any name printable as typed.

The two TTF files in ``hubpro/pdf/fonts/`` are DejaVu Sans 2.37 (Debian's fonts-dejavu-core; licence in
``fonts/LICENSE``) cut down to Latin, Greek, Cyrillic and punctuation (``fonts/README.md`` says how), so a
document parses them quickly and embeds only the glyphs it uses.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT = "DejaVuSans"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
MISSING = "?"


def add_fonts(pdf: FPDF) -> None:
    """Register the regular and bold faces of FONT on ``pdf``."""
    for style, path in FONT_FILES.items():
        pdf.add_font(FONT, style, str(path))


@functools.cache
def _covered() -> frozenset[int]:
    """Code points that both faces can draw."""
    points = None
    for path in FONT_FILES.values():
        cmap = set(TTFont(str(path), lazy=True).getBestCmap())
        points = cmap if points is None else points & cmap
    return frozenset(points or ())


def printable(text: str) -> str:
    """Any text as FONT can print it, never raising: every character the font has stays as typed.

    Line feeds are kept and other control characters become spaces; a character the font lacks gets its
    NFKD decomposition when the font has that (« ﬁ » → « fi »), else « ? »; stray combining marks and
    format characters are dropped.
    """
    return "".join(_char(char) for char in unicodedata.normalize("NFC", str(text)))


def _char(char: str, *, decompose: bool = True) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return char if char == "\n" else " "
    if category != "Cs" and ord(char) in _covered():
        return char
    if category in ("Mn", "Me", "Cf"):
        return ""
    if not decompose or category == "Cs":
        return MISSING
    parts = unicodedata.normalize("NFKD", char)
    if parts == char:
        return MISSING
    return "".join(_char(part, decompose=False) for part in parts) or MISSING
