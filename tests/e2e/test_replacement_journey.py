"""Replacement at 390×844: Perte paid by card in the Stripe card element (localstripe), invoice."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, seed_driver, seed_shipped_card
from tests.e2e.helpers import STRONG, download, driver_login, goto, mail_link


def _start_replacement(page, number: str, motif: str) -> None:
    """« Remplacement, Echange »: choose the card and the motif, « Commencer »."""
    goto(page, "/espace/demandes/remplacement")
    page.locator(f'label[for="card-{number}"]').click()
    page.locator(f'label[for="motif-{motif}"]').click()
    page.click("#start-replacement")
    page.wait_for_url(re.compile(r"/espace/demandes/[0-9a-f]{32}"))


def _type_card(page, number: str) -> None:
    frame = page.locator("#card-element")
    expect(frame.locator("input").first).to_be_visible()
    inputs = frame.locator("input")
    inputs.nth(0).fill(number)
    inputs.nth(1).fill("12")
    inputs.nth(2).fill("31")
    inputs.nth(3).fill("123")


def test_loss_paid_by_card_gives_a_card_and_an_invoice(server, new_page):
    email = "perte.carte@example.fr"
    seed_driver(server, email, name="Perte", password=STRONG)
    number = seed_shipped_card(server, email)

    page = new_page()
    driver_login(page, email)
    page.get_by_role("link", name="Mes demandes").click()
    page.click("#tile-replacement")
    page.wait_for_selector('main[data-ready="1"] #start-replacement')
    page.click("#start-replacement")
    expect(page.locator("#f-card-err")).to_contain_text("Choisissez la carte")
    page.locator(f'label[for="card-{number}"]').click()
    page.locator('label[for="motif-perte"]').click()
    page.click("#start-replacement")
    page.wait_for_url(re.compile(r"/espace/demandes/[0-9a-f]{32}"))
    expect(page.locator("#step-count")).to_have_text("Étape 1 sur 3")
    page.click("#next-declaration")
    expect(page.locator("#f-commitment-err")).to_contain_text("engagement")
    page.check("#f-commitment")
    page.fill("#f-detail", "Perdue lors d'une livraison")
    page.click("#next-declaration")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 3")
    page.click("#next-addresses")
    expect(page.locator("#step-count")).to_have_text("Étape 3 sur 3")
    expect(page.locator("#fee")).to_contain_text("36,00 €")
    page.get_by_role("button", name="Modifier").first.click()  # every step reopens until validation
    expect(page.locator("#step-count")).to_have_text("Étape 1 sur 3")
    page.click("#next-declaration")
    page.click("#next-addresses")
    page.click("#submit-replacement")
    page.wait_for_url(re.compile(r"/espace/paiement/[0-9a-f]{32}"))
    expect(page.locator("#sandbox-notice")).to_contain_text("Mode test")

    # A declined card: a clear French message, nothing paid, retry on the same page.
    _type_card(page, "4000000000000341")
    page.click("#pay")
    expect(page.locator("#pay-error")).to_contain_text("refusé")
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / "phone_payment_declined.png"), full_page=True)
    page.reload()  # the refusal is still explained after a reload
    expect(page.locator("#pay-error")).to_contain_text("refusé")
    # Other journeys share this server: count this driver's rows, and Stripe events from a baseline.
    succeeded = "SELECT count(*) FROM stripeevent WHERE type = 'payment_intent.succeeded'"
    before = server.sql(succeeded)[0][0]
    mine = "SELECT count(*) FROM {table} t JOIN driver d ON d.id = t.driver_id WHERE d.email = ?{extra}"
    invoices = mine.format(table="invoice", extra="")
    paid = mine.format(table="payment", extra=" AND t.status = 'succeeded'")
    _type_card(page, "4242424242424242")
    page.click("#pay")
    expect(page.locator("#paid")).to_be_visible()
    assert server.sql(invoices, email) == [(1,)]
    # localstripe's signed webhook arrives too and changes nothing (one payment, one invoice).
    for _ in range(40):
        if server.sql(succeeded)[0][0] == before + 1:
            break
        page.wait_for_timeout(250)
    assert server.sql(succeeded)[0][0] == before + 1
    assert server.sql(invoices, email) == [(1,)]
    assert server.sql(paid, email) == [(1,)]

    page.get_by_role("link", name="Mes factures").first.click()
    invoice = page.locator(".invoice-item")
    expect(invoice).to_have_count(1)
    expect(invoice).to_contain_text("36,00 €")
    page.screenshot(path=str(ARTIFACTS / "screens" / "phone_invoices.png"), full_page=True)
    name, body = download(page, invoice.get_by_role("link", name=re.compile("^Télécharger")))
    assert re.fullmatch(r"facture-HPT-\d{4}-\d{6}-duplicata\.pdf", name) and body.startswith(b"%PDF-")
    href = invoice.get_by_role("link", name=re.compile("^Télécharger")).get_attribute("href")
    assert mail_link(new_page(), email, "Mes factures")

    page.get_by_role("link", name="Mes cartes").click()
    expect(page.locator(".cqc")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Déclarée perdue")
    expect(page.locator("main")).to_contain_text("En fabrication")

    other_email = "autre.facture@example.fr"
    seed_driver(server, other_email, name="Autrui", password=STRONG)
    other = new_page()
    driver_login(other, other_email)
    assert other.request.get(href).status == 404
    goto(other, "/espace/factures")
    expect(other.locator(".invoice-item")).to_have_count(0)


def test_quality_return_coupon_driver_fault_then_payment(server, new_page):
    email = "qualite.carte@example.fr"
    seed_driver(server, email, name="Qualite", password=STRONG)
    number = seed_shipped_card(server, email)
    page = new_page()
    driver_login(page, email)
    _start_replacement(page, number, "qualite")
    page.click("#next-declaration")
    expect(page.locator("#f-defects-err")).to_contain_text("au moins un élément")
    page.check("#f-defect_puce")
    page.click("#next-declaration")
    page.click("#next-addresses")
    expect(page.locator("#fee")).to_contain_text("gratuit")
    page.click("#submit-replacement")
    expect(page.locator("#request-sent")).to_be_visible()
    page.get_by_role("link", name="Mes demandes").first.click()
    page.locator(".request-item").first.get_by_role("link", name="Afficher").click()
    coupon = page.locator("#coupon")
    expect(coupon).to_contain_text("coupon retour")
    name, body = download(page, coupon.get_by_role("link", name=re.compile("^Télécharger")))
    assert re.fullmatch(r"coupon-retour-REM-\d{4}-[0-9A-F]{6}\.pdf", name) and body.startswith(b"%PDF-")

    agent = new_page({"width": 1280, "height": 800})
    from tests.e2e.helpers import agent_login

    agent_login(agent)
    goto(agent, "/agent/demandes")
    agent.locator("#request-queue a", has_text="REM-").first.click()
    agent.wait_for_url(re.compile(r"/agent/demandes/[0-9a-f]{32}"))
    expect(agent.locator("#replacement-facts")).to_contain_text("La puce ne fonctionne pas")
    agent.click("#receive")
    expect(agent.locator("#instruction-status")).to_contain_text("Analyse en cours")
    agent.fill("#driver-reason", "Carte pliée : défaut dû à l'usage.")
    agent.click("#fault-driver")
    expect(agent.locator("#instruction-status")).to_contain_text("En attente de paiement")

    goto(page, "/espace/demandes")
    item = page.locator(".request-item").first
    expect(item).to_contain_text("En attente de paiement")
    item.get_by_role("link", name="Afficher").click()
    page.click("#go-pay")
    page.wait_for_url(re.compile(r"/espace/paiement/[0-9a-f]{32}"))
    _type_card(page, "4242424242424242")
    page.click("#pay")
    expect(page.locator("#paid")).to_be_visible()
    page.get_by_role("link", name="Mes cartes").click()
    expect(page.locator("main")).to_contain_text("Retournée")


def test_theft_needs_the_declaration_then_payment(server, new_page, tmp_path):
    from PIL import Image

    email = "vol.carte@example.fr"
    seed_driver(server, email, name="Volee", password=STRONG)
    number = seed_shipped_card(server, email)
    page = new_page()
    driver_login(page, email)
    _start_replacement(page, number, "vol")
    expect(page.locator("#doc-theft_declaration")).to_contain_text("Déclaration de vol")
    page.check("#f-commitment")
    page.click("#next-declaration")
    page.click("#next-addresses")
    page.click("#submit-replacement")
    expect(page.locator("#problems")).to_contain_text("Déclaration de vol")  # refused without the document
    page.get_by_role("button", name="Modifier").first.click()
    scan = tmp_path / "recepisse.jpg"
    Image.new("RGB", (600, 800), "#eeeeee").save(scan, "JPEG")
    page.locator("#up-theft_declaration input[type=file]").set_input_files(str(scan))
    expect(page.locator("#doc-theft_declaration")).to_contain_text("recepisse.jpg")
    page.click("#next-declaration")
    page.click("#next-addresses")
    documents = page.locator("#summary-documents")  # every document is shown before paying
    expect(documents).to_contain_text("Déclaration de vol")
    expect(documents).to_contain_text("recepisse.jpg")
    expect(documents.get_by_role("link", name=re.compile("^Voir"))).to_have_count(1)
    page.click("#submit-replacement")
    page.wait_for_url(re.compile(r"/espace/paiement/[0-9a-f]{32}"))
    _type_card(page, "4242424242424242")
    page.click("#pay")
    expect(page.locator("#paid")).to_be_visible()
    page.get_by_role("link", name="Mes cartes", exact=True).click()
    expect(page.locator("main")).to_contain_text("Déclarée volée")


def test_quality_operator_fault_is_replaced_free(server, new_page):
    email = "qualite.gratuite@example.fr"
    seed_driver(server, email, name="Gratuite", password=STRONG)
    number = seed_shipped_card(server, email)
    page = new_page()
    driver_login(page, email)
    _start_replacement(page, number, "qualite")
    page.check("#f-defect_impression")
    page.click("#next-declaration")
    page.click("#next-addresses")
    page.click("#submit-replacement")
    expect(page.locator("#request-sent")).to_be_visible()

    agent = new_page({"width": 1280, "height": 800})
    from tests.e2e.helpers import agent_login

    agent_login(agent)
    goto(agent, "/agent/demandes")
    agent.locator("#request-queue tr", has_text="GRATUITE").get_by_role("link").first.click()
    agent.wait_for_url(re.compile(r"/agent/demandes/[0-9a-f]{32}"))
    agent.click("#receive")
    expect(agent.locator("#instruction-status")).to_contain_text("Analyse en cours")
    agent.fill("#operator-reason", "Encre défectueuse sur le lot.")
    agent.click("#fault-operator")
    expect(agent.locator("#instruction-status")).to_contain_text("En fabrication")

    goto(page, "/espace/cartes")
    expect(page.locator("main")).to_contain_text("Retournée")
    expect(page.locator("main")).to_contain_text("En fabrication")
    assert server.sql(
        "SELECT count(*) FROM payment p JOIN driver d ON d.id = p.driver_id WHERE d.email = ?", email
    ) == [(0,)]


def test_back_from_the_addresses_and_every_field_left_are_kept(server, new_page):
    email = "retour.adresses@example.fr"
    seed_driver(server, email, name="Retour", password=STRONG)
    number = seed_shipped_card(server, email)
    page = new_page()
    driver_login(page, email)
    _start_replacement(page, number, "perte")

    # The declaration is kept as soon as each field is left (no « Enregistrer et continuer »).
    page.check("#f-commitment")
    page.fill("#f-detail", "Perdue sur une aire d'autoroute")
    page.press("#f-detail", "Tab")
    request = page.url.rsplit("/", 1)[1]
    _wait_for(server, "SELECT declaration FROM cardrequest WHERE public_id = ?", request, "autoroute")
    page.reload()
    page.wait_for_selector('main[data-ready="1"] #f-detail')
    expect(page.locator("#f-commitment")).to_be_checked()
    expect(page.locator("#f-detail")).to_have_value("Perdue sur une aire d'autoroute")

    page.click("#next-declaration")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 3")
    page.uncheck("#f-billing_same")
    page.fill("#f-billing_name", "Transports Retour SARL")
    page.fill("#f-billing_address", "4 zone artisanale, 56000 Vannes")
    page.get_by_role("button", name="Étape précédente").click()
    expect(page.locator("#step-count")).to_have_text("Étape 1 sur 3")
    page.click("#next-declaration")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 3")
    expect(page.locator("#f-billing_same")).not_to_be_checked()
    expect(page.locator("#f-billing_name")).to_have_value("Transports Retour SARL")
    expect(page.locator("#f-billing_address")).to_have_value("4 zone artisanale, 56000 Vannes")
    page.reload()  # a crash or a closed tab loses nothing either
    page.wait_for_selector('main[data-ready="1"] #f-billing_name')
    expect(page.locator("#f-billing_same")).not_to_be_checked()
    expect(page.locator("#f-billing_name")).to_have_value("Transports Retour SARL")

    page.click("#next-addresses")
    expect(page.locator("#step-count")).to_have_text("Étape 3 sur 3")
    expect(page.locator("main")).to_contain_text("Transports Retour SARL")
    page.click("#submit-replacement")
    page.wait_for_url(re.compile(r"/espace/paiement/[0-9a-f]{32}"))
    assert server.sql("SELECT p.billing_name FROM payment p JOIN cardrequest r ON r.id = p.request_id "
                      "WHERE r.public_id = ?", request) == [("Transports Retour SARL",)]  # fmt: skip


def _wait_for(server, query: str, param: str, text: str) -> None:
    """Until the stored value contains `text` (a blur's save is asynchronous)."""
    for _ in range(60):
        if any(text in str(row[0]) for row in server.sql(query, param)):
            return
        time.sleep(0.25)
    raise AssertionError(f"never stored: {text}")


def test_an_abandoned_3d_secure_step_never_blocks_the_payment(server, new_page):
    email = "abandon.3ds@example.fr"
    seed_driver(server, email, name="Abandon", password=STRONG)
    number = seed_shipped_card(server, email)
    page = new_page()
    driver_login(page, email)
    _start_replacement(page, number, "perte")
    page.check("#f-commitment")
    page.fill("#f-detail", "Perdue sur une aire de repos")
    page.click("#next-declaration")
    page.click("#next-addresses")
    page.click("#submit-replacement")
    page.wait_for_url(re.compile(r"/espace/paiement/[0-9a-f]{32}"))
    expect(page.locator("#sandbox-notice")).to_contain_text("3-D Secure : 4000 0027 6000 3184")
    _type_card(page, "4000002760003184")
    page.click("#pay")
    expect(page.get_by_role("button", name="Complete authentication")).to_be_visible()  # the bank's step (sandbox)
    page.reload()  # the driver leaves it: reload, or a tab closed and opened again
    page.wait_for_selector('main[data-ready="1"]')
    expect(page.locator("#pay-error")).to_contain_text("Le paiement précédent n'a pas été finalisé")
    expect(page.locator("#pay")).to_be_enabled()
    _type_card(page, "4242424242424242")
    page.click("#pay")
    expect(page.locator("#paid")).to_be_visible()
    query = "SELECT p.status, p.attempts FROM payment p JOIN driver d ON d.id = p.driver_id WHERE d.email = ?"
    assert server.sql(query, email) == [("succeeded", 2)]
    assert server.sql(
        "SELECT count(*) FROM invoice i JOIN driver d ON d.id = i.driver_id WHERE d.email = ?", email
    ) == [(1,)]
