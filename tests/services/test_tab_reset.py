"""A tab's server state keeps nobody's data after « Déconnexion », an expiry or another account."""

from __future__ import annotations

import asyncio
import inspect
import json

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.event import Event
from reflex_base.registry import RegistrationContext
from reflex_base.utils.format import format_event_handler, json_dumps
from sqlmodel import select

import hubpro.pages  # noqa: F401  (registers the pages and their states)
from hubpro.models import Card, CardRequest, Driver, StoredFile
from hubpro.services import accounts, auth, centres
from hubpro.state.agent import AgentState
from hubpro.state.centre_portal import CentrePortalState
from hubpro.state.driver import DriverState
from hubpro.state.session import SessionCheck, app_states
from tests.services.factories import STRONG_PASSWORD, active_driver, make_agent, signup_form
from tests.services.test_payments import _payable

PAGES = [(fn, kw) for fn, kw in RegistrationContext.ensure_context().decorated_pages]


class Tab:
    """One browser tab: one state tree, connections that come and go with or without cookies."""

    def __init__(self):
        self.root = rx.State(_reflex_internal_init=True)
        self.cookie = ""

    def state(self, cls):
        return self.root.get_substate(cls.get_full_name().split(".")[1:])

    def route(self, path: str, params: dict | None = None) -> None:
        data = {"headers": {"cookie": self.cookie}, "pathname": path, "query": params or {}, "ip": "10.0.0.9"}
        self.root.router_data = data
        self.root.router = RouterData.from_router_data(data)

    def run(self, handler, **kwargs):
        """Call one event handler of this tab like the server does (results are the events it returns)."""

        async def go():
            out = getattr(self.state(handler.state), handler.fn.__name__)(**kwargs)
            if inspect.isasyncgen(out):
                return [update async for update in out]
            return await out

        return asyncio.run(go())

    def visit(self, path: str, params: dict | None = None) -> None:
        """Open a page: its on_load handlers, in order."""
        self.route(path, params)
        for _, kw in PAGES:
            if kw.get("route") == _pattern(path, params):
                loads = kw.get("on_load")
                for handler in loads if isinstance(loads, list) else [loads]:
                    if handler is not None:
                        self.run(handler)
                return
        raise AssertionError(f"no page {path}")

    def reconnect(self) -> None:
        """A new websocket of this tab: the hydrate event, as the server processes it."""
        name = format_event_handler(rx.State.event_handlers["hydrate_and_load"])
        self.route(self.root.router.url.path or "/")
        asyncio.run(SessionCheck().preprocess(None, self.root, Event(name=name)))

    def sent(self) -> str:
        """What the browser would receive on hydration, plus every backend-only var kept for the tab.

        The router vars are left out: they echo the URL and headers this connection itself sent.
        """
        shown = {
            name: {k: v for k, v in values.items() if not k.startswith("rx_router_")}
            for name, values in self.root.dict().items()
        }
        backend = {
            cls.get_full_name(): {n: getattr(self.state(cls), n) for n in cls.__fields__ if n.startswith("_")}
            for cls in app_states()
        }
        return json_dumps(shown) + json.dumps(backend, default=str, ensure_ascii=False)


def _pattern(path: str, params: dict | None) -> str:
    for key, value in (params or {}).items():
        path = path.replace(value, f"[{key}]")
    return path


def _token(db, role: str, email: str) -> str:
    result = auth.login(db, role=role, email=email, password=STRONG_PASSWORD, ip="10.0.0.9")
    assert result.ticket, result.error
    return auth.exchange_ticket(db, result.ticket)[1]


@pytest.fixture
def driver_data(db) -> dict:
    """A driver with a training, a certificate, a shipped card, a replacement awaiting payment, files."""
    driver, card, req, payment_id = _payable(db, email="onglet@example.fr")
    files = db.exec(select(StoredFile.public_id)).all()
    first = db.exec(select(Card).where(Card.driver_id == driver.id).order_by(Card.id)).first()
    return {
        "email": driver.email,
        "card": card,
        "request": req,
        "payment_id": payment_id,
        "personal": [
            "Jean Pierre Martin",
            driver.email,
            "13AB12345",
            "15/06/1985",
            "06 12 34 56 78",
            "12 rue des Lilas",
            card.number,
            first.public_id,
            req.public_id,
            payment_id,
            *files,
        ],
    }


def _driver_pages(data: dict) -> list[tuple[str, dict | None]]:
    pages = sorted({kw["route"] for _, kw in PAGES if kw.get("route", "").startswith("/espace")})
    params = {
        "request_id": data["request"].public_id,
        "payment_id": data["payment_id"],
        "card_id": data["card"].public_id,
    }
    out = []
    for route in pages:
        used = {k: v for k, v in params.items() if f"[{k}]" in route}
        path = route
        for key, value in used.items():
            path = path.replace(f"[{key}]", value)
        out.append((path, used or None))
    return out


def _browse_as_driver(tab: Tab, data: dict) -> None:
    for path, params in _driver_pages(data):
        tab.visit(path, params)
    sent = tab.sent()
    assert len(_driver_pages(data)) >= 12
    shown = [v for v in data["personal"] if v in sent]
    assert len(shown) >= 8, f"the pages should have shown the driver's data, only saw {shown}"


def _leaks(tab: Tab, values: list[str]) -> list[str]:
    sent = tab.sent()
    return [v for v in values if v and v in sent]


