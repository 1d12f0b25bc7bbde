"""Trainings at 390×844: centre API and portal deposits, « Mes formations », PDFs, « Mes certificats »."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import seed_driver
from tests.e2e.helpers import STRONG, download, driver_login, goto, mail_link


def _key(server, siret: str, agrement: str) -> str:
    out = server.cli("create-centre", "--name", "Centre Poids Lourds Ouest", "--siret", siret,
                     "--agrement", agrement, "--region", "Pays de la Loire")  # fmt: skip
    return out.rsplit(": ", 1)[1].strip()


def _post(server, key: str, payload: dict) -> tuple[int, dict]:
    req = urllib.request.Request(
        server.base_url + "/api/v1/trainings",
        data=json.dumps(payload).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def _training(name: str, **over) -> dict:
    end = date.today() - timedelta(days=3)
    data = {
        "type": "fco", "sector": "marchandises", "start_date": (end - timedelta(days=4)).isoformat(),
        "end_date": end.isoformat(), "hours": 35, "session_reference": "FCO-E2E-1", "birth_name": name,
        "first_names": "Lucie", "birth_date": "1990-02-28", "licence_number": "900544123456",
    }  # fmt: skip
    data.update(over)
    return data


def test_api_deposit_reaches_the_driver_with_pdfs_and_email(server, new_page):
    email = "lucie.formation@example.fr"
    seed_driver(server, email, name="Formation", password=STRONG)
    key = _key(server, "11122233300011", "2021-PDL-0007")

    status, created = _post(server, key, _training("FORMATION"))
    assert status == 201 and created["matched_to_account"] is True
    status, again = _post(server, key, _training("FORMATION"))
    assert status == 200 and again["id"] == created["id"]  # a retry is not a duplicate

    page = new_page()
    driver_login(page, email)
    page.get_by_role("link", name="Mes formations").click()
    item = page.locator(".training-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("FCO – Marchandises")
    expect(item).to_contain_text("35 h")
    expect(page.locator("#qualification")).to_contain_text("Qualification Marchandises")
    expect(page.locator("#sector-selector")).to_have_count(0)  # one sector: no selector

    # « Voir » opens the PDF in a new tab.
    with page.context.expect_page() as tab:
        item.get_by_role("link", name=re.compile("^Voir")).click()
    pdf_tab = tab.value
    pdf_tab.wait_for_load_state()
    href = item.get_by_role("link", name=re.compile("^Voir")).get_attribute("href")
    resp = page.request.get(href)
    assert resp.status == 200 and resp.headers["content-type"] == "application/pdf"
    assert resp.body().startswith(b"%PDF-")
    assert resp.headers["content-disposition"].startswith("inline")
    name, body = download(page, item.get_by_role("link", name=re.compile("^Télécharger")))
    assert re.fullmatch(r"recapitulatif-.+\.pdf", name) and body.startswith(b"%PDF-")

    page.get_by_role("link", name="Mes certificats").click()
    cert = page.locator(".certificate-item")
    expect(cert).to_have_count(1)
    expect(cert).to_contain_text("valide")
    expect(cert).to_contain_text("Valable jusqu'au")
    cert_href = cert.get_by_role("link", name=re.compile("^Voir")).get_attribute("href")
    assert page.request.get(cert_href).body().startswith(b"%PDF-")
    name, body = download(page, cert.get_by_role("link", name=re.compile("^Télécharger")))
    assert re.fullmatch(r"certificat-.+\.pdf", name) and body.startswith(b"%PDF-")
    page.set_viewport_size({"width": 1280, "height": 800})  # the laptop downloads too
    name, body = download(page, cert.get_by_role("link", name=re.compile("^Télécharger")))
    assert body.startswith(b"%PDF-")
    page.set_viewport_size({"width": 390, "height": 844})

    mail_page = new_page()
    assert mail_link(mail_page, email, "Mes certificats")
    expect(mail_page.locator(f'article.dev-message[data-to="{email}"] .mail-attachment').first).to_contain_text(
        "certificat-CQC-"
    )

    # Another driver, and nobody at all, get nothing.
    other_email = "autre.conducteur@example.fr"
    seed_driver(server, other_email, name="Autre", password=STRONG)
    other = new_page()
    driver_login(other, other_email)
    assert other.request.get(href).status == 404
    assert other.request.get(cert_href).status == 404
    anonymous = new_page()
    assert anonymous.request.get(href).status == 404

    # A second sector: the selector appears and filters.
    status, _ = _post(server, key, _training("FORMATION", type="passerelle", sector="voyageurs",
                                             session_reference="PAS-E2E-1"))  # fmt: skip
    assert status == 201
    page.get_by_role("link", name="Mes formations").click()
    selector = page.locator("#sector-selector")
    expect(selector).to_be_visible()
    selector.get_by_role("button", name="Voyageurs").click()
    expect(page.locator(".training-item")).to_have_count(1)
    expect(page.locator(".training-item")).to_contain_text("Passerelle – Voyageurs")
    selector.get_by_role("button", name="Marchandises").click()
    expect(page.locator(".training-item")).to_contain_text("FCO – Marchandises")


def test_centre_portal_deposit_with_errors_then_success(server, page):
    key = _key(server, "44455566600022", "2022-BRE-0003")
    goto(page, "/centre")
    page.fill("#centre-api_key", "hpc_mauvaise-cle")
    page.click("#centre-login")
    expect(page.get_by_role("alert").first).to_contain_text("Clé d'accès incorrecte")
    page.fill("#centre-api_key", key)
    page.click("#centre-login")
    expect(page.locator("#deposit-form")).to_be_visible()

    future = (date.today() + timedelta(days=10)).isoformat()
    start = (date.today() - timedelta(days=30)).isoformat()
    page.select_option("#t-type", "fimo")
    page.select_option("#t-sector", "voyageurs")
    page.fill("#t-start_date", start)
    page.fill("#t-end_date", future)
    page.fill("#t-hours", "140")
    page.fill("#t-session_reference", "FIMO-PORTAIL-1")
    page.fill("#t-birth_name", "Portail")
    page.fill("#t-first_names", "Yann")
    page.fill("#t-birth_date", "1999-04-01")
    page.fill("#t-licence_number", "13AA00002")
    page.click("#deposit")
    expect(page.locator("#t-end_date-err")).to_contain_text("futur")
    assert page.input_value("#t-session_reference") == "FIMO-PORTAIL-1"  # nothing typed is lost

    page.fill("#t-end_date", (date.today() - timedelta(days=1)).isoformat())
    page.click("#deposit")
    expect(page.get_by_role("alert").filter(has_text="Formation enregistrée")).to_be_visible()
    expect(page.locator("#deposits")).to_contain_text("PORTAIL Yann")
    expect(page.locator("#deposits")).to_contain_text("en attente du compte")
    assert server.sql("SELECT count(*) FROM training WHERE session_reference = 'FIMO-PORTAIL-1'") == [(1,)]
