"""Event handlers are public endpoints: each derives the caller from the session cookie and its role."""

from __future__ import annotations

import asyncio

import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.utils.format import json_dumps
from sqlmodel import select

import hubpro.pages  # noqa: F401  (registers the states)
from hubpro.models import Driver
from hubpro.services import accounts, auth
from hubpro.state.agent import AgentAccountState, AgentQueueState
from hubpro.state.driver import DriverState
from tests.services.factories import STRONG_PASSWORD, active_driver, make_agent, signup_form


def _state(cls, cookie: str = "", params: dict | None = None):
    root = rx.State(_reflex_internal_init=True)
    data = {"headers": {"cookie": cookie}, "pathname": "/", "query": params or {}}
    root.router_data = data
    root.router = RouterData.from_router_data(data)
    return root, root.get_substate(cls.get_full_name().split(".")[1:])


def _token(db, role: str, email: str, password: str = STRONG_PASSWORD) -> str:
    result = auth.login(db, role=role, email=email, password=password, ip="10.0.0.1")
    assert result.ticket, result.error
    return auth.exchange_ticket(db, result.ticket)[1]


def _redirect_target(spec) -> str:
    assert spec is not None, "expected a redirect"
    return str(spec.args[0][1]._var_value)


def _pending(db) -> Driver:
    email = "queue.me@example.fr"
    assert accounts.register(db, signup_form(email=email, email_confirmation=email)) == {}
    return db.exec(select(Driver).where(Driver.email == "queue.me@example.fr")).one()


def test_agent_handler_refuses_anonymous_and_ignores_client_uid(db):
    agent_id = make_agent(db)
    _pending(db)
    _, queue = _state(AgentQueueState)
    spec = asyncio.run(queue.load(uid=agent_id))
    assert _redirect_target(spec) == "/agent"
    assert queue.rows == []


def test_agent_handler_refuses_a_driver_session_even_in_the_agent_cookie(db):
    driver = active_driver(db)
    _pending(db)
    token = _token(db, "driver", driver.email)
    _, queue = _state(AgentQueueState, f"hubpro_sid={token}; hubpro_agent_sid={token}")
    spec = asyncio.run(queue.load())
    assert _redirect_target(spec) == "/agent"
    assert queue.rows == []


def test_agent_handler_serves_an_agent(db):
    make_agent(db, "real.agent@hubpro.test")
    pending = _pending(db)
    token = _token(db, "agent", "real.agent@hubpro.test")
    root, queue = _state(AgentQueueState, f"hubpro_agent_sid={token}")
    assert asyncio.run(queue.load()) is None
    assert [r["id"] for r in queue.rows] == [pending.public_id]
    assert token not in json_dumps(root.dict())  # what the browser receives: no session token


def test_driver_cannot_validate_an_account(db):
    driver = active_driver(db)
    pending = _pending(db)
    token = _token(db, "driver", driver.email)
    _, state = _state(AgentAccountState, f"hubpro_sid={token}", {"account_id": pending.public_id})

    async def run():
        return [update async for update in state.validate()]

    updates = asyncio.run(run())
    assert _redirect_target(updates[0]) == "/agent"
    db.refresh(pending)
    assert pending.status == "in_review"


def test_driver_space_refuses_an_agent_and_a_revoked_session(db):
    make_agent(db, "other.agent@hubpro.test")
    token = _token(db, "agent", "other.agent@hubpro.test")
    _, space = _state(DriverState, f"hubpro_agent_sid={token}; hubpro_sid={token}")
    assert _redirect_target(asyncio.run(space.load())) == "/connexion"
    assert space.signed_in is False

    driver = active_driver(db, "revoked@example.fr")
    token = _token(db, "driver", driver.email)
    _, space = _state(DriverState, f"hubpro_sid={token}")
    assert asyncio.run(space.load()) is None
    assert space.name == "Jean Pierre Martin"
    auth.logout(db, token)
    _, space = _state(DriverState, f"hubpro_sid={token}")
    assert _redirect_target(asyncio.run(space.load())) == "/connexion"
