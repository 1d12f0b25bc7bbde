"""Login ticket → HttpOnly session cookie; logout."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from hubpro import routes
from hubpro.cookies import DEVICE_COOKIES
from hubpro.cookies import SESSION_COOKIES as COOKIES
from hubpro.db import session_scope
from hubpro.domain.tokens import SESSION_ABSOLUTE
from hubpro.services import auth, devices
from hubpro.settings import get_settings

log = logging.getLogger("hubpro.access")
HOME_AFTER_LOGIN = {"driver": routes.SPACE, "agent": routes.AGENT_ACCOUNTS, "centre": routes.CENTRE}
MAX_FORM_BYTES = 4096


def safe_next(request: Request, target: str, fallback: str) -> str:
    """A redirect target on this site: a local path, or an absolute URL on the same host."""
    target = target or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    parts = urlsplit(target)
    if parts.scheme in ("http", "https") and parts.hostname and parts.hostname == request.url.hostname:
        return target
    return fallback


def _exchange(ticket: str, device_cookies: dict[str, str]) -> tuple[str, str, str] | None:
    """(role, session token, device id for the device cookie or "") for a valid ticket, else None."""
    with session_scope() as db:
        found = auth.exchange_ticket(db, ticket)
        if found is None:
            return None
        role, token = found
        if role not in DEVICE_COOKIES:
            return role, token, ""
        return role, token, devices.remember(db, role=role, session_token=token, raw=device_cookies.get(role, ""))


def _logout(token: str) -> None:
    with session_scope() as db:
        auth.logout(db, token)


def _set_cookie(resp: Response, name: str, value: str, max_age: int) -> None:
    resp.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=get_settings().secure_cookies,
    )


async def open_session(request: Request) -> Response:
    """GET /api/session?ticket=…&next=…: swap a 60-s login ticket for the session cookie."""
    sent = {role: request.cookies.get(name, "") for role, name in DEVICE_COOKIES.items()}
    found = await run_in_threadpool(_exchange, request.query_params.get("ticket", ""), sent)
    if found is None:
        log.info("session ticket refused")
        return RedirectResponse(routes.LOGIN + "?expire=1", status_code=303)
    role, token, device = found
    target = safe_next(request, request.query_params.get("next", ""), HOME_AFTER_LOGIN[role])
    resp = RedirectResponse(target, status_code=303)
    _set_cookie(resp, COOKIES[role], token, int(SESSION_ABSOLUTE.total_seconds()))
    if device:  # long-lived: lets the owner through a soft lock caused by someone else's guesses
        _set_cookie(resp, DEVICE_COOKIES[role], device, int(devices.DEVICE_TTL.total_seconds()))
    resp.headers["Cache-Control"] = "no-store"
    return resp


def allowed_origin(request: Request) -> bool:
    """Whether a state-changing request comes from one of our own pages (Origin, else Referer)."""
    settings = get_settings()
    origin = request.headers.get("origin") or ""
    if not origin and (referer := request.headers.get("referer")):
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    allowed = {*settings.cors_origins, f"{urlsplit(settings.base_url).scheme}://{urlsplit(settings.base_url).netloc}"}
    return origin.rstrip("/").lower() in {o.lower() for o in allowed}


async def _form(request: Request) -> dict[str, str]:
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return {}
    body = await request.body()
    fields = parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace"))
    return {k: v[0] for k, v in fields.items() if v}


async def close_session(request: Request) -> Response:
    """POST /api/deconnexion (form role, next) from our own pages: revoke the session, clear its cookie.

    A GET is refused (405): any site could otherwise sign a user out with a link or an image.
    """
    if request.method != "POST":
        return PlainTextResponse("Méthode non autorisée.", status_code=405, headers={"Allow": "POST"})
    if not allowed_origin(request):
        log.info("logout refused: origin %r", request.headers.get("origin", ""))
        return PlainTextResponse("Requête refusée.", status_code=403)
    form = await _form(request)
    role = form.get("role", "driver")
    if role not in COOKIES:
        role = "driver"
    token = request.cookies.get(COOKIES[role], "")
    if token:
        await run_in_threadpool(_logout, token)
    fallback = HOME_AFTER_LOGIN[role] if role != "driver" else routes.HOME
    resp = RedirectResponse(safe_next(request, form.get("next", ""), fallback), status_code=303)
    resp.delete_cookie(COOKIES[role], path="/")
    resp.headers["Cache-Control"] = "no-store"
    return resp
