"""Card request at 390×844: steps with real uploads, reload and « Reprendre », complement, card."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, seed_driver
from tests.e2e.helpers import STRONG, driver_login, goto, mail_link
from tests.e2e.test_trainings_journey import _key, _post, _training

LAPTOP = {"width": 1280, "height": 800}


def _image(tmp_path, name: str, color: str, fmt: str = "PNG") -> str:
    path = tmp_path / name
    Image.new("RGB", (400, 500), color).save(path, fmt)
    return str(path)


def _pdf(tmp_path, name: str) -> str:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return str(path)


def _shot(page, name: str) -> None:
    """Keep a screenshot of the screen for review (test-artifacts/screens)."""
    ARTIFACTS.joinpath("screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / f"{name}.png"), full_page=True)


def _upload(page, kind: str, path: str) -> None:
    page.locator(f"#up-{kind} input[type=file]").set_input_files(path)


def test_card_request_complement_and_card(server, new_page, tmp_path):
    email = "carte.demande@example.fr"
    seed_driver(server, email, name="Carte", password=STRONG)
    key = _key(server, "77788899900033", "2023-NOR-0011")
    status, _ = _post(server, key, _training("CARTE", session_reference="FCO-CARTE-1"))
    assert status == 201

    page = new_page()
    driver_login(page, email)
    page.get_by_role("link", name="Mes demandes").click()
    page.click("#tile-cqc")
    expect(page.locator("main")).to_contain_text("Photo d'identité")
    _shot(page, "phone_request_tile")
    page.click("#start")
    page.wait_for_url(re.compile(r"/espace/demandes/[0-9a-f]{32}"))
    request_url = page.url
    expect(page.locator("#step-count")).to_have_text("Étape 1 sur 4")
    page.check("#f-identity_confirmed")
    page.click("#next-identity")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 4")

    # A renamed executable is refused with a clear reason; nothing is stored.
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 2000)
    _upload(page, "photo", str(fake))
    expect(page.locator("#up-photo-err")).to_contain_text("Format non accepté")
    _upload(page, "photo", _image(tmp_path, "photo.png", "#88aacc"))
    expect(page.locator("#doc-photo")).to_contain_text("Document reçu")
    _upload(page, "signature", _image(tmp_path, "signature.png", "white"))
    expect(page.locator("#doc-signature")).to_contain_text("Document reçu")

    # Reload in the middle: « Reprendre » brings back the same step and documents.
    page.reload()
    page.wait_for_selector('main[data-ready="1"] #step-count')
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 4")
    expect(page.locator("#doc-photo")).to_contain_text("Document reçu")
    _upload(page, "identity", _pdf(tmp_path, "cni.pdf"))
    expect(page.locator("#doc-identity")).to_contain_text("Document reçu")
    _upload(page, "licence_front", _image(tmp_path, "recto.jpg", "#ffccdd", "JPEG"))
    expect(page.locator("#doc-licence_front")).to_contain_text("Document reçu")
    _upload(page, "licence_back", _image(tmp_path, "verso.jpg", "#ffddee", "JPEG"))
    expect(page.locator("#doc-licence_back")).to_contain_text("Document reçu")
    _shot(page, "phone_request_documents")
    page.click("#next-documents")
    expect(page.locator("#step-count")).to_have_text("Étape 3 sur 4")
    assert page.input_value("#f-delivery_postal_code") == "44000"  # prefilled from the account
    page.fill("#f-delivery_city", "Saint-Herblain")
    page.press("#f-delivery_city", "Tab")  # leaving the field keeps it, even if the tab is then closed
    page.wait_for_timeout(800)
    page.reload()
    page.wait_for_selector('main[data-ready="1"] #f-delivery_city')
    expect(page.locator("#f-delivery_city")).to_have_value("Saint-Herblain")
    page.click("#next-delivery")
    expect(page.locator("#step-count")).to_have_text("Étape 4 sur 4")
    page.click("#submit-request")
    expect(page.locator("#request-sent")).to_be_visible()

    page.get_by_role("link", name="Mes demandes").first.click()
    item = page.locator(".request-item").first
    expect(item).to_contain_text("Envoyée")
    expect(item).to_contain_text("Prochaine étape")
    item.locator(".hp-disclosure").click()
    expect(item.locator(".hp-history")).to_contain_text("Envoyée")
    _shot(page, "phone_requests_list")

    # The agent asks for a new photo.
    agent = new_page(LAPTOP)
    from tests.e2e.helpers import agent_login

    agent_login(agent)
    goto(agent, "/agent/demandes")
    # Other journeys share this server's queue: open this driver's own request, by its reference.
    [(reference,)] = server.sql(
        "SELECT r.reference FROM cardrequest r JOIN driver d ON d.id = r.driver_id WHERE d.email = ?", email
    )
    agent.locator("#request-queue tr", has_text=reference).locator("a").first.click()
    agent.wait_for_url(re.compile(r"/agent/demandes/[0-9a-f]{32}"))
    row = agent.locator('tr[data-item="doc:photo"]')
    row.locator("input[name=reason]").fill("Photo floue, visage non visible.")
    row.get_by_role("button", name="non conforme").click()
    expect(row).to_contain_text("non conforme")
    agent.click("#ask-info")
    expect(agent.locator("#instruction-status")).to_contain_text("information complémentaire")
    _shot(agent, "laptop_agent_request")

    # The driver sees the notice, answers only what was asked.
    goto(page, "/espace")
    expect(page.locator("#notices")).to_contain_text("attend une information complémentaire")
    page.get_by_role("link", name="en savoir plus").click()
    page.wait_for_url(re.compile(r"/espace/demandes/[0-9a-f]{32}"))
    expect(page.locator("main")).to_contain_text("Photo floue, visage non visible.")
    expect(page.locator("#doc-signature")).to_have_count(0)
    _shot(page, "phone_request_reply")
    page.click("#send-reply")
    expect(page.locator("#problems")).to_contain_text("Photo d'identité")
    _upload(page, "photo", _image(tmp_path, "photo2.png", "#557799"))
    expect(page.locator("#doc-photo")).to_contain_text("photo2.png")
    page.click("#send-reply")
    expect(page.locator("#request-sent")).to_be_visible()
    assert mail_link(new_page(), email, "Répondre")
    assert server.sql(
        "SELECT count(*) FROM outboxmessage WHERE channel = 'sms' AND body_text LIKE '%information%'"
    ) == [(1,)]

    # The agent validates; the card goes into production, then is shipped.
    agent.reload()
    agent.wait_for_selector('main[data-ready="1"] #instruction-status')
    expect(agent.locator("#instruction-status")).to_contain_text("Complément envoyé")
    agent.locator('tr[data-item="doc:photo"]').get_by_role("button", name="conforme", exact=True).click()
    agent.click("#validate-request")
    expect(agent.locator("#instruction-status")).to_contain_text("En fabrication")
    agent.click("#ship")
    expect(agent.locator("#instruction-status")).to_contain_text("Expédiée")

    page.get_by_role("link", name="Mes cartes").click()
    card = page.locator(".cqc")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("CARTE")
    expect(card).to_contain_text("code 95")
    expect(card).to_contain_text("Expédiée")
    _shot(page, "phone_cards")

    # Another driver gets nothing: neither the request nor its documents.
    other_email = "autre.demande@example.fr"
    seed_driver(server, other_email, name="Intrus", password=STRONG)
    other = new_page()
    driver_login(other, other_email)
    goto(other, request_url.replace(server.base_url, ""))
    expect(other.locator("#not-found")).to_be_visible()
    photo_src = card.get_by_role("img", name="Photo du titulaire").get_attribute("src")
    assert other.request.get(photo_src).status == 404
    assert page.request.get(photo_src).status == 200
    page.get_by_role("link", name="Mes formations").click()
    expect(page.locator("#qualification")).to_contain_text("Carte CQC n° FR")
