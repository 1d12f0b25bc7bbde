"""The whole account journey at 390×844: sign-up, analysis, correction, password, sign-in, sign-out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import agent_login, fill_signup, goto, mail_link, open_account_in_queue, tick_consents

LAPTOP = {"width": 1280, "height": 800}
# 64 characters, accented: bcrypt alone would truncate it at 72 bytes.
LONG_PASSWORD = "Ça-Dépassé-Été-Élève-Ôté-Être-Ému-Après-Noël-Où-Çà-Là-Déjà-Fée-!"


def test_long_password_is_64_characters():
    assert len(LONG_PASSWORD) == 64
    assert len(LONG_PASSWORD.encode()) > 72


def test_account_creation_analysis_correction_password_and_sign_in(server, new_page):
    email = "journey.driver@example.fr"
    page = new_page()

    # Home → « Créer un compte » → « Particulier »
    goto(page, "/")
    page.click("#go-signup")
    page.click("#profile-particulier")
    page.wait_for_selector('main[data-ready="1"] #f-birth_name')

    # Missing consent, bad licence number, mismatched confirmation: errors beside fields, nothing lost.
    fill_signup(page, email, licence_number="12-34", email_confirmation="autre@example.fr")
    tick_consents(page, 3)
    page.click("#create")
    expect(page.locator("#f-consents-err")).to_contain_text("Cochez les 4 cases")
    expect(page.locator("#f-licence_number-err")).to_contain_text("Format non reconnu")
    expect(page.locator("#f-email_confirmation-err")).to_contain_text("pas identiques")
    expect(page.locator("#f-licence_number")).to_have_attribute("aria-invalid", "true")
    assert page.input_value("#f-birth_name") == "Martin"
    assert page.input_value("#f-phone") == "06 12 34 56 78"
    assert page.is_checked("#f-consent_privacy")
    assert server.sql("SELECT count(*) FROM driver WHERE email = ?", email) == [(0,)]

    # Licence help opens on click of the field, with a live format check.
    page.click("#f-licence_number")
    expect(page.locator("#licence-help")).to_be_visible()
    expect(page.locator("#licence-help")).to_contain_text("rubrique 5")
    page.fill("#f-licence_number", "13AB12345")
    expect(page.locator("#licence-live")).to_have_text("Format valide.")

    page.fill("#f-email_confirmation", email)
    tick_consents(page, 4)
    page.click("#create")
    page.wait_for_url("**/creer-un-compte/envoye")
    expect(page.locator("main")).to_contain_text("en cours d'analyse")
    expect(page.locator("main")).to_contain_text("24 h")

    # The agent asks for a correction of the licence number.
    agent = new_page(LAPTOP)
    agent_login(agent)
    open_account_in_queue(agent, "MARTIN Jean")
    expect(agent.locator("main")).to_contain_text("13AB12345")
    agent.check("#flag-licence_number")
    agent.fill("#reason-licence_number", "Le numéro ne correspond pas au fichier national.")
    agent.click("#ask-correction")
    expect(agent.locator("#account-status")).to_contain_text("À corriger")
    expect(agent.locator("#history")).to_contain_text("Correction demandée")

    # The driver corrects from the emailed link; the link then stops working.
    link = mail_link(page, email, "Corriger mes informations")
    goto(page, link)
    expect(page.locator("main")).to_contain_text("Le numéro ne correspond pas au fichier national.")
    expect(page.locator("#f-birth_name")).to_have_count(0)  # nothing else is asked again
    page.fill("#f-licence_number", "13AB54321")
    page.click("#send-correction")
    expect(page.locator("#correction-done")).to_be_visible()
    goto(page, link)
    expect(page.locator("#link-invalid")).to_be_visible()

    # Back in the queue; the agent validates.
    goto(agent, "/agent/comptes")
    open_account_in_queue(agent, "MARTIN Jean")
    expect(agent.locator("main")).to_contain_text("13AB54321")
    agent.click("#validate")
    expect(agent.locator("#account-status")).to_contain_text("Validé")
    expect(agent.locator("#history")).to_contain_text("Compte validé")

    # « Créer mon mot de passe »: weak password refused, then a 64-character accented one.
    link = mail_link(page, email, "Créer mon mot de passe")
    goto(page, link)
    page.fill("#f-password", "court")
    expect(page.locator('#password-rules li[data-ok="false"]').first).to_be_visible()
    page.fill("#f-confirmation", "court")
    page.click("#save-password")
    expect(page.locator("#f-password-err")).to_contain_text("ne respecte pas")
    page.fill("#f-password", LONG_PASSWORD)
    expect(page.locator('#password-rules li[data-ok="false"]')).to_have_count(0)
    page.fill("#f-confirmation", LONG_PASSWORD)
    page.click("#save-password")
    page.wait_for_url("**/mot-de-passe/enregistre")
    page.click("#back-to-app")
    page.wait_for_url(re.compile(r"/connexion/?(\?.*)?$"))

    # The used link is dead.
    goto(page, link)
    expect(page.locator("#link-invalid")).to_be_visible()

    # Wrong password: generic message; right one: the driver space.
    goto(page, "/connexion")
    page.fill("#f-email", email)
    page.fill("#f-password", LONG_PASSWORD + "x")
    page.click("#login")
    expect(page.get_by_role("alert")).to_contain_text("Adresse électronique ou mot de passe incorrect.")
    page.fill("#f-password", LONG_PASSWORD)
    page.click("#login")
    page.wait_for_url(re.compile(r"/espace/?$"))
    expect(page.locator("h1")).to_have_text("Bonjour Jean Martin")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["hubpro_sid"]["httpOnly"] is True
    assert page.evaluate("document.cookie").find("hubpro_sid") == -1

    # Tabs: empty states explain how things arrive; the ones not built yet say so plainly.
    expected = {
        "Mes formations": "Aucune formation pour le moment",
        "Mes certificats": "Aucun certificat pour le moment",
        "Mes demandes": "Aucune demande pour le moment",
        "Mes cartes": "Aucune carte pour le moment",
        "Mes factures": "Aucune facture pour le moment",
    }
    for tab, text in expected.items():
        page.get_by_role("navigation", name="Rubriques de mon espace").get_by_role("link", name=tab).click()
        expect(page.locator("h1")).to_have_text(tab)
        expect(page.locator("main")).to_contain_text(text)
    page.locator(".hp-menu summary").click()
    page.get_by_role("link", name="Mon compte").click()
    expect(page.locator("main")).to_contain_text("13AB54321")

    # Déconnexion: server-side session revoked, space closed.
    page.locator(".hp-menu summary").click()
    page.click("#logout")
    page.wait_for_url(re.compile(r"/$"))
    goto(page, "/espace")
    page.wait_for_url(re.compile(r"/connexion/?(\?.*)?$"))
    revoked = server.sql(
        "SELECT count(*) FROM authsession s JOIN driver d ON d.id = s.user_id "
        "WHERE d.email = ? AND s.role = 'driver' AND s.revoked_at IS NOT NULL",
        email,
    )
    assert revoked == [(1,)]
