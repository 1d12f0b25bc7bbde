"""The QR code drawn in PDFs is segno's matrix, module for module; the page's SVG is a data URI."""

from __future__ import annotations

import base64
import urllib.parse

import segno
from fpdf import FPDF

from hubpro.pdf.qr import BORDER_MODULES, draw_qr, qr_svg_data_uri

URL = "https://hubpro.example/verifier/" + "Ab_-" * 8


class _Recorder(FPDF):
    def __init__(self) -> None:
        super().__init__()
        self.add_page()
        self.black: list[tuple[float, float, float, float]] = []

    def rect(self, x, y, w, h, style=None, *args, **kwargs):
        if (self.fill_color.serialize().lower().startswith("0")) and w < 40:  # black runs only
            self.black.append((x, y, w, h))
        return super().rect(x, y, w, h, style, *args, **kwargs)


def test_drawn_modules_are_segnos_matrix():
    pdf = _Recorder()
    size = 32.0
    draw_qr(pdf, URL, x=10, y=20, size=size)
    matrix = [list(r) for r in segno.make(URL, error="m", micro=False).matrix]
    n = len(matrix)
    module = size / (n + 2 * BORDER_MODULES)
    drawn = [[0] * n for _ in range(n)]
    for x, y, w, _h in pdf.black:
        r = round((y - 20) / module) - BORDER_MODULES
        c0 = round((x - 10) / module) - BORDER_MODULES
        for c in range(c0, c0 + round(w / module)):
            drawn[r][c] = 1
    assert drawn == [[1 if v else 0 for v in row] for row in matrix]


def test_svg_data_uri_encodes_the_same_code():
    uri = qr_svg_data_uri(URL)
    assert uri.startswith("data:image/svg+xml")
    body = uri.split(",", 1)[1]
    svg = base64.b64decode(body).decode() if ";base64" in uri else urllib.parse.unquote(body)
    assert svg.lstrip().startswith("<svg") or "<svg" in svg
