"""Keyboard only at 390×844: sign-up, sign-in, the six tabs, a card request's first two steps; focus visible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hubpro.components.layout import DRIVER_TABS
from tests.e2e.a11y import FOCUS_VISIBLE
from tests.e2e.conftest import seed_driver
from tests.e2e.helpers import STRONG, goto
from tests.e2e.test_card_request_journey import _image
from tests.e2e.test_trainings_journey import _key, _post, _training


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus; every stop on the way shows a visible focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen = page.evaluate(FOCUS_VISIBLE)
        assert seen in ("ok", ""), f"no visible focus on {seen}"
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


@pytest.mark.xfail(reason="not yet green on this branch: see the README and the report", strict=False)
def test_keyboard_only_journey(server, new_page, tmp_path):
    page = new_page()

    # Sign-up: the skip link first, then every field typed.
    goto(page, "/creer-un-compte/particulier")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-link"
    values = {"#f-birth_name": "Clavier", "#f-first_names": "Jean", "#f-birth_date-day": "15",
              "#f-birth_date-month": "06", "#f-birth_date-year": "1985", "#f-birth_city": "Lyon",
              "#f-email": "clavier@example.fr", "#f-email_confirmation": "clavier@example.fr",
              "#f-phone": "0612345678", "#f-address": "12 rue des Lilas", "#f-postal_code": "69003",
              "#f-city": "Lyon", "#f-licence_number": "13AB12345"}  # fmt: skip
    tab_to(page, "#f-civility")
    page.keyboard.press("ArrowDown")
    for selector, typed in values.items():
        tab_to(page, selector)
        page.keyboard.type(typed)
    tab_to(page, "#f-licence_type")
    page.keyboard.press("ArrowDown")
    for key in ["consent_privacy", "consent_terms", "consent_accuracy", "consent_processing"]:
        tab_to(page, f"#f-{key}")
        page.keyboard.press("Space")
    tab_to(page, "#create")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/creer-un-compte/envoye"))

    # Sign-in of an active driver who has a certificate (to start a card request).
    email = "clavier.actif@example.fr"
    seed_driver(server, email, name="Touches", password=STRONG)
    key = _key(server, "44455566600077", "2024-KEY-0001")
    assert _post(server, key, _training("TOUCHES", session_reference="KEY-1"))[0] == 201
    goto(page, "/connexion")
    tab_to(page, "#f-email")
    page.keyboard.type(email)
    tab_to(page, "#f-password")
    page.keyboard.type(STRONG)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/espace/?$"))
    expect(page.locator("h1")).to_contain_text("Bonjour")

    # The six tabs; after each, the focus is on the new page's h1.
    for _label, href in DRIVER_TABS[1:] + DRIVER_TABS[:1]:
        tab_to(page, f'a.hp-tab[href="{href}"]')
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(href) + "/?$"))
        page.wait_for_function("document.activeElement && document.activeElement.tagName === 'H1'")

    # A card request: the tile, « Commencer », step 1's box, « Continuer », then a document from the keyboard.
    tab_to(page, 'a.hp-tab[href="/espace/demandes"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/espace/demandes/?$"))
    tab_to(page, "#tile-cqc")
    page.keyboard.press("Enter")
    page.wait_for_selector('main[data-ready="1"] #start:not([disabled])')
    tab_to(page, "#start")
    page.keyboard.press("Enter")
    expect(page.locator("#step-count")).to_have_text("Étape 1 sur 4")
    tab_to(page, "#f-identity_confirmed")
    page.keyboard.press("Space")
    tab_to(page, "#next-identity")
    page.keyboard.press("Enter")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 4")
    assert "Étape 2 sur 4" in page.title()
    tab_to(page, "#up-photo-button")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(_image(tmp_path, "photo.png", "#88aacc"))
    expect(page.locator("#doc-photo")).to_contain_text("Document reçu")
    tab_to(page, "#up-signature-button")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(_image(tmp_path, "signature.png", "white"))
    expect(page.locator("#doc-signature")).to_contain_text("Document reçu")
