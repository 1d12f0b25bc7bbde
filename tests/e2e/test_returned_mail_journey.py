"""« Pli non distribué » at 390×844: the operator records the return; both solutions of the guide."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import seed_driver, seed_shipped_card
from tests.e2e.helpers import STRONG, agent_login, driver_login, goto
from tests.e2e.test_replacement_journey import _type_card

LAPTOP = {"width": 1280, "height": 800}


def _record_return(agent, name: str) -> None:
    goto(agent, "/agent/demandes")
    agent.select_option("#filter-status", "shipped")
    agent.locator("#request-queue tr", has_text=name).get_by_role("link").first.click()
    agent.wait_for_url(re.compile(r"/agent/demandes/[0-9a-f]{32}"))
    agent.select_option("#pnd-reason", "absent")
    agent.click("#record-pnd")
    expect(agent.get_by_role("alert").filter(has_text="Retour enregistré")).to_be_visible()


def test_returned_card_same_address_and_new_address(server, new_page):
    agent = new_page(LAPTOP)
    agent_login(agent)

    # Solution 1: the address is right, re-sent free.
    email = "pnd.solution1@example.fr"
    seed_driver(server, email, name="Pndun", password=STRONG)
    seed_shipped_card(server, email)
    _record_return(agent, "PNDUN")
    page = new_page()
    driver_login(page, email)
    expect(page.locator("#notices")).to_contain_text("retournée par La Poste")
    page.get_by_role("link", name="Mes cartes", exact=True).click()
    expect(page.locator(".cqc")).to_contain_text("Pli non distribué")
    page.get_by_role("link", name=re.compile("pli non distribué")).click()
    page.wait_for_url(re.compile(r"/pli-non-distribue/?$"))
    expect(page.locator("main")).to_contain_text("N'habite pas à l'adresse indiquée")
    page.click("#pnd-confirm")
    expect(page.locator("#pnd-done")).to_contain_text("gratuitement")
    page.get_by_role("link", name="Mes cartes", exact=True).click()
    expect(page.locator(".cqc")).to_contain_text("En fabrication")

    # Solution 2: a new address and the 8,00 € re-shipping.
    email2 = "pnd.solution2@example.fr"
    seed_driver(server, email2, name="Pnddeux", password=STRONG)
    seed_shipped_card(server, email2)
    _record_return(agent, "PNDDEUX")
    page2 = new_page()
    driver_login(page2, email2)
    page2.get_by_role("link", name="Mes cartes", exact=True).click()
    page2.get_by_role("link", name=re.compile("pli non distribué")).click()
    page2.wait_for_url(re.compile(r"/pli-non-distribue/?$"))
    page2.click("#pnd-change")
    expect(page2.locator("#pnd-postal_code-err")).to_contain_text("5 chiffres")
    page2.fill("#pnd-address", "8 avenue de la Gare")
    page2.fill("#pnd-postal_code", "31000")
    page2.fill("#pnd-city", "Toulouse")
    page2.click("#pnd-change")
    page2.wait_for_url(re.compile(r"/espace/paiement/[0-9a-f]{32}"))
    expect(page2.locator("#amount")).to_have_text("8,00 €")
    _type_card(page2, "4242424242424242")
    page2.click("#pay")
    expect(page2.locator("#paid")).to_be_visible()
    assert server.sql("SELECT total_ttc_cents FROM invoice i JOIN driver d ON d.id = i.driver_id WHERE d.email = ?",
                      email2) == [(800,)]  # fmt: skip
