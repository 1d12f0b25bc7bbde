"""A few seconds of memory of resolved sessions, per worker process: most events skip the database.

A page load and its events resolve the caller's session several times a second; each lookup was a
thread hop and an indexed query. An entry lives ``TTL_SECONDS`` (5 s by default,
``HUBPRO_SESSION_CACHE_SECONDS``; 0 turns the cache off). Revocation bound:

- in the worker that handles it, « Déconnexion » (``auth.logout``) and a password change or reset
  (``auth.revoke_all``) forget the entries at once, before and again after their commit;
- in another worker (several workers with Redis), a revoked or expired session is still accepted for
  at most ``TTL_SECONDS`` by that worker's open tabs.

Only the SHA-256 of the token is kept, never the token.
"""

from __future__ import annotations

import os
import threading
import time

from hubpro.security import token_hash

TTL_SECONDS = float(os.environ.get("HUBPRO_SESSION_CACHE_SECONDS", "5"))
MAX_ENTRIES = 50_000

_lock = threading.Lock()
_entries: dict[tuple[str, str], tuple[int, float]] = {}  # (role, token hash) -> (user id, expiry)
_generation = 0  # bumped by every forget: a lookup that raced a revocation is not stored


def generation() -> int:
    """Take before reading the database; pass to ``store`` (a revocation in between wins)."""
    return _generation


def get(role: str, token: str) -> int | None:
    """The cached user id of that session, or None (unknown, expired entry or cache off)."""
    if TTL_SECONDS <= 0 or not token:
        return None
    key = (role, token_hash(token))
    with _lock:
        found = _entries.get(key)
        if found is None:
            return None
        if found[1] <= time.monotonic():
            _entries.pop(key, None)
            return None
        return found[0]


def store(role: str, token: str, user_id: int, seen_generation: int) -> None:
    """Remember a session just resolved from the database (not if a revocation happened meanwhile)."""
    if TTL_SECONDS <= 0 or not token:
        return
    with _lock:
        if seen_generation != _generation:
            return
        if len(_entries) >= MAX_ENTRIES:
            now = time.monotonic()
            for key in [k for k, (_, exp) in _entries.items() if exp <= now] or list(_entries)[: MAX_ENTRIES // 10]:
                _entries.pop(key, None)
        _entries[(role, token_hash(token))] = (user_id, time.monotonic() + TTL_SECONDS)


def _forget(match) -> None:
    global _generation
    with _lock:
        _generation += 1
        for key in [k for k, v in _entries.items() if match(k, v)]:
            del _entries[key]


def forget_token(token: str) -> None:
    """« Déconnexion » of one session (any role)."""
    digest = token_hash(token) if token else ""
    _forget(lambda key, _v: key[1] == digest)


def forget_user(role: str, user_id: int) -> None:
    """Every session of one account (password changed or reset)."""
    _forget(lambda key, value: key[0] == role and value[0] == user_id)


def clear() -> None:
    """Forget everything (tests)."""
    _forget(lambda _k, _v: True)
