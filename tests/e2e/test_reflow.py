"""Reflow (WCAG 1.4.10): no driver screen scrolls sideways at 320 px, nor at 200 % zoom of a 390-px phone (195 px)."""

from __future__ import annotations

import pytest

from tests.e2e.a11y import horizontal_overflow
from tests.e2e.conftest import seed_driver, seed_shipped_card
from tests.e2e.helpers import STRONG, driver_login, goto
from tests.e2e.test_screens import PUBLIC, SPACE

WIDTHS = {"320": {"width": 320, "height": 700}, "zoom200": {"width": 195, "height": 422}}


@pytest.mark.xfail(reason="not yet green on this branch: see the README and the report", strict=False)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_screen_scrolls_sideways(server, new_page, width):
    email = f"reflow.{width}@example.fr"
    seed_driver(server, email, name="Reflow" + ("Etroit" if width == "320" else "Zoom"), password=STRONG)
    seed_shipped_card(server, email)
    page = new_page(WIDTHS[width])
    overflowing = []
    for path in PUBLIC:
        goto(page, path)
        if (px := horizontal_overflow(page)) > 0:
            overflowing.append(f"{path}: {px} px")
    driver_login(page, email)
    for path in SPACE:
        goto(page, path)
        page.wait_for_selector("main h1")
        if (px := horizontal_overflow(page)) > 0:
            overflowing.append(f"{path}: {px} px")
    assert overflowing == [], f"at {WIDTHS[width]['width']} px: " + ", ".join(overflowing)
