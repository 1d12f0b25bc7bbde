"""What a user meets when something fails: a database outage, a lost connection, an unknown address."""

from __future__ import annotations

import re
import sqlite3
import time

from playwright.sync_api import expect

from tests.e2e.conftest import seed_driver, seed_shipped_card
from tests.e2e.helpers import STRONG, driver_login, fill_signup, goto, tick_consents
from tests.e2e.test_replacement_journey import _start_replacement


def _stored(server, query: str, *params) -> str:
    rows = server.sql(query, *params)
    return str(rows[0][0]) if rows else ""


def _until_stored(server, expected: str, query: str, *params) -> None:
    """Until the database holds `expected` (saves on blur are asynchronous)."""
    for _ in range(120):
        if _stored(server, query, *params) == expected:
            return
        time.sleep(0.25)
    raise AssertionError(f"stored {_stored(server, query, *params)!r}, expected {expected!r}")


def test_signup_during_a_database_outage_keeps_what_was_typed_and_can_be_retried(server, page):
    email = "panne.base@example.fr"
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    goto(page, "/creer-un-compte/particulier")
    fill_signup(page, email, birth_name="Panne")
    tick_consents(page)

    # Another process holds the database's write lock longer than the app waits for it.
    lock = sqlite3.connect(server.env["HUBPRO_DATABASE_URL"].split("///", 1)[1], timeout=30, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        page.click("#create")
        expect(page.locator("#create-error")).to_contain_text("momentanément indisponible", timeout=60_000)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert dialogs == []  # no English alert
    expect(page.locator("#create")).to_be_enabled()
    assert page.input_value("#f-birth_name") == "Panne"
    assert page.input_value("#f-email") == email
    assert page.input_value("#f-licence_number") == "13AB12345"
    assert page.is_checked("#f-consent_processing")
    assert server.sql("SELECT count(*) FROM driver WHERE email = ?", email) == [(0,)]

    page.click("#create")  # the same form, once the database is back
    page.wait_for_url("**/creer-un-compte/envoye")
    assert server.sql("SELECT count(*) FROM driver WHERE email = ?", email) == [(1,)]


def test_an_unknown_address_shows_a_french_page_with_the_way_home(page):
    page.goto("/cette-page-n-existe-pas")
    expect(page.locator("main h1")).to_have_text("Page introuvable")
    expect(page.locator("body")).not_to_contain_text("Page not found")
    page.locator("main").get_by_role("link", name="Accueil").click()
    expect(page.locator("#go-signup")).to_be_visible()


def test_an_address_typed_while_the_server_is_down_wins_after_the_reconnect(restartable, new_page):
    server = restartable
    email = "coupure.serveur@example.fr"
    seed_driver(server, email, name="Coupure", password=STRONG)
    number = seed_shipped_card(server, email)
    page = new_page()
    driver_login(page, email)
    _start_replacement(page, number, "perte")
    request = page.url.rsplit("/", 1)[1]
    query = "SELECT delivery_address FROM cardrequest WHERE public_id = ?"
    page.check("#f-commitment")
    page.click("#next-declaration")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 3")
    page.fill("#f-delivery_address", "5 rue du Port")
    page.press("#f-delivery_address", "Tab")
    _until_stored(server, "5 rue du Port", query, request)

    server.stop()
    expect(page.locator("#connection-banner")).to_be_visible(timeout=30_000)
    page.fill("#f-delivery_address", "7 avenue de la Gare")
    page.press("#f-delivery_address", "Tab")
    server.start()
    expect(page.locator("#connection-banner")).to_have_count(0, timeout=60_000)

    _until_stored(server, "7 avenue de la Gare", query, request)
    expect(page.locator("#f-delivery_address")).to_have_value("7 avenue de la Gare")
    page.click("#next-addresses")
    expect(page.locator("#step-count")).to_have_text("Étape 3 sur 3")
    expect(page.locator("main")).to_contain_text("7 avenue de la Gare")
    assert _stored(server, query, request) == "7 avenue de la Gare"
    page.reload()
    page.wait_for_selector('main[data-ready="1"] #step-count')
    expect(page.locator("main")).to_contain_text("7 avenue de la Gare")
    assert re.search(r"/espace/demandes/[0-9a-f]{32}$", page.url)
