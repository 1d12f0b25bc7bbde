"""Abuse limits: sign-up, « Mot de passe oublié », the correction link, the centre API and the webhook.

Memory storage by default (reset between tests by conftest.py); the Redis storage is tested against
the local server with a key prefix of its own per run.
"""

from __future__ import annotations

import asyncio
import secrets

import pytest
import redis
import reflex as rx
from limits import parse
from reflex.istate.data import RouterData
from sqlmodel import select
from starlette.testclient import TestClient

import hubpro.pages  # noqa: F401  (registers the states)
from hubpro.api import api
from hubpro.models import Driver
from hubpro.services import accounts, centres, ratelimit
from hubpro.settings import load_settings
from hubpro.state.correction import CorrectionState
from hubpro.state.login import ForgotState
from hubpro.state.signup import SignupState
from tests.services.factories import active_driver, link_token, make_agent, outbox_to, signup_form

IP = "198.51.100.20"
REDIS_URL = "redis://127.0.0.1:6379/0"


def _state(cls, ip: str = IP, params: dict | None = None):
    root = rx.State(_reflex_internal_init=True)
    query = "&".join(f"{k}={v}" for k, v in (params or {}).items())
    data = {"headers": {"cookie": ""}, "pathname": "/", "asPath": f"/?{query}", "ip": ip}
    root.router_data = data
    root.router = RouterData.from_router_data(data)
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _run(gen) -> list:
    async def collect():
        return [update async for update in gen]

    return asyncio.run(collect())


def _sign_up(email: str, ip: str = IP) -> SignupState:
    state = _state(SignupState, ip)
    state.licence_type = "eu_card"
    _run(state.submit(signup_form(email=email, email_confirmation=email)))
    return state


def _mails(db, to: str) -> int:
    return len(outbox_to(db, to))


def test_sign_up_is_limited_per_email(db):
    email = "repete@example.fr"
    for _ in range(3):
        assert _sign_up(email).message == ""
    sent = _mails(db, email)
    assert sent >= 1
    state = _sign_up(email)
    assert state.message.startswith("Trop de demandes en peu de temps.")
    assert "réessayez dans 60 min" in state.message
    assert _mails(db, email) == sent
    assert _sign_up("autre@example.fr").message == ""  # the address still has room


def test_sign_up_is_limited_per_address_and_a_form_with_errors_does_not_count(db):
    for i in range(ratelimit.SIGNUP.per_address.amount):
        state = _state(SignupState)
        _run(state.submit({"email": "pas-une-adresse"}))
        assert state.errors and state.message == ""
        assert _sign_up(f"conducteur{i}@example.fr").message == ""
    assert _sign_up("un-de-trop@example.fr").message.startswith("Trop de demandes")
    assert db.exec(select(Driver).where(Driver.email == "un-de-trop@example.fr")).first() is None
    assert _sign_up("un-de-trop@example.fr", ip="192.0.2.1").message == ""


def _forgot(email: str, ip: str = IP) -> ForgotState:
    state = _state(ForgotState, ip)
    _run(state.request({"email": email}))
    return state


def test_forgot_password_is_limited_per_email_and_per_address(db):
    active_driver(db)
    for _ in range(ratelimit.FORGOT.per_account.amount):
        state = _forgot("jean.martin@example.fr")
        assert (state.sent, state.message) == (True, "")
    state = _forgot("jean.martin@example.fr")
    assert state.sent is False and state.message.startswith("Trop de demandes")
    for i in range(ratelimit.FORGOT.per_address.amount - ratelimit.FORGOT.per_account.amount):
        assert _forgot(f"inconnu{i}@example.fr").sent is True
    assert _forgot("encore@example.fr").message.startswith("Trop de demandes")
    assert _forgot("encore@example.fr", ip="192.0.2.1").sent is True


def _correction_link(db) -> str:
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver)).one()
    assert accounts.request_correction(db, agent_id=make_agent(db), public_id=driver.public_id,
                                       flags={"city": "Commune inconnue"}) == {}  # fmt: skip
    return link_token(outbox_to(db, driver.email)[-1])


def test_correction_link_is_limited_per_link(db):
    token = _correction_link(db)
    for _ in range(ratelimit.CORRECTION.per_account.amount):
        state = _state(CorrectionState, params={"jeton": token})
        asyncio.run(state.load())
        assert state.link == "valid"
    state = _state(CorrectionState, params={"jeton": token})
    asyncio.run(state.load())
    assert state.link == "limited" and state.message.startswith("Trop de demandes")
    assert state.flags == {}


