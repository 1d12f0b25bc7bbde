"""« Accueil » at 390×844 for each persona state: the dates that matter and the one button to press."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ROOT, seed_driver
from tests.e2e.helpers import STRONG, download, driver_login

PERSONA_SCRIPT = """
import sys
from datetime import timedelta
from sqlmodel import select
from hubpro.db import session_scope
from hubpro.models import Driver
from hubpro.services.trainings import today
from hubpro.domain.trainings import add_years
from tests.services import deadline_rows as rows
email, state = sys.argv[1], sys.argv[2]
t = today()
with session_scope() as db:
    d = db.exec(select(Driver).where(Driver.email == email)).one()
    if state == "certificate":
        rows.certificate(db, d, issued=t - timedelta(days=10), valid_until=t + timedelta(days=50))
    elif state == "complement":
        cert = rows.certificate(db, d, issued=t - timedelta(days=10), valid_until=t + timedelta(days=50))
        rows.request(db, d, status="info_requested", cert=cert, since=t - timedelta(days=1))
    elif state == "production":
        rows.training(db, d, end=t - timedelta(days=20))
        rows.card(db, d, expires=add_years(t - timedelta(days=20), 5), status="in_production")
    elif state == "expiring":
        rows.training(db, d, end=add_years(t + timedelta(days=60), -5))
        rows.card(db, d, expires=t + timedelta(days=60))
    elif state == "expired":
        rows.training(db, d, end=add_years(t - timedelta(days=3), -5), sector="voyageurs")
    db.commit()
"""


def _persona(server, page: Page, email: str, state: str) -> None:
    seed_driver(server, email, name="Echeance", password=STRONG)
    if state != "none":
        subprocess.run([sys.executable, "-c", PERSONA_SCRIPT, email, state], cwd=ROOT, env=server.env, check=True)
    driver_login(page, email)
    expect(page.locator("#deadlines-title")).to_have_text("Mes échéances")


def _first_card(page: Page):
    return page.locator("#deadlines > article").first


def _check_screen(page: Page) -> None:
    """One column at 390 px, headings in order, every button at least 44 px high."""
    levels = page.eval_on_selector_all("main h1, main h2, main h3", "els => els.map(e => +e.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    for box in page.locator("#deadlines .hp-btn").evaluate_all("els => els.map(e => e.getBoundingClientRect())"):
        assert box["height"] >= 44 and box["width"] >= 44
    widths = page.locator("#deadlines > article").evaluate_all("els => els.map(e => e.getBoundingClientRect().x)")
    assert len(set(widths)) <= 1  # one column
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_no_certificate_says_what_to_expect(server, page):
    _persona(server, page, "accueil.aucun@example.fr", "none")
    expect(page.locator("#no-deadline")).to_contain_text("Aucune échéance pour l'instant")
    expect(page.locator("#deadlines > article")).to_have_count(0)
    _check_screen(page)


def test_certificate_without_request_days_left_agenda_and_request(server, page):
    _persona(server, page, "accueil.certificat@example.fr", "certificate")
    card = _first_card(page)
    expect(card.locator("h3")).to_have_text("Certificat de qualification")
    expect(card).to_contain_text("encore 50 jours pour faire votre demande de carte")
    _check_screen(page)
    page.screenshot(path=str(ROOT / "test-artifacts" / "accueil-certificat-390.png"), full_page=True)
    name, data = download(page, card.get_by_role("link", name=re.compile("Ajouter à mon agenda")))
    assert name.endswith(".ics")
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == "Dernier jour pour demander votre carte CQC"
    card.get_by_role("link", name="Faire ma demande").click()
    page.wait_for_url(re.compile(r"/espace/demandes/carte-cqc/?$"))


def test_request_awaiting_a_complement_offers_repondre(server, page):
    _persona(server, page, "accueil.complement@example.fr", "complement")
    card = _first_card(page)
    expect(card.locator(".hp-badge")).to_have_text("En attente d'information complémentaire")
    expect(card).to_contain_text("Prochaine étape : ")
    expect(card.get_by_role("link", name="Répondre")).to_be_visible()
    expect(page.locator("#deadlines")).not_to_contain_text("Faire ma demande")  # the certificate is requested
    _check_screen(page)


def test_card_in_production(server, page):
    _persona(server, page, "accueil.fabrication@example.fr", "production")
    card = page.locator("#deadlines > article", has_text="Carte CQC")
    expect(card.locator(".hp-badge")).to_have_text("En fabrication")
    expect(card).to_contain_text("Valide jusqu'au")
    _check_screen(page)


def test_card_expiring_in_60_days_comes_first_with_its_fco_advice(server, page):
    _persona(server, page, "accueil.expire60@example.fr", "expiring")
    cards = page.locator("#deadlines > article")
    expect(cards.nth(0)).to_contain_text("Qualification Marchandises")  # in its early-FCO window
    expect(cards.nth(0)).to_contain_text("Inscrivez-vous à une FCO avant le")
    expect(cards.nth(1)).to_contain_text("encore 60 jours")
    _check_screen(page)


def test_expired_qualification_is_an_error_first(server, page):
    _persona(server, page, "accueil.expiree@example.fr", "expired")
    card = _first_card(page)
    expect(card.locator("h3")).to_have_text("Qualification Voyageurs")
    expect(card.locator(".hp-badge")).to_have_text("Expirée")
    expect(card).to_contain_text("expirée depuis le ")
    expect(card.get_by_role("link", name="Voir mes formations")).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("Ajouter à mon agenda"))).to_have_count(0)
    _check_screen(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(ROOT / "test-artifacts" / "accueil-expiree-1280.png"), full_page=True)


def test_reminder_preferences_in_mon_compte(server, page):
    _persona(server, page, "accueil.preferences@example.fr", "none")
    page.goto("/espace/compte")
    page.wait_for_selector('main[data-ready="1"]')
    expect(page.locator("#pref-email")).to_be_checked()
    expect(page.locator("#pref-sms")).to_be_checked()
    page.locator("#pref-sms").uncheck()
    page.click("#prefs-save")
    expect(page.locator("#prefs-saved")).to_have_text("Vos préférences sont enregistrées.")
    page.reload()
    page.wait_for_selector('main[data-ready="1"]')
    expect(page.locator("#pref-email")).to_be_checked()
    expect(page.locator("#pref-sms")).not_to_be_checked()
    box = page.locator("#prefs-save").bounding_box()
    assert box["height"] >= 44
