"""Abuse limits per client address and per account, shared by every worker (the ``limits`` library).

Counters live in Redis when ``REFLEX_REDIS_URL`` is set (several workers share them), else in this
process's memory: without Redis, Reflex runs one backend worker, so one process sees every request
(a restart forgets the counters). ``HUBPRO_RATE_LIMIT_STORAGE`` overrides the storage URI.

Per-address limits are generous: many drivers share one address (mobile carriers' NAT, depots,
training centres). Account identifiers (emails, link tokens) are stored as SHA-256 digests only.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from hubpro.settings import get_settings

log = logging.getLogger("hubpro.ratelimit")
KEY_PREFIX = "hubpro-limits"


@dataclass(frozen=True)
class Limit:
    """One limited action: a budget per client address and, optionally, per account."""

    name: str
    per_address: RateLimitItem
    per_account: RateLimitItem | None = None


SIGNUP = Limit("signup", parse("20/hour"), parse("3/hour"))  # account: the email typed
FORGOT = Limit("forgot", parse("20/hour"), parse("5/hour"))  # account: the email typed
CORRECTION = Limit("correction", parse("60/hour"), parse("20/hour"))  # account: the emailed link
CENTRE_API = Limit("centre_api", parse("600/minute"), parse("120/minute"))  # account: the centre
WEBHOOK = Limit("webhook", parse("600/minute"))  # Stripe's senders: per address only
VERIFY = Limit("verify", parse("30/minute"))  # « Vérification d'un titre » (QR codes): a roadside team scans a few
SHARE = Limit("share", parse("5/15 minutes"), parse("5/day"))  # wrong code + birth name only; account: the code

_lock = threading.Lock()
_current: dict[str, object] = {}


def configure(uri: str, *, key_prefix: str = KEY_PREFIX) -> None:
    """Use the given storage from now on (``memory://``, ``redis://host:6379/0`` …).

    Args:
        uri: A ``limits`` storage URI; a bare ``host:port`` means Redis, as for Reflex.
        key_prefix: Prefix of every Redis key (tests use one of their own).
    """
    if "://" not in uri:
        uri = f"redis://{uri}"
    options = {"key_prefix": key_prefix} if uri.startswith(("redis", "rediss")) else {}
    storage: Storage = storage_from_string(uri, **options)
    with _lock:
        _current["storage"], _current["limiter"] = storage, MovingWindowRateLimiter(storage)


def _limiter() -> MovingWindowRateLimiter:
    if "limiter" not in _current:
        configure(get_settings().rate_limit_storage)
    return _current["limiter"]  # type: ignore[return-value]


def reset() -> None:
    """Forget every counter (tests only: between tests)."""
    _limiter()
    _current["storage"].reset()  # type: ignore[union-attr]


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def hit(limit: Limit, *, address: str = "", account: str = "") -> int:
    """Count one request of `limit` from `address` and for `account` (each when given).

    Args:
        limit: The action.
        address: The client's address, or "" (the API counts the centre once it is known).
        account: What the request is about (an email, a link token, a centre id), or "".

    Returns:
        0 when the request may go on, else the seconds to wait. When the storage is unreachable the
        request goes on (logged): an outage of Redis must not lock every driver out.
    """
    checks = [(limit.per_address, "address", str(address)[:64])] if address else []
    if limit.per_account is not None and account:
        checks.append((limit.per_account, "account", _digest(str(account))))
    limiter = _limiter()
    try:
        for item, scope, key in checks:
            if not limiter.test(item, limit.name, scope, key):
                return _retry_after(limiter, item, limit.name, scope, key)
        for item, scope, key in checks:
            if not limiter.hit(item, limit.name, scope, key):  # a concurrent request took the last slot
                return _retry_after(limiter, item, limit.name, scope, key)
    except Exception as exc:  # storage down: fail open, loudly
        log.warning("rate limit storage unavailable (%s): %s allowed", type(exc).__name__, limit.name)
        return 0
    return 0


def blocked(limit: Limit, *, address: str = "", account: str = "") -> int:
    """Like ``hit`` but counts nothing: the seconds to wait when a budget is already spent, else 0.

    For limits that count failures only (``SHARE``): test first, ``hit`` after a failure.
    """
    checks = [(limit.per_address, "address", str(address)[:64])] if address else []
    if limit.per_account is not None and account:
        checks.append((limit.per_account, "account", _digest(str(account))))
    limiter = _limiter()
    try:
        for item, scope, key in checks:
            if not limiter.test(item, limit.name, scope, key):
                return _retry_after(limiter, item, limit.name, scope, key)
    except Exception as exc:  # storage down: fail open, loudly
        log.warning("rate limit storage unavailable (%s): %s allowed", type(exc).__name__, limit.name)
    return 0


def _retry_after(limiter: MovingWindowRateLimiter, item: RateLimitItem, *keys: str) -> int:
    log.info("rate limited: %s per %s", keys[0], keys[1])
    reset_at = limiter.get_window_stats(item, *keys).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def message(retry_after: int) -> str:
    """The French message shown on a screen when a limit is reached."""
    minutes = max(1, math.ceil(retry_after / 60))
    return f"Trop de demandes en peu de temps. Par sécurité, réessayez dans {minutes} min."
