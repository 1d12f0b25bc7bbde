"""Who is calling: the HttpOnly session cookie of this connection, checked in the database."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from hubpro import routes
from hubpro.db import session_scope
from hubpro.services import auth

log = logging.getLogger("hubpro.access")
COOKIES = {"driver": "hubpro_sid", "agent": "hubpro_agent_sid", "centre": "hubpro_centre_sid"}
DEVICE_COOKIES = {"driver": "hubpro_device", "agent": "hubpro_agent_device"}  # services/devices.py
LOGIN_PAGES = {"driver": routes.LOGIN, "agent": routes.AGENT_LOGIN, "centre": routes.CENTRE}


def read_cookie(header: str, name: str) -> str:
    """One cookie's value from a Cookie header ('' when absent or malformed)."""
    jar = SimpleCookie()
    try:
        jar.load(header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def _resolve(role: str, token: str) -> int | None:
    with session_scope() as db:
        return auth.resolve(db, role=role, token=token)


class SessionState(rx.State):
    """Base state: resolves the signed-in driver or agent of this websocket connection.

    Every guarded event re-reads the session row (an indexed lookup, off the event loop), so a
    logout, a password reset or a timeout applies at once to every open tab.
    """

    def _session_token(self, role: str) -> str:
        return read_cookie(self.router.headers.cookie, COOKIES[role])

    async def _uid(self, role: str) -> int | None:
        """The user id of the caller in that role, or None."""
        token = self._session_token(role)
        if not token:
            return None
        return await asyncio.to_thread(_resolve, role, token)


def _require(role: str):
    """Decorator factory: inject ``uid`` of a valid session of ``role`` or redirect to sign-in."""

    def decorator(fn):
        async def caller_uid(self, kwargs) -> int | None:
            kwargs.pop("uid", None)  # never accept a client-supplied uid
            session = await self.get_state(SessionState)
            uid = await session._uid(role)
            if uid is None:
                log.info("refused %s handler %s: no valid session", role, fn.__name__)
            return uid

        if inspect.isasyncgenfunction(fn):

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                uid = await caller_uid(self, kwargs)
                if uid is None:
                    yield rx.redirect(LOGIN_PAGES[role])
                    return
                async for update in fn(self, *args, uid=uid, **kwargs):
                    yield update

        elif inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                uid = await caller_uid(self, kwargs)
                if uid is None:
                    return rx.redirect(LOGIN_PAGES[role])
                return await fn(self, *args, uid=uid, **kwargs)

        else:
            raise TypeError(f"{fn.__name__} must be async")

        sig = inspect.signature(fn)
        wrapper.__signature__ = sig.replace(parameters=[p for n, p in sig.parameters.items() if n != "uid"])
        wrapper.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != "uid"}
        del wrapper.__wrapped__
        return wrapper

    return decorator


driver_required = _require("driver")
agent_required = _require("agent")
centre_required = _require("centre")


def go_backend(path: str, next_path: str) -> rx.event.EventSpec:
    """A full page load of a backend route that sets cookies, then back to next_path on the frontend.

    Args:
        path: backend path with its query string (no ``next``).
        next_path: frontend path to land on afterwards.
    """
    sep = "&" if "?" in path else "?"
    return rx.call_script(
        f"window.location.assign(new URL({path!r} + '{sep}next=' + "
        f"encodeURIComponent(window.location.origin + {next_path!r}), getBackendURL()).href)"
    )


def logout_event(role: str) -> rx.event.EventSpec:
    """Revoke the session and clear its cookie (the backend route reads the HttpOnly cookie)."""
    return go_backend(f"{routes.API_LOGOUT}?role={role}", routes.HOME if role == "driver" else LOGIN_PAGES[role])
