"""Who is calling: the HttpOnly session cookie of this connection, checked in the database.

A tab's server-side state outlives its session. ``SessionState`` remembers which account each role
last served in this tab; when that changes (logout, expiry, reset, another account, or a reconnect
without the cookie) every hubpro state of the tab is reset before anything is served or hydrated.
"""

from __future__ import annotations

import functools
import inspect
import logging

import reflex as rx
from reflex.middleware import Middleware
from reflex_base.utils.format import format_event_handler

from hubpro import routes
from hubpro.cookies import SESSION_COOKIES, read_cookie
from hubpro.db import call, run
from hubpro.observability import logs
from hubpro.services import auth, session_cache

log = logging.getLogger("hubpro.access")
LOGIN_PAGES = {"driver": routes.LOGIN, "agent": routes.AGENT_LOGIN, "centre": routes.CENTRE}
SAFETY_NET = "safety net:"  # every handler validates its arguments; this line in a log is a handler to fix


def _resolve(role: str, token: str) -> int | None:
    return call(auth.resolve, role=role, token=token)


async def resolve_cached(role: str, token: str) -> int | None:
    """The session's user id: from this worker's few-second cache, else from the database (then cached)."""
    if not token:
        return None
    uid = session_cache.get(role, token)
    if uid is not None:
        return uid
    seen = session_cache.generation()
    uid = await run(_resolve, role, token)
    if uid is not None:
        session_cache.store(role, token, uid, seen)
    return uid


def app_states() -> list[type[rx.State]]:
    """Every state class defined by hubpro (the framework's own states are left alone)."""
    found, todo = [], list(rx.State.get_substates())
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("hubpro."):
            found.append(cls)
    return sorted(found, key=lambda c: c.get_full_name())


class SessionState(rx.State):
    """Base state: resolves the signed-in driver or agent of this websocket connection.

    Every guarded event resolves the session: from the worker's cache when it was read in the last
    few seconds (``services.session_cache``: a logout or a password change in this worker forgets it at
    once; another worker's revocation and an expiry apply within that bound), else from the database
    (an indexed lookup, off the event loop).
    """

    _served: dict[str, int] = {}

    def _session_token(self, role: str) -> str:
        return read_cookie(self.router.headers.cookie, SESSION_COOKIES[role])

    async def _uid(self, role: str) -> int | None:
        """The user id of the caller in that role, or None (the tab is reset if that changed)."""
        token = self._session_token(role)
        uid = await resolve_cached(role, token)
        if self._served.get(role) not in (None, uid):
            log.info("session change for %s in tab: personal state reset", role)
            await self._forget_tab()
        if uid is not None and self._served.get(role) != uid:
            self._served = {**self._served, role: uid}
        return uid

    async def _forget_tab(self) -> None:
        """Reset every hubpro state of this tab: nothing of the previous session stays server-side."""
        for cls in app_states():
            (await self.get_state(cls)).reset()
        self._served = {}

    async def _recheck(self) -> None:
        """Resolve again every role this tab served (a reconnect may come without the cookie)."""
        for role in list(self._served):
            await self._uid(role)


class SessionCheck(Middleware):
    """Before a (re)connect's hydration: the tab's snapshot goes out only if its sessions still hold."""

    async def preprocess(self, app, state, event):
        """Recheck the sessions on the hydrate events; never replaces the event."""
        if event.name in _hydrate_events():
            await (await state.get_state(SessionState))._recheck()
        return None


@functools.cache
def _hydrate_events() -> frozenset[str]:
    return frozenset(format_event_handler(rx.State.event_handlers[n]) for n in ("hydrate", "hydrate_and_load"))


def _require(role: str):
    """Decorator factory: inject ``uid`` of a valid session of ``role`` or redirect to sign-in."""

    def decorator(fn):
        async def caller_uid(self, kwargs) -> int | None:
            kwargs.pop("uid", None)  # never accept a client-supplied uid
            session = await self.get_state(SessionState)
            uid = await session._uid(role)
            logs.bind_actor(role, uid)  # this event's log lines name the caller
            if uid is None:
                log.info("refused %s handler %s: no valid session", role, fn.__name__, extra={"outcome": "refused"})
            return uid

        if inspect.isasyncgenfunction(fn):

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                uid = await caller_uid(self, kwargs)
                if uid is None:
                    yield rx.redirect(LOGIN_PAGES[role])
                    return
                try:
                    async for update in fn(self, *args, uid=uid, **kwargs):
                        yield update
                except LookupError as exc:  # a NotFound the handler should have turned into a no-op
                    log.warning("%s %s %s raised %s", SAFETY_NET, role, fn.__name__, type(exc).__name__)

        elif inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                uid = await caller_uid(self, kwargs)
                if uid is None:
                    return rx.redirect(LOGIN_PAGES[role])
                try:
                    return await fn(self, *args, uid=uid, **kwargs)
                except LookupError as exc:  # a NotFound the handler should have turned into a no-op
                    log.warning("%s %s %s raised %s", SAFETY_NET, role, fn.__name__, type(exc).__name__)
                    return None

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
    """POST to the logout route (it reads the HttpOnly cookie, revokes the session, clears the cookie)."""
    next_path = routes.HOME if role == "driver" else LOGIN_PAGES[role]
    return rx.call_script(
        "(() => { const f = document.createElement('form'); f.method = 'post'; "
        f"f.action = new URL({routes.API_LOGOUT!r}, getBackendURL()).href; "
        f"for (const [k, v] of [['role', {role!r}], ['next', window.location.origin + {next_path!r}]]) {{ "
        "const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); } "
        "document.body.appendChild(f); f.submit(); })()"
    )


async def sign_out(state: rx.State, role: str) -> rx.event.EventSpec:
    """« Déconnexion »: reset every state of the tab, then POST to the logout route."""
    await (await state.get_state(SessionState))._forget_tab()
    return logout_event(role)
