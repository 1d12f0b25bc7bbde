"""Every response carries the security headers; a page's CSP lists exactly its own inline scripts."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import gzip
import hashlib

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from hubpro.api.headers import SecurityHeaders, inline_script_hashes, policy
from hubpro.settings import get_settings

SCRIPT = 'window.__ctx = {"a": 1};'
PAGE = f'<html><head><script src="/assets/app.js"></script><script>{SCRIPT}</script></head><body></body></html>'


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _client(settings=None) -> TestClient:
    async def page(_):
        return HTMLResponse(PAGE)

    async def gz(_):
        return Response(gzip.compress(PAGE.encode()), media_type="text/html", headers={"content-encoding": "gzip"})

    async def api(_):
        return JSONResponse({"ok": True})

    async def pdf(_):
        return Response(b"%PDF-1.7", media_type="application/pdf")

    async def not_modified(_):
        return Response(status_code=304, headers={"etag": '"x"'})

    routes = [
        Route("/", page),
        Route("/gz", gz),
        Route("/api/x", api),
        Route("/doc.pdf", pdf),
        Route("/304", not_modified),
    ]
    return TestClient(SecurityHeaders(Starlette(routes=routes), settings or get_settings()))


def _directives(csp: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


def test_pages_get_a_csp_with_their_inline_script_hashes_and_the_stripe_origin():
    for path in ("/", "/gz"):
        resp = _client().get(path)
        csp = _directives(resp.headers["content-security-policy"])
        assert f"'sha256-{_sha(SCRIPT)}'" in csp["script-src"]
        assert "'unsafe-inline'" not in csp["script-src"]
        assert "http://localhost:" in " ".join(csp["script-src"])  # the sandbox's Stripe.js origin
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"] and csp["default-src"] == ["'self'"]
        assert resp.text == PAGE  # the body goes out unchanged


def test_every_response_gets_the_other_headers():
    for path in ("/", "/api/x", "/doc.pdf"):
        headers = _client().get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "camera=(self)" in headers["permissions-policy"]
        assert "content-security-policy" in headers
        assert "strict-transport-security" not in headers  # http:// base URL


def test_api_responses_allow_no_inline_script_and_pdfs_keep_chromes_viewer():
    api = _directives(_client().get("/api/x").headers["content-security-policy"])
    assert not [s for s in api["script-src"] if s.startswith("'sha256-")]
    pdf = _client().get("/doc.pdf").headers["content-security-policy"]
    assert "frame-ancestors 'none'" in pdf and "object-src" not in pdf


def test_a_not_modified_answer_keeps_the_cached_pages_policy():
    # Browsers replace a cached page's headers with a 304's: a policy without its hashes would block it.
    headers = _client().get("/304").headers
    assert "content-security-policy" not in headers and headers["x-content-type-options"] == "nosniff"


def test_hsts_when_the_base_url_is_https():
    secure = dataclasses.replace(get_settings(), base_url="https://hubpro.example.fr")
    assert _client(secure).get("/api/x").headers["strict-transport-security"].startswith("max-age=")


def test_real_stripe_origins_in_production():
    live = dataclasses.replace(
        get_settings(), stripe_js_url="https://js.stripe.com/v3/", stripe_api_base="https://api.stripe.com"
    )
    csp = _directives(policy(live))
    assert "https://js.stripe.com" in csp["script-src"] and "https://hooks.stripe.com" in csp["frame-src"]
    assert "https://api.stripe.com" in csp["connect-src"]


def test_websocket_handshake_carries_the_headers():
    sent = []

    async def app(scope, receive, send):
        await send({"type": "websocket.accept", "headers": [(b"sec-websocket-protocol", b"x")]})

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeaders(app)({"type": "websocket"}, None, send))
    headers = dict(sent[0]["headers"])
    assert headers[b"x-content-type-options"] == b"nosniff" and headers[b"sec-websocket-protocol"] == b"x"


def test_hashes_of_inline_scripts_only():
    assert inline_script_hashes(PAGE.encode()) == (_sha(SCRIPT),)
    assert inline_script_hashes(gzip.compress(PAGE.encode()), "gzip") == (_sha(SCRIPT),)
    assert inline_script_hashes(b"not gzip", "gzip") == ()
    assert inline_script_hashes(PAGE.encode(), "br") == ()
