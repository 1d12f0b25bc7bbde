"""Security of the running app: headers, origins, the dev mailbox, logout and a replayed tab token."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
import socketio
from playwright.sync_api import expect

from tests.e2e.conftest import seed_driver, seed_shipped_card
from tests.e2e.helpers import STRONG, driver_login, goto
from tests.e2e.sockets import HYDRATE, event, exchange, handler, non_loopback_address, redirected

EVIL = "https://evil.example"
HOME = re.compile(r"^https?://[^/]+/$")


def _get(url: str, method: str = "GET", headers: dict | None = None):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def _csp(headers) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in headers["content-security-policy"].split("; ")}


def test_every_kind_of_response_carries_the_security_headers(server):
    _, _, html = _get(server.base_url + "/connexion/")
    asset = re.search(rb'src="(/assets/[^"]+\.js)"|href="(/assets/[^"]+\.js)"', html)
    paths = ["/", "/connexion/", (asset.group(1) or asset.group(2)).decode(), "/hubpro.css", "/api/health"]
    stripe = "{0.scheme}://{0.netloc}".format(urlsplit(server.env["HUBPRO_STRIPE_API_BASE"]))
    for path in paths:
        status, headers, _ = _get(server.base_url + path, headers={"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert "camera=(self)" in headers["permissions-policy"], path
        csp = _csp(headers)
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], path
        assert csp["base-uri"] == ["'self'"] and stripe in csp["script-src"], path
        assert "'unsafe-inline'" not in csp["script-src"], path
        assert "strict-transport-security" not in headers  # http:// in tests; https:// adds it (unit-tested)
    # Pages allow exactly their own inline scripts, by hash.
    assert any(s.startswith("'sha256-") for s in _csp(_get(server.base_url + "/connexion/")[1])["script-src"])


def test_the_socket_and_the_api_refuse_a_foreign_origin(server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        exchange(server.base_url, [], headers={"Origin": EVIL})
    own = exchange(server.base_url, [event(handler("login", "login_state", "on_load"), "/connexion")])
    assert own  # the app's own origin is served

    status, headers, _ = _get(server.base_url + "/api/health", headers={"Origin": EVIL})
    assert status == 200 and "access-control-allow-origin" not in headers
    preflight = {"Origin": EVIL, "Access-Control-Request-Method": "POST"}
    status, headers, _ = _get(server.base_url + "/api/v1/trainings", "OPTIONS", preflight)
    assert status == 400 and "access-control-allow-origin" not in headers
    _, headers, _ = _get(server.base_url + "/api/health", headers={"Origin": server.base_url})
    assert headers["access-control-allow-origin"] == server.base_url


def test_the_dev_mailbox_answers_loopback_clients_only(server, page):
    email = "boite.locale@example.fr"
    seed_driver(server, email, name="Boite", password=STRONG)
    goto(page, "/mot-de-passe-oublie")
    page.fill("#f-email", email)
    page.click("#forgot")
    expect(page.get_by_role("status")).to_contain_text("Si un compte existe")
    load = event(handler("devmail", "dev_mail_state", "load"), "/dev/mail")

    def mailbox(updates: list[dict]) -> dict:
        for update in updates:
            for name, values in (update.get("delta") or {}).items():
                if name.endswith("dev_mail_state"):
                    return values
        raise AssertionError(f"no mailbox delta in {updates}")

    local = mailbox(exchange(server.base_url, [load]))
    assert local["enabled_rx_state_"] is True
    assert email in json.dumps(local["messages_rx_state_"]) and "jeton=" in json.dumps(local["messages_rx_state_"])

    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to connect from")
    spoofed = {"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1", "Forwarded": "for=127.0.0.1"}
    remote = exchange(server.base_url, [load], headers=spoofed, host=address)
    box = mailbox(remote)
    assert box["enabled_rx_state_"] is False and box.get("messages_rx_state_", []) == []
    assert "jeton=" not in json.dumps(remote)


def test_logout_is_a_post_from_our_own_pages(server, page):
    email = "sortie.post@example.fr"
    seed_driver(server, email, name="Sortie", password=STRONG)
    driver_login(page, email)
    assert page.request.get("/api/deconnexion?role=driver&next=/", max_redirects=0).status == 405
    forged = page.request.post("/api/deconnexion", form={"role": "driver"}, headers={"Origin": EVIL}, max_redirects=0)
    assert forged.status == 403
    goto(page, "/espace")
    expect(page.locator("h1")).to_contain_text("Bonjour")  # still signed in

    page.locator(".hp-menu summary").click()
    page.click("#logout")
    page.wait_for_url(HOME)
    goto(page, "/espace")
    page.wait_for_url(re.compile(r"/connexion/?(\?.*)?$"))


DRIVER_PAGES = ["/espace", "/espace/compte", "/espace/formations", "/espace/certificats", "/espace/demandes",
                "/espace/cartes", "/espace/factures"]  # fmt: skip


def _browse(page, card: str) -> str:
    """Visit every driver page (their states now hold the driver's data); returns the tab token."""
    for path in DRIVER_PAGES:
        goto(page, path)
        expect(page.locator("h1")).not_to_have_text("Connexion")
    goto(page, "/espace/cartes")
    expect(page.locator("main")).to_contain_text(card)
    goto(page, "/espace/compte")
    expect(page.locator("main")).to_contain_text("900544123456")
    return page.evaluate("window.sessionStorage.getItem('token')")


def _replay(server, token: str) -> str:
    """The tab token from another client, without any cookie: everything the server sends back."""
    updates = exchange(server.base_url, [event(HYDRATE, "/espace/compte")], token=token, until=redirected)
    sent = json.dumps(updates, ensure_ascii=False)
    assert "driver____driver_state" in sent and "cards____cards_state" in sent  # the whole snapshot came back
    return sent


def test_a_replayed_tab_token_gets_no_personal_data(server, new_page):
    email = "rejeu.onglet@example.fr"
    seed_driver(server, email, name="Rejeu", password=STRONG)
    card = seed_shipped_card(server, email)
    personal = [email, "Rejeu", "REJEU", "900544123456", "28/02/1990", "3 quai de la Fosse", card]

    # The tab is closed while signed in: its stored state must not answer a replay without the cookie.
    page = new_page()
    driver_login(page, email)
    token = _browse(page, card)
    page.close()
    sent = _replay(server, token)
    assert [v for v in personal if v in sent] == []

    # « Déconnexion », then the same replay.
    page = new_page()
    driver_login(page, email)
    token = _browse(page, card)
    page.locator(".hp-menu summary").click()
    page.click("#logout")
    page.wait_for_url(HOME)
    page.wait_for_selector('main[data-ready="1"]')  # the home page's socket is up: the tab is done
    page.close()
    sent = _replay(server, token)
    assert [v for v in personal if v in sent] == []
