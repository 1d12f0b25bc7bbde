"""Abuse limits on HTTP routes: the client's address and the 429 answer."""

from __future__ import annotations

from reflex_base.config import get_config
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from hubpro.services import ratelimit


def client_address(request: Request) -> str:
    """The caller's address, from X-Forwarded-For behind trusted proxies (Reflex's ``trusted_proxy_hops``)."""
    address = request.client.host if request.client else ""
    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address[:64]


async def refusal(limit: ratelimit.Limit, *, address: str = "", account: str = "") -> JSONResponse | None:
    """429 with Retry-After when the request is over its limit, else None (the request is counted)."""
    wait = await run_in_threadpool(ratelimit.hit, limit, address=address, account=account)
    if not wait:
        return None
    body = {"error": "rate_limited", "message": "Trop de requêtes : réessayez plus tard.", "retry_after": wait}
    return JSONResponse(body, status_code=429, headers={"Retry-After": str(wait)})
