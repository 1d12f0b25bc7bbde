"""Routes for load balancers and Prometheus: liveness, readiness, metrics; request ids and access lines.

``/api/metrics`` answers only the addresses of ``HUBPRO_METRICS_ALLOW``. The address is the TCP peer;
``X-Forwarded-For`` is read only when that peer is one of ``HUBPRO_METRICS_TRUSTED_PROXIES`` (the
right-most address that is not one of them), so a client cannot claim to be 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import logging
import time

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hubpro import routes
from hubpro.observability import logs, metrics, readiness
from hubpro.settings import get_settings

log = logging.getLogger("hubpro.access")
NO_STORE = {"Cache-Control": "no-store"}
LOGGED_PREFIXES = (routes.API_PREFIX, routes.REFLEX_UPLOAD)  # pages, static files and the websocket left out


async def health(_request: Request) -> Response:
    """GET /api/health: liveness, the process answers (no dependency checked: see /api/ready)."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


async def ready(_request: Request) -> Response:
    """GET /api/ready: 200 when every dependency answers, else 503; each with its time in milliseconds.

    The answer is at most ``readiness.CACHE_SECONDS`` old.
    """
    checks = await readiness.current()
    ok = all(c.ok for c in checks)
    body = {
        "status": "ok" if ok else "unavailable",
        "checks": {c.name: {"ok": c.ok, "ms": c.ms, **({"error": c.error} if c.error else {})} for c in checks},
    }
    if not ok:
        log.warning("not ready: %s", ", ".join(f"{c.name} {c.error}" for c in checks if not c.ok))
    return JSONResponse(body, status_code=200 if ok else 503, headers=NO_STORE)


def _networks(addresses: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(a, strict=False) for a in addresses]


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in networks)


def scrape_address(request: Request) -> str:
    """The address the allow-list is checked against (X-Forwarded-For only from a trusted proxy)."""
    peer = request.client.host if request.client else ""
    proxies = _networks(get_settings().metrics_trusted_proxies)
    if not proxies or not _in(peer, proxies):
        return peer
    hops = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    for address in reversed(hops):
        if not _in(address, proxies):
            return address
    return peer


async def prometheus(request: Request) -> Response:
    """GET /api/metrics: the Prometheus text exposition, to allowed addresses only (403 otherwise)."""
    address = scrape_address(request)
    if not _in(address, _networks(get_settings().metrics_allow)):
        log.info("metrics refused", extra={"outcome": "refused", "client": address[:64]})
        return PlainTextResponse("Accès refusé.", status_code=403, headers=NO_STORE)
    body, content_type = await run_in_threadpool(metrics.exposition)
    return Response(body, media_type=content_type, headers=NO_STORE)


def _template(path: str, params: dict) -> str:
    """The path with its parameters named instead of their values (file ids and agenda keys stay out of logs)."""
    for name, value in params.items():
        if isinstance(value, str) and value:
            path = path.replace(value, "{" + name + "}")
    return path[:200]


class RequestContext:
    """ASGI middleware: a request id per HTTP request (X-Request-ID in and out) and one access line per API call."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Tag the request, serve it, log method, route, status and time for /api and /_upload."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = logs.request_id_from(Headers(scope=scope).get("x-request-id", ""))
        token = logs.REQUEST_ID.set(request_id)
        status, start = 500, time.perf_counter()

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            path = scope.get("path", "")
            if path.startswith(LOGGED_PREFIXES):
                ms = round((time.perf_counter() - start) * 1000, 1)
                route = _template(path, scope.get("path_params") or {})
                outcome = "ok" if status < 500 else "error"
                extra = {"status": status, "duration_ms": ms, "outcome": outcome}
                log.info("%s %s %s %.0f ms", scope.get("method"), route, status, ms, extra=extra)
            logs.REQUEST_ID.reset(token)
