"""Security headers on every response of the app: pages, static files, API routes and the websocket.

The Content-Security-Policy allows scripts from this origin, the inline scripts of the page being
served (by SHA-256 hash, computed from the very HTML that goes out, so every build and page is
covered) and the Stripe.js origin from the settings. Two relaxations are forced by Reflex 0.10:
``'unsafe-eval'`` because ``rx.call_script`` and Reflex's event loop run server-sent code with
``eval``; ``style-src 'unsafe-inline'`` because component styles are injected at run time
(Emotion ``<style>`` elements, no nonce possible on a static build). Injected markup still cannot
run a script: inline scripts need a hash of this build, and ``object-src``/``base-uri`` are locked.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import zlib
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hubpro.settings import Settings, get_settings

INLINE_SCRIPT = re.compile(rb"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
HSTS = "max-age=63072000; includeSubDomains"
PERMISSIONS = "camera=(self), microphone=(), geolocation=()"
# Chrome shows inline PDFs in an <embed> of a synthetic page: object-src 'none' (or default-src)
# would block its own viewer, so a PDF gets only the directives that do not apply to it.
PDF_POLICY = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(settings: Settings, script_hashes: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy of a page whose inline scripts have these base64 SHA-256 hashes."""
    stripe_js = _origin(settings.stripe_js_url)
    scripts, frames = [stripe_js], [stripe_js]
    if stripe_js == "https://js.stripe.com":
        scripts.append("https://*.js.stripe.com")
        frames += ["https://*.js.stripe.com", "https://hooks.stripe.com"]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *(f"'sha256-{h}'" for h in script_hashes), "'unsafe-eval'", *scripts],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", _origin(settings.stripe_api_base)],
        "frame-src": frames,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(dict.fromkeys(values))}" for name, values in directives.items())


def inline_script_hashes(html: bytes, encoding: str = "") -> tuple[str, ...]:
    """Base64 SHA-256 of each inline ``<script>`` of an HTML body (gzip or deflate bodies are decoded)."""
    encoding = (encoding or "").strip().lower()
    try:
        if encoding == "gzip":
            html = gzip.decompress(html)
        elif encoding == "deflate":
            html = zlib.decompress(html)
        elif encoding not in ("", "identity"):
            return ()  # unknown coding: no inline script runs, which the journeys would show at once
    except (OSError, EOFError, zlib.error):
        return ()
    found = (base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() for m in INLINE_SCRIPT.finditer(html))
    return tuple(dict.fromkeys(found))


class SecurityHeaders:
    """ASGI middleware wrapping the whole backend (Reflex mounts the static frontend inside it in prod)."""

    def __init__(self, app: ASGIApp, settings: Settings | None = None):
        self.app = app
        self.settings = settings or get_settings()
        common = {
            "x-content-type-options": "nosniff",
            "referrer-policy": "strict-origin-when-cross-origin",
            "permissions-policy": PERMISSIONS,
            "x-frame-options": "DENY",
        }
        if self.settings.base_url.startswith("https://"):
            common["strict-transport-security"] = HSTS
        self.common = common

    def _apply(self, headers: MutableHeaders, csp: str | None) -> None:
        for name, value in self.common.items():
            headers[name] = value
        if csp:
            headers["content-security-policy"] = csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.app(scope, receive, self._websocket_send(send))
        elif scope["type"] == "http":
            # Without pathsend, static files come as body messages that the HTML branch can read.
            extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
            await self.app({**scope, "extensions": extensions}, receive, self._http_send(send))
        else:
            await self.app(scope, receive, send)

    def _websocket_send(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "websocket.accept":
                headers = MutableHeaders(raw=list(message.get("headers") or []))
                self._apply(headers, policy(self.settings))
                message = {**message, "headers": headers.raw}
            await send(message)

        return wrapped

    def _http_send(self, send: Send) -> Send:
        start: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers") or []))
                kind = headers.get("content-type", "").split(";")[0].strip().lower()
                if message.get("status") == 304:
                    # A 304's headers replace the cached ones: the cached page keeps the policy that
                    # hashed its own inline scripts (a policy without them would block the page).
                    self._apply(headers, None)
                    await send({**message, "headers": headers.raw})
                elif kind == "text/html":
                    start = message  # held back until the body is known: its inline scripts are hashed
                else:
                    self._apply(headers, PDF_POLICY if kind == "application/pdf" else policy(self.settings))
                    await send({**message, "headers": headers.raw})
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                headers = MutableHeaders(raw=list(start.get("headers") or []))
                hashes = inline_script_hashes(body, headers.get("content-encoding", ""))
                self._apply(headers, policy(self.settings, hashes))
                await send({**start, "headers": headers.raw})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        return wrapped
