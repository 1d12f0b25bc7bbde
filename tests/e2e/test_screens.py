"""Every public and driver screen fits a 390-px phone and a 1280-px laptop; screenshots for review."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, seed_driver
from tests.e2e.helpers import STRONG, agent_login, driver_login, goto

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
PUBLIC = ["/", "/creer-un-compte", "/creer-un-compte/particulier", "/connexion", "/mot-de-passe-oublie", "/centre"]
SPACE = [
    "/espace",
    "/espace/formations",
    "/espace/certificats",
    "/espace/demandes",
    "/espace/demandes/carte-cqc",
    "/espace/demandes/remplacement",
    "/espace/cartes",
    "/espace/factures",
    "/espace/compte",
]


def _check(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll"
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                'main button, main input:not([type=checkbox]):not([type=radio]), main select, .hp-btn')]
              .filter(e => e.offsetParent && e.getBoundingClientRect().height < 44)
              .map(e => e.id || e.textContent.trim())"""
    )
    assert small == [], f"{name}: touch targets under 44 px: {small}"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
              .filter(e => !(e.id && document.querySelector(`label[for="${e.id}"]`)))
              .map(e => e.name || e.id)"""
    )
    assert unlabelled == [], f"{name}: inputs without a label: {unlabelled}"
    shots = ARTIFACTS / "screens"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_public_screens_fit(new_page, size):
    page = new_page(SIZES[size])
    for path in PUBLIC:
        goto(page, path)
        _check(page, f"{size}{path.replace('/', '_') or '_home'}")


@pytest.mark.parametrize("size", SIZES)
def test_driver_space_fits(server, new_page, size):
    email = f"screens.{size}@example.fr"
    seed_driver(server, email, name="Ecran", password=STRONG)
    page = new_page(SIZES[size])
    driver_login(page, email)
    for path in SPACE:
        goto(page, path)
        page.wait_for_selector("h1")
        _check(page, f"{size}{path.replace('/', '_')}")


def test_agent_screens_fit_laptop(server, new_page):
    seed_driver(server, "agent.screen@example.fr", name="Analyse")
    page = new_page(SIZES["laptop"])
    agent_login(page)
    _check(page, "laptop_agent_queue")
    goto(page, "/agent/centres")
    page.wait_for_selector("#centres", state="attached")
    _check(page, "laptop_agent_centres")
