"""Readiness: can this process serve? The database, Redis, the private file store and SMTP, each timed.

Redis and SMTP are checked only when configured. Each check runs off the event loop with a time limit;
a failure names the exception's type only (no address, no message: the route is public).
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text

from hubpro.settings import Settings, get_settings

TIMEOUT_SECONDS = 3.0
CACHE_SECONDS = 2.0  # a flood of /api/ready costs at most one round of checks per worker every 2 s
_last: tuple[float, list] | None = None
_lock: asyncio.Lock | None = None


@dataclass(frozen=True)
class Check:
    """One dependency's answer: ok, how long it took, and why not."""

    name: str
    ok: bool
    ms: float
    error: str = ""


def database() -> None:
    """``SELECT 1`` on the app's database."""
    from hubpro.db import session_scope

    with session_scope() as db:
        db.connection().execute(text("SELECT 1"))


def redis() -> None:
    """``PING`` to Reflex's Redis."""
    import redis as redis_client

    client = redis_client.Redis.from_url(
        redis_url(), socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        if not client.ping():
            raise ConnectionError("no PONG")
    finally:
        client.close()


def storage() -> None:
    """The private file store accepts a write: its own ``ready()`` when the backend has one, else the local folder.

    The local backend keeps files under ``<data dir>/private``; a backend with remote storage provides
    ``hubpro.storage.ready()`` (raising when it cannot write), which is used instead.
    """
    from hubpro import storage as store

    ready = getattr(store, "ready", None)
    if callable(ready):
        ready()
        return
    root = get_settings().data_dir / "private"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".ready-"):
        pass


def smtp() -> None:
    """The mail server greets us (connection and ``NOOP``, no login, nothing sent)."""
    settings = get_settings()
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as server:
        code, _ = server.noop()
        if code != 250:
            raise smtplib.SMTPResponseException(code, b"NOOP refused")


def redis_url() -> str:
    """Reflex's Redis URL (a bare ``host:port`` as Reflex accepts it), or "" when Redis is not used."""
    url = os.environ.get("REFLEX_REDIS_URL", "").strip()
    return url if not url or "://" in url else f"redis://{url}"


def checks_for(settings: Settings) -> dict[str, Callable[[], None]]:
    """The checks that apply to this configuration, by name."""
    found: dict[str, Callable[[], None]] = {"database": database, "storage": storage}
    if redis_url():
        found["redis"] = redis
    if settings.smtp_host:
        found["smtp"] = smtp
    return found


async def _timed(name: str, fn: Callable[[], None]) -> Check:
    start = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.to_thread(fn), TIMEOUT_SECONDS)
        error = ""
    except TimeoutError:
        error = "timeout"
    except Exception as exc:
        error = type(exc).__name__
    return Check(name, not error, round((time.perf_counter() - start) * 1000, 1), error)


async def run_checks(checks: dict[str, Callable[[], None]] | None = None) -> list[Check]:
    """Every check at once (so the slowest sets the time), in name order."""
    checks = checks if checks is not None else checks_for(get_settings())
    done = await asyncio.gather(*(_timed(name, fn) for name, fn in sorted(checks.items())))
    return list(done)


async def current() -> list[Check]:
    """The configured checks, run again only when the last round is older than ``CACHE_SECONDS``.

    Callers arriving together share one round, so a public route cannot be used to open
    connections to the database, Redis or the mail server faster than that.
    """
    global _last, _lock
    if _lock is None:
        _lock = asyncio.Lock()
    async with _lock:
        if _last is None or time.monotonic() - _last[0] >= CACHE_SECONDS:
            _last = (time.monotonic(), await run_checks())
        return _last[1]


def forget() -> None:
    """Drop the last round (tests, or after a configuration change)."""
    global _last, _lock
    _last, _lock = None, None
