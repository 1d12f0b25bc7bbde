"""Sad paths of access: no session, wrong role, expired and reused links, throttled sign-in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import seed_driver
from tests.e2e.helpers import STRONG, agent_login, driver_login, goto


def test_pages_without_session_redirect_to_sign_in(page):
    goto(page, "/espace/formations")
    page.wait_for_url(re.compile(r"/connexion/?$"))
    goto(page, "/agent/comptes")
    page.wait_for_url(re.compile(r"/agent/?$"))
    expect(page.locator("#queue")).to_have_count(0)


def test_driver_cannot_use_agent_handlers_and_agent_cannot_use_driver_pages(server, new_page):
    email = "role.check@example.fr"
    seed_driver(server, email, name="Roles", password=STRONG)
    driver = new_page()
    driver_login(driver, email)
    goto(driver, "/agent/comptes")  # runs AgentState.guard and AgentQueueState.load with a driver cookie
    driver.wait_for_url(re.compile(r"/agent/?$"))
    expect(driver.locator("#queue")).to_have_count(0)
    expect(driver.locator("main")).not_to_contain_text("role.check@example.fr")

    agent = new_page({"width": 1280, "height": 800})
    agent_login(agent)
    goto(agent, "/espace")
    agent.wait_for_url(re.compile(r"/connexion/?$"))


def test_expired_password_link_is_refused_and_can_be_renewed(server, page):
    email = "expired.link@example.fr"
    token = seed_driver(server, email, name="Expire", age_hours=73)
    goto(page, f"/mot-de-passe?jeton={token}")
    expect(page.locator("#link-invalid")).to_contain_text("n'est plus valable")
    expect(page.locator("#f-password")).to_have_count(0)
    # « Mot de passe oublié » answers the same for anyone, and sends a fresh link to this account.
    page.get_by_role("link", name="Mot de passe oublié").click()
    page.wait_for_url(re.compile(r"/mot-de-passe-oublie/?$"))
    page.wait_for_selector('main[data-ready="1"]')
    page.fill("#f-email", email)
    page.click("#forgot")
    expect(page.get_by_role("status")).to_contain_text("Si un compte existe")
    rows = server.sql(
        "SELECT count(*) FROM onetimetoken t JOIN driver d ON d.id = t.driver_id "
        "WHERE d.email = ? AND t.used_at IS NULL AND t.purpose = 'set_password'",
        email,
    )
    assert rows == [(1,)]


def test_forgot_password_same_answer_for_unknown_email(page, server):
    goto(page, "/mot-de-passe-oublie")
    page.fill("#f-email", "personne@example.fr")
    page.click("#forgot")
    expect(page.get_by_role("status")).to_contain_text("Si un compte existe")
    assert server.sql("SELECT count(*) FROM outboxmessage WHERE recipient = 'personne@example.fr'") == [(0,)]


def test_reset_password_revokes_sessions(server, new_page):
    email = "reset.flow@example.fr"
    seed_driver(server, email, name="Reset", password=STRONG)
    first = new_page()
    driver_login(first, email)

    other = new_page()
    goto(other, "/mot-de-passe-oublie")
    other.fill("#f-email", email)
    other.click("#forgot")
    expect(other.get_by_role("status")).to_contain_text("Si un compte existe")
    from tests.e2e.helpers import mail_link

    link = mail_link(other, email, "Choisir un nouveau mot de passe")
    goto(other, link)
    other.fill("#f-password", "Nouveau-Mot2passe!")
    other.fill("#f-confirmation", "Nouveau-Mot2passe!")
    other.click("#save-password")
    other.wait_for_url(re.compile(r"/mot-de-passe/enregistre/?$"))
    assert mail_link(other, email, "Connexion")  # « Votre mot de passe a été modifié »

    # The first browser's session was revoked: the next page load sends it to sign-in.
    first.reload()
    first.wait_for_url(re.compile(r"/connexion/?$"))
    driver_login(first, email, "Nouveau-Mot2passe!")


def test_repeated_failures_lock_sign_in_softly(server, page):
    email = "throttle.me@example.fr"
    seed_driver(server, email, name="Throttle", password=STRONG)
    goto(page, "/connexion")
    page.fill("#f-email", email)
    for attempt in range(3):
        page.fill("#f-password", f"Mauvais-{attempt}!")
        page.click("#login")
        expect(page.get_by_role("alert").first).to_have_text("Adresse électronique ou mot de passe incorrect.")
    # Ten failures within 15 minutes (the growing delays in between are unit-tested): soft lock.
    server.python(
        "from hubpro.db import session_scope\n"
        "from hubpro.models import LoginAttempt\n"
        "with session_scope() as db:\n"
        f"    db.add_all([LoginAttempt(role='driver', email='{email}', ip='198.51.100.7') for _ in range(10)])\n"
        "    db.commit()\n"
    )
    page.fill("#f-password", STRONG)
    page.click("#login")
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Trop de tentatives de connexion")
    expect(alert).to_contain_text("15 min")
    expect(page).to_have_url(re.compile(r"/connexion/?$"))


def _lock(server, email: str) -> None:
    """Ten recent failures on the account from someone else's address: the soft lock."""
    server.python(
        "from hubpro.db import session_scope\n"
        "from hubpro.models import LoginAttempt\n"
        "with session_scope() as db:\n"
        f"    db.add_all([LoginAttempt(role='driver', email='{email}', ip='198.51.100.9') for _ in range(10)])\n"
        "    db.commit()\n"
    )


def test_a_locked_driver_signs_in_from_a_browser_used_before(server, new_page):
    email = "device.owner@example.fr"
    seed_driver(server, email, name="Appareil", password=STRONG)
    own = new_page()
    driver_login(own, email)  # sets the long-lived device cookie
    cookie = next(c for c in own.context.cookies() if c["name"] == "hubpro_device")
    assert cookie["httpOnly"] and cookie["expires"] > 0
    own.locator(".hp-menu summary").click()
    own.click("#logout")
    own.wait_for_url(re.compile(r"/$"))
    _lock(server, email)

    stranger = new_page()
    goto(stranger, "/connexion")
    stranger.fill("#f-email", email)
    stranger.fill("#f-password", STRONG)
    stranger.click("#login")
    expect(stranger.get_by_role("alert").first).to_contain_text("Trop de tentatives de connexion")

    driver_login(own, email)  # the right password from the owner's browser goes through


def _raw_upload(server, headers: dict[str, str], body: bytes = b"") -> int:
    import http.client
    from urllib.parse import urlsplit

    url = urlsplit(server.base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.putrequest("POST", "/_upload")
    for name, value in {"Reflex-Event-Handler": "x", **headers}.items():
        conn.putheader(name, value)
    conn.endheaders()
    if body:
        conn.send(body)
    status = conn.getresponse().status
    conn.close()
    return status


def test_upload_endpoint_refuses_unknown_tabs_and_oversized_bodies(server):
    body = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\nxx\r\n--b--\r\n'
    multipart = {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(len(body))}
    assert _raw_upload(server, {**multipart, "Reflex-Client-Token": "no-such-tab"}, body) == 403
    assert _raw_upload(server, multipart, body) == 400  # no client token
    # 100 MB announced, nothing sent: refused at once, before any byte of the body is read.
    assert _raw_upload(server, {"Content-Length": str(100 * 2**20), "Reflex-Client-Token": "t"}) == 413
