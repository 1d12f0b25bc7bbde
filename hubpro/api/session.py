"""Login ticket → HttpOnly session cookie; logout; health."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from hubpro import routes
from hubpro.db import session_scope
from hubpro.domain.tokens import SESSION_ABSOLUTE
from hubpro.services import auth, devices
from hubpro.settings import get_settings
from hubpro.state.session import COOKIES, DEVICE_COOKIES

log = logging.getLogger("hubpro.access")
HOME_AFTER_LOGIN = {"driver": routes.SPACE, "agent": routes.AGENT_ACCOUNTS, "centre": routes.CENTRE}


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


async def close_session(request: Request) -> Response:
    """GET /api/deconnexion?role=…&next=…: revoke the session and clear its cookie."""
    role = request.query_params.get("role", "driver")
    if role not in COOKIES:
        role = "driver"
    token = request.cookies.get(COOKIES[role], "")
    if token:
        await run_in_threadpool(_logout, token)
    fallback = HOME_AFTER_LOGIN[role] if role != "driver" else routes.HOME
    resp = RedirectResponse(safe_next(request, request.query_params.get("next", ""), fallback), status_code=303)
    resp.delete_cookie(COOKIES[role], path="/")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _db_ok() -> bool:
    with session_scope() as db:
        db.exec(text("SELECT 1"))
    return True


async def health(_request: Request) -> Response:
    """GET /api/health: the app and its database answer."""
    try:
        ok = await run_in_threadpool(_db_ok)
    except Exception:
        ok = False
    return JSONResponse({"status": "ok" if ok else "degraded", "db": ok}, status_code=200 if ok else 503)
