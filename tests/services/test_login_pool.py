"""Sign-in hashes on its own threads and is capped per worker with a French message."""

from __future__ import annotations

import asyncio
import threading

from hubpro import hashing
from hubpro.state.login import LoginState
from tests.services.factories import STRONG_PASSWORD, active_driver
from tests.services.test_state_guards import _state


def _submit(state, email: str, password: str = STRONG_PASSWORD) -> list:
    async def go():
        return [u async for u in state.login({"email": email, "password": password})]

    return asyncio.run(go())


def test_beyond_the_cap_a_login_is_refused_at_once_in_french(db, monkeypatch):
    driver = active_driver(db, "cap.busy@example.fr")
    monkeypatch.setattr(hashing, "MAX_LOGINS", 0)
    _, state = _state(LoginState)
    _submit(state, driver.email)
    assert state.message == "Trop de connexions en cours, réessayez dans quelques secondes."
    assert state.busy is False


def test_the_password_is_checked_on_the_hashing_threads_and_the_login_succeeds(db, monkeypatch):
    driver = active_driver(db, "cap.ok@example.fr")
    threads: list[str] = []
    real = hashing.verify_password

    def spy(password, hashed):
        threads.append(threading.current_thread().name)
        return real(password, hashed)

    monkeypatch.setattr(hashing, "verify_password", spy)
    _, state = _state(LoginState)
    updates = _submit(state, driver.email)
    assert state.message == ""
    assert "api/session" in str(updates[-1])
    assert threads and all(t.startswith("hubpro-bcrypt") for t in threads)
    assert hashing._in_flight == 0  # the slot is given back
    _submit(state, driver.email, "wrong-" + STRONG_PASSWORD)
    assert state.message == "Adresse électronique ou mot de passe incorrect."
    assert hashing._in_flight == 0
