"""Issue 16 §1–2 at 390×844: a phone opens a card's QR URL (« Valide », then « Déclaré perdu »), an employer
checks a share code (happy path, wrong name, revoked, expired, throttling) and the driver sees the views."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import _seed, seed_driver, seed_shipped_card
from tests.e2e.helpers import STRONG, download, driver_login, goto

VERIFY_URL = re.compile(r"https?://\S+?/verifier/[A-Za-z0-9_-]{32}")
WRONG = "Code ou nom de naissance incorrect, ou code expiré"


def _qr_url_from_card_pdf(page) -> str:
    """« Mes cartes » → « Télécharger la carte (PDF) »: the URL printed under the card's QR code."""
    goto(page, "/espace/cartes")
    expect(page.locator(".cqc img.hp-qr")).to_be_visible()
    assert page.locator(".cqc img.hp-qr").get_attribute("src").startswith("data:image/svg+xml")
    name, data = download(page, page.get_by_role("link", name=re.compile("Télécharger la carte")))
    assert name.startswith("carte-FR") and name.endswith(".pdf")
    return _pdf_url(data)


def _pdf_url(data: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", "")
    found = VERIFY_URL.search(text)
    assert found, text[:500]
    return urlsplit(found.group(0)).path


def test_a_phone_checks_a_certificate(server, new_page):
    email = "verif.certificat@example.fr"
    seed_driver(server, email, name="Certif", password=STRONG)
    reference = _seed(server, "driver_certificate", email=email)
    driver = new_page()
    driver_login(driver, email)
    goto(driver, "/espace/certificats")
    _, data = download(driver, driver.get_by_role("link", name=f"Télécharger le certificat {reference}"))
    phone = new_page()
    goto(phone, _pdf_url(data))
    expect(phone.locator("#title-state")).to_have_text("Valide")
    expect(phone.locator("#title-facts")).to_contain_text("Certificat de qualification")
    expect(phone.locator("#title-facts")).to_contain_text("Lucie CERTIF")
    goto(driver, "/espace/compte")
    expect(driver.locator("#checks")).to_contain_text(f"Certificat {reference}")
    expect(driver.locator("#checks")).to_contain_text("vérifié 1 fois")


def _employer_check(page, code: str, name: str) -> None:
    """Fill and send the employer's form, then wait for this submission's answer."""
    counter = page.locator("#share-attempts")
    before = int(counter.get_attribute("data-attempt") or 0)
    page.fill("#share-code", code)
    page.fill("#share-birth_name", name)
    page.click("#share-submit")
    expect(counter).to_have_attribute("data-attempt", str(before + 1))


def _create_code(page) -> str:
    shown = page.locator("#share-new-code")
    old = shown.inner_text() if shown.count() else ""
    page.click("#share-create")
    expect(shown).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    if old:
        expect(shown).not_to_have_text(old)
    return shown.inner_text()


def _audit(found: list[str], page, screen: str) -> None:
    page.wait_for_timeout(150)  # the last delta painted
    found += axe_violations(page, screen)


def test_roadside_check_and_employer_share_code(server, new_page):
    axe: list[str] = []
    email = "verif.qr@example.fr"
    seed_driver(server, email, name="Lefèvre", password=STRONG)
    number = seed_shipped_card(server, email)

    driver = new_page()
    driver_login(driver, email)
    path = _qr_url_from_card_pdf(driver)

    # A phone scans the card: no session, the public page in large type.
    phone = new_page()
    goto(phone, path)
    expect(phone.locator("h1")).to_have_text("Vérification d'un titre")
    expect(phone.locator("#title-state")).to_have_text("Valide")
    facts = phone.locator("#title-facts")
    expect(facts).to_contain_text("Carte de qualification de conducteur")
    expect(facts).to_contain_text("Lucie LEFÈVRE")
    expect(facts).to_contain_text("28/02/1990")
    expect(facts).to_contain_text("Marchandises")
    expect(facts).to_contain_text(re.compile(r"le \d\d/\d\d/\d{4} à \d\d:\d\d"))
    expect(facts).not_to_contain_text("900544123456")  # no licence number
    _audit(axe, phone, "titre valide")
    _audit(axe, driver, "mes cartes avec QR")
    assert float(phone.locator("#title-state").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 32

    # The same card declared lost reads so at once.
    _seed(server, "declare_card_lost", email=email)
    goto(phone, path)
    expect(phone.locator("#title-state")).to_have_text("Déclaré perdu")

    # An unknown token: same page, « Titre introuvable ».
    goto(phone, "/verifier/" + "A" * 32)
    expect(phone.locator("#title-state")).to_have_text("Titre introuvable")
    expect(phone.locator("#title-facts dd").first).to_have_text("—")
    _audit(axe, phone, "titre introuvable")

    # « Mon compte »: the card was verified twice; create a share code.
    goto(driver, "/espace/compte")
    expect(driver.locator("#checks")).to_contain_text(f"Carte {number}")
    expect(driver.locator("#checks")).to_contain_text("vérifié 2 fois")
    expect(driver.locator("#share-page-url")).to_have_text(re.compile(r"^https?://.+/verifier$"))
    code = _create_code(driver)
    expect(driver.locator("#share-codes .share-code")).to_have_count(1)
    expect(driver.locator("#share-codes")).to_contain_text("Pas encore consulté.")

    # The employer: code as typed (lower case, no dash) and the birth name without accent.
    employer = new_page()
    goto(employer, "/verifier")
    expect(employer.locator("h1")).to_have_text("Vérifier la qualification d'un conducteur")
    _employer_check(employer, code.lower().replace("-", ""), "LEFEVRE")
    summary = employer.locator("#share-summary")
    expect(summary).to_contain_text("Lucie LEFÈVRE")
    expect(employer.locator("#share-sectors")).to_contain_text("Marchandises : valide jusqu'au")
    expect(employer.locator("#share-card")).to_contain_text(number)
    expect(employer.locator("#share-card")).to_contain_text("Déclaré perdu")
    expect(employer.locator("#share-trainings")).to_contain_text("Centre E2E")
    expect(employer.locator("#share-trainings")).to_contain_text("140 h")

    _audit(axe, employer, "résumé employeur")

    # The driver sees the view.
    goto(driver, "/espace/compte")
    expect(driver.locator("#share-codes")).to_contain_text("Consulté le ")
    _audit(axe, driver, "mon compte partage")

    # Wrong name: one message, no summary.
    _employer_check(employer, code, "Martin")
    expect(employer.locator("#share-message")).to_contain_text(WRONG)
    expect(employer.locator("#share-summary")).to_have_count(0)
    _audit(axe, employer, "code refusé")

    # Revoked: the driver revokes a new code; it stops working at once.
    revoked = _create_code(driver)
    hint = "…" + revoked[-4:]
    driver.get_by_role("button", name=f"Révoquer le code {hint}").click()
    expect(driver.locator("#share-status")).to_contain_text("révoqué")
    expect(driver.locator(f'.share-code[data-hint="{hint}"]')).to_have_count(0)
    _employer_check(employer, revoked, "Lefèvre")
    expect(employer.locator("#share-message")).to_contain_text(WRONG)

    # Expired: 21 days have passed.
    expired = _create_code(driver)
    _seed(server, "age_share_codes", email=email)
    _employer_check(employer, expired, "Lefèvre")
    expect(employer.locator("#share-message")).to_contain_text(WRONG)
    goto(driver, "/espace/compte")
    expect(driver.locator("#share-none")).to_be_visible()

    # Throttling: after 5 wrong pairs from this address, even a fresh right pair waits.
    for _ in range(2):
        _employer_check(employer, "ABCD-EFGH", "Lefèvre")
        expect(employer.locator("#share-message")).to_contain_text(WRONG)
    fresh = _create_code(driver)
    _employer_check(employer, fresh, "Lefèvre")
    expect(employer.locator("#share-message")).to_contain_text("Trop de demandes")
    expect(employer.locator("#share-summary")).to_have_count(0)
    assert axe == [], f"{len(axe)} axe violations:\n" + "\n".join(axe)
