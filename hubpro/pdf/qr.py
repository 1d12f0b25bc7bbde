"""QR codes (segno) drawn as vector squares in a PDF, or as an SVG data URI for the page."""

from __future__ import annotations

import segno
from fpdf import FPDF

BORDER_MODULES = 2  # quiet zone; the printed frame around adds the rest


def _code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def draw_qr(pdf: FPDF, url: str, *, x: float, y: float, size: float) -> None:
    """A black-on-white QR code of ``url``, ``size`` mm wide, top left at (x, y), quiet zone included."""
    rows = [list(r) for r in _code(url).matrix]
    n = len(rows) + 2 * BORDER_MODULES
    module = size / n
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + (start + BORDER_MODULES) * module, y + (r + BORDER_MODULES) * module,
                         (c - start) * module, module, style="F")  # fmt: skip
            else:
                c += 1


def qr_svg_data_uri(url: str) -> str:
    """An ``<img src>`` of the QR code of ``url`` (the CSP allows ``data:`` images)."""
    return _code(url).svg_data_uri(scale=4, border=BORDER_MODULES, dark="#000", light="#fff")