def test_correction_guesses_are_limited_per_address(db):
    for _ in range(ratelimit.CORRECTION.per_address.amount):
        state = _state(CorrectionState, params={"jeton": secrets.token_urlsafe(32)})
        asyncio.run(state.load())
        assert state.link == "invalid"
    state = _state(CorrectionState, params={"jeton": secrets.token_urlsafe(32)})
    asyncio.run(state.load())
    assert state.link == "limited"
    state = _state(CorrectionState, ip="192.0.2.1", params={"jeton": "x"})
    asyncio.run(state.load())
    assert state.link == "invalid"


@pytest.mark.slow
def test_centre_api_is_limited_per_centre_with_429_and_retry_after(db):
    _, key = centres.create_centre(db, agent_id=None, name="Centre Routier", siret="12345678901234",
                                   agrement="2019-ARA-0042", region="Bretagne")[:2]  # fmt: skip
    client = TestClient(api)
    headers = {"Authorization": f"Bearer {key}"}
    for _ in range(ratelimit.CENTRE_API.per_account.amount):
        assert client.get("/api/v1/trainings/inconnu", headers=headers).status_code == 404
    resp = client.get("/api/v1/trainings/inconnu", headers=headers)
    assert resp.status_code == 429
    assert resp.json()["error"] == "rate_limited"
    wait = int(resp.headers["Retry-After"])
    assert 1 <= wait <= 60 and resp.json()["retry_after"] == wait
    assert client.post("/api/v1/trainings", json={}, headers=headers).status_code == 429


def test_centre_api_is_limited_per_address_before_any_key_check(db, monkeypatch):
    monkeypatch.setattr(ratelimit, "CENTRE_API", ratelimit.Limit("centre_api", parse("5/minute"), parse("5/minute")))
    client = TestClient(api)
    for _ in range(5):
        assert client.get("/api/v1/trainings/x", headers={"Authorization": "Bearer hpc_faux"}).status_code == 401
    assert client.get("/api/v1/trainings/x", headers={"Authorization": "Bearer hpc_faux"}).status_code == 429


def test_webhook_is_limited_per_address(db, monkeypatch):
    monkeypatch.setattr(ratelimit, "WEBHOOK", ratelimit.Limit("webhook", parse("3/minute")))
    client = TestClient(api)
    for _ in range(3):
        assert client.post("/api/stripe/webhook", content=b"{}", headers={"stripe-signature": "x"}).status_code == 400
    resp = client.post("/api/stripe/webhook", content=b"{}", headers={"stripe-signature": "x"})
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) >= 1


@pytest.fixture
def redis_prefix():
    """Counters in the local Redis under a prefix of this run; removed afterwards."""
    prefix = f"hubpro-test-{secrets.token_hex(6)}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    ratelimit.configure(REDIS_URL, key_prefix=prefix)
    yield prefix, client
    ratelimit.reset()
    assert client.keys(f"{prefix}:*") == []
    ratelimit.configure("memory://")


def test_redis_counters_are_shared_by_workers(db, redis_prefix):
    prefix, client = redis_prefix
    email = "partage@example.fr"
    for _ in range(3):
        assert ratelimit.hit(ratelimit.SIGNUP, address=IP, account=email) == 0
    assert client.keys(f"{prefix}:*")
    assert not any(email.encode() in k for k in client.keys(f"{prefix}:*"))  # digests, never the email
    ratelimit.configure(REDIS_URL, key_prefix=prefix)  # another worker: its own connection, the same counters
    assert ratelimit.hit(ratelimit.SIGNUP, address=IP, account=email) > 0
    assert _sign_up(email).message.startswith("Trop de demandes")


def test_memory_counters_belong_to_one_process(db):
    for _ in range(3):
        assert ratelimit.hit(ratelimit.SIGNUP, address=IP, account="seul@example.fr") == 0
    assert ratelimit.hit(ratelimit.SIGNUP, address=IP, account="seul@example.fr") > 0
    ratelimit.configure("memory://")
    assert ratelimit.hit(ratelimit.SIGNUP, address=IP, account="seul@example.fr") == 0


def test_an_unreachable_storage_lets_requests_through(db, caplog):
    ratelimit.configure("redis://127.0.0.1:1/0")
    assert ratelimit.hit(ratelimit.SIGNUP, address=IP, account="x@example.fr") == 0
    assert "rate limit storage unavailable" in caplog.text


def test_storage_follows_reflex_redis_url(monkeypatch):
    monkeypatch.delenv("HUBPRO_RATE_LIMIT_STORAGE", raising=False)
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    assert load_settings().rate_limit_storage == "memory://"
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://cache:6379")
    assert load_settings().rate_limit_storage == "redis://cache:6379"
    monkeypatch.setenv("HUBPRO_RATE_LIMIT_STORAGE", "memory://")
    assert load_settings().rate_limit_storage == "memory://"
