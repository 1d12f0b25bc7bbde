"""Failures a user can meet in an event handler: a French message beside the action, nothing typed lost."""

from __future__ import annotations

import functools
import inspect
import json
import logging

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy import exc as sa

log = logging.getLogger("hubpro.outage")

UNAVAILABLE = (
    "Le service est momentanément indisponible : rien n'a été enregistré. "
    "Ce que vous avez saisi est conservé ; réessayez dans quelques instants."
)
UNEXPECTED = "Une erreur est survenue : rien n'a été enregistré. Réessayez dans quelques instants."


def is_outage(exc: BaseException) -> bool:
    """The database cannot be reached or is locked (a retry later can succeed); not a bug or a conflict."""
    if isinstance(exc, sa.OperationalError | sa.InterfaceError | sa.TimeoutError):
        return True
    return isinstance(exc, sa.DBAPIError) and bool(exc.connection_invalidated)


def _show(state, target: str, key: str) -> None:
    for flag, idle in (("busy", False), ("uploading", "")):
        if flag in state.base_vars:
            setattr(state, flag, idle)
    is_dict = hasattr(getattr(state, target), "items")
    setattr(state, target, {key: UNAVAILABLE} if is_dict else UNAVAILABLE)


def shows_outage(target: str = "errors", key: str = "form", key_arg: str = "", state: type | None = None):
    """Decorator of an event handler: a database outage shows UNAVAILABLE in ``target`` instead of raising.

    Put it above the session decorator (the session check reads the database too). The page shows
    ``target`` (a ``dict[str, str]`` var: under ``key``; a ``str`` var: as is) beside the action; the
    form keeps what was typed (no reset on submit) and the same action can simply be tried again.

    Args:
        target: name of the state var that the page shows beside the action.
        key: key of the message when ``target`` is a dict of errors.
        key_arg: the handler's argument naming the key instead (an upload box's document kind).
        state: the state class holding ``target`` when it is not the handler's own (the page's state).
    """

    def decorator(fn):
        async def failed(self, error: Exception, kwargs: dict) -> None:
            if not is_outage(error):
                raise error
            log.warning("database unavailable in %s.%s: %s", type(self).__name__, fn.__name__, error)
            named = kwargs.get(key_arg) if key_arg else None
            holder = await self.get_state(state) if state is not None else self
            _show(holder, target, named[:40] if isinstance(named, str) and named else key)

        if inspect.isasyncgenfunction(fn):

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                try:
                    async for update in fn(self, *args, **kwargs):
                        yield update
                except Exception as error:  # only outages are kept; the rest is raised again
                    await failed(self, error, kwargs)

        elif inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                try:
                    return await fn(self, *args, **kwargs)
                except Exception as error:
                    await failed(self, error, kwargs)
                    return None

        else:
            raise TypeError(f"{fn.__name__} must be async")
        return wrapper

    return decorator


def alert_script(message: str) -> str:
    """JS showing one dismissible French alert at the top of the page (no state needed: works in any failure)."""
    return (
        "(() => { let b = document.getElementById('hp-error');"
        " if (!b) { b = document.createElement('div'); b.id = 'hp-error'; b.className = 'hp-error-banner';"
        " b.setAttribute('role', 'alert'); document.body.prepend(b); }"
        f" b.textContent = {json.dumps(message, ensure_ascii=False)} + ' ';"
        " const c = document.createElement('button'); c.type = 'button'; c.className = 'hp-link-btn';"
        " c.textContent = 'Fermer'; c.onclick = () => b.remove(); b.append(c); })()"
    )


def backend_exception_handler(exception: Exception) -> EventSpec:
    """What any handler failure not handled beside its action shows: French, instead of Reflex's English alert."""
    if is_outage(exception):
        log.warning("database unavailable: %s", exception)
        return rx.call_script(alert_script(UNAVAILABLE))
    log.error("event handler failed", exc_info=exception)
    return rx.call_script(alert_script(UNEXPECTED))