def test_logout_resets_every_state_of_the_tab(db, driver_data):
    tab = Tab()
    tab.cookie = f"hubpro_sid={_token(db, 'driver', driver_data['email'])}"
    _browse_as_driver(tab, driver_data)
    tab.route("/espace")
    tab.run(DriverState.logout)
    assert _leaks(tab, driver_data["personal"]) == []

    # The same tab token reconnects without the cookie (the route revoked it): still nothing.
    tab.cookie = ""
    tab.reconnect()
    for path, params in _driver_pages(driver_data):
        tab.visit(path, params)
    assert _leaks(tab, driver_data["personal"]) == []


def test_a_revoked_session_is_forgotten_before_the_snapshot_is_sent(db, driver_data):
    tab = Tab()
    token = _token(db, "driver", driver_data["email"])
    tab.cookie = f"hubpro_sid={token}"
    _browse_as_driver(tab, driver_data)
    auth.logout(db, token)  # « Déconnexion » in another tab, an expiry or a password reset
    tab.reconnect()  # the cookie is still sent, but its session is dead
    assert _leaks(tab, driver_data["personal"]) == []

    tab.cookie = ""
    for path, params in _driver_pages(driver_data):
        tab.visit(path, params)
    assert _leaks(tab, driver_data["personal"]) == []


def test_a_reconnect_without_the_cookie_sends_nothing(db, driver_data):
    tab = Tab()
    tab.cookie = f"hubpro_sid={_token(db, 'driver', driver_data['email'])}"
    _browse_as_driver(tab, driver_data)
    tab.cookie = ""  # someone replays the tab token from another browser
    tab.reconnect()
    assert _leaks(tab, driver_data["personal"]) == []


def test_another_account_in_the_same_tab_sees_nothing_of_the_first(db, driver_data):
    tab = Tab()
    tab.cookie = f"hubpro_sid={_token(db, 'driver', driver_data['email'])}"
    _browse_as_driver(tab, driver_data)
    other = active_driver(db, "autre.compte@example.fr")
    tab.cookie = f"hubpro_sid={_token(db, 'driver', other.email)}"
    tab.visit("/espace")
    first_only = [v for v in driver_data["personal"] if v not in ("Jean Pierre Martin", "13AB12345", "15/06/1985",
                                                                   "06 12 34 56 78", "12 rue des Lilas")]  # fmt: skip
    assert _leaks(tab, [*first_only, driver_data["email"]]) == []
    assert other.email in tab.sent()  # the new account is served


def test_agent_logout_resets_the_tab(db, driver_data):
    make_agent(db, "onglet.agent@hubpro.test")
    email = "en.attente@example.fr"
    assert accounts.register(db, signup_form(email=email, email_confirmation=email, birth_name="Attente")) == {}
    pending = db.exec(select(Driver).where(Driver.email == email)).one()
    sent_request = db.exec(select(CardRequest).where(CardRequest.status != "draft")).first()
    tab = Tab()
    tab.cookie = f"hubpro_agent_sid={_token(db, 'agent', 'onglet.agent@hubpro.test')}"
    tab.visit("/agent/comptes")
    tab.visit(f"/agent/comptes/{pending.public_id}", {"account_id": pending.public_id})
    tab.visit("/agent/demandes")
    tab.visit(f"/agent/demandes/{sent_request.public_id}", {"request_id": sent_request.public_id})
    tab.visit("/agent/centres")
    personal = [email, "Attente", pending.public_id, "Jean Pierre", "13AB12345", "15/06/1985", "Agent Test"]
    assert [v for v in personal if v in tab.sent()] == personal
    tab.run(AgentState.logout)
    assert _leaks(tab, personal) == []
    tab.cookie = ""
    tab.reconnect()
    tab.visit("/agent/comptes")
    assert _leaks(tab, personal) == []


def _centre_token(db, key: str) -> str:
    result = auth.login_centre(db, raw_key=key, ip="10.0.0.9")
    assert result.ticket, result.error
    return auth.exchange_ticket(db, result.ticket)[1]


def test_centre_logout_and_expiry_reset_the_tab(db):
    _, key, _ = centres.create_centre(
        db, agent_id=None, name="Centre Onglet", siret="98765432109876", agrement="2020-BRE-0001", region="Bretagne"
    )
    tab = Tab()
    tab.cookie = f"hubpro_centre_sid={_centre_token(db, key)}"
    tab.visit("/centre")
    assert "Centre Onglet" in tab.sent()
    tab.run(CentrePortalState.logout)
    assert _leaks(tab, ["Centre Onglet"]) == []

    token = _centre_token(db, key)
    tab.cookie = f"hubpro_centre_sid={token}"
    tab.visit("/centre")
    assert "Centre Onglet" in tab.sent()
    auth.logout(db, token)
    tab.reconnect()
    assert _leaks(tab, ["Centre Onglet"]) == []


def test_only_hubpro_states_are_reset():
    names = [cls.get_full_name() for cls in app_states()]
    assert all(".hubpro___state___" in n for n in names)
    assert any(n.endswith("driver_state") for n in names) and any(n.endswith("session_state") for n in names)
    direct = [c.get_full_name() for c in rx.State.get_substates() if c.__module__.startswith("hubpro.")]
    assert set(direct) < set(names)  # the driver pages' states are substates of DriverState: reset too
    assert any(n.endswith("driver_state.hubpro___state___cards____cards_state") for n in names)
