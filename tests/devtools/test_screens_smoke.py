"""`make screens` end to end on one screen (builds the frontend: minutes; run with HUBPRO_SLOW=1)."""

from __future__ import annotations

import os

import pytest
from PIL import Image

from hubpro.devtools import screens

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("HUBPRO_SLOW"), reason="builds the app: HUBPRO_SLOW=1 to run"),
]


def test_one_screen_renders_the_signed_in_state(tmp_path):
    assert screens.main(["--only", "factures", "--out", str(tmp_path)]) == 0
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs == ["factures--perte-payee--ordinateur.png", "factures--perte-payee--telephone.png"]
    with Image.open(tmp_path / pngs[1]) as img:
        assert img.width == 390
    assert "Mes factures" in (tmp_path / "index.html").read_text()
