"""The few-second session cache: events skip the database, revocations in this worker apply at once."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from hubpro.domain.dates import now
from hubpro.models import AuthSession
from hubpro.security import token_hash
from hubpro.services import auth, session_cache
from hubpro.state import session
from tests.services.factories import STRONG_PASSWORD, active_driver, link_token, outbox_to
from tests.services.test_state_guards import _token

NEW_PASSWORD = STRONG_PASSWORD + "-2"


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = session._resolve

    def counted(role, token):
        calls.append(role)
        return real(role, token)

    monkeypatch.setattr(session, "_resolve", counted)
    return calls


def _uid(token: str, role: str = "driver") -> int | None:
    return asyncio.run(session.resolve_cached(role, token))


def test_a_resolved_session_is_read_once_then_served_from_the_cache(db, monkeypatch):
    driver = active_driver(db, "cache.hit@example.fr")
    token = _token(db, "driver", driver.email)
    calls = _counting(monkeypatch)
    assert [_uid(token) for _ in range(3)] == [driver.id] * 3
    assert calls == ["driver"]
    assert _uid(token, "agent") is None  # another role is its own entry, and refused
    assert _uid("x" * 43) is None and calls[-1] == "driver"


def test_logout_in_this_worker_revokes_at_once(db):
    driver = active_driver(db, "cache.logout@example.fr")
    token = _token(db, "driver", driver.email)
    assert _uid(token) == driver.id
    auth.logout(db, token)
    assert _uid(token) is None


def test_a_password_reset_revokes_every_cached_session_at_once(db):
    driver = active_driver(db, "cache.reset@example.fr")
    first, second = _token(db, "driver", driver.email), _token(db, "driver", driver.email)
    assert _uid(first) == _uid(second) == driver.id
    auth.request_reset(db, email=driver.email)
    raw = link_token(outbox_to(db, driver.email)[-1])
    errors = auth.set_password(
        db, raw_token=raw, purpose=auth.TokenPurpose.RESET_PASSWORD, password=NEW_PASSWORD, confirmation=NEW_PASSWORD
    )
    assert errors == {}
    assert _uid(first) is None and _uid(second) is None


def test_a_revocation_by_another_worker_applies_within_the_bound(db, monkeypatch):
    driver = active_driver(db, "cache.other@example.fr")
    token = _token(db, "driver", driver.email)
    clock = [1000.0]
    monkeypatch.setattr(session_cache.time, "monotonic", lambda: clock[0])
    assert _uid(token) == driver.id
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).one()
    row.revoked_at = now()  # what another worker's logout writes: this worker's cache does not know
    db.add(row)
    db.commit()
    clock[0] += session_cache.TTL_SECONDS - 0.5
    assert _uid(token) == driver.id  # within the documented bound
    clock[0] += 1
    assert _uid(token) is None


def test_a_lookup_racing_a_revocation_is_not_cached(db, monkeypatch):
    driver = active_driver(db, "cache.race@example.fr")
    token = _token(db, "driver", driver.email)
    seen = session_cache.generation()
    session_cache.forget_user("driver", driver.id)  # a revocation lands while the lookup runs
    session_cache.store("driver", token, driver.id, seen)
    assert session_cache.get("driver", token) is None
