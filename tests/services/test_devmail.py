"""The development mailbox answers loopback clients in development only; production has no such page."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.utils.format import json_dumps

import hubpro.pages  # noqa: F401  (registers the states)
from hubpro.services import auth
from hubpro.settings import get_settings
from hubpro.state import devmail
from hubpro.state.devmail import DevMailState, is_loopback
from tests.services.factories import active_driver, outbox_to

ROOT = Path(__file__).resolve().parents[2]


def _mailbox(ip: str, headers: dict | None = None):
    root = rx.State(_reflex_internal_init=True)
    data = {"headers": {"cookie": "", **(headers or {})}, "pathname": "/dev/mail", "query": {}, "ip": ip}
    root.router_data = data
    root.router = RouterData.from_router_data(data)
    return root, root.get_substate(DevMailState.get_full_name().split(".")[1:])


@pytest.fixture
def reset_link(db) -> str:
    """A « Mot de passe oublié » email in the outbox; returns its link."""
    active_driver(db, "boite@example.fr")
    auth.request_reset(db, email="boite@example.fr")
    message = outbox_to(db, "boite@example.fr")[-1]
    assert "jeton=" in message.links[0]["url"]
    return message.links[0]["url"]


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"])
def test_loopback_addresses(ip):
    assert is_loopback(ip)


NOT_LOOPBACK = ["", "0.0.0.0", "10.0.0.5", "192.0.2.2", "::ffff:10.0.0.5", "fd00::2", "localhost", "x"]  # noqa: S104


@pytest.mark.parametrize("ip", NOT_LOOPBACK)
def test_other_addresses_are_not_loopback(ip):
    assert not is_loopback(ip)


def test_loopback_client_in_development_reads_the_mailbox(reset_link):
    _, box = _mailbox("127.0.0.1")
    asyncio.run(box.load())
    assert box.enabled
    assert any(reset_link in json.dumps(m["links"]) for m in box.messages)


@pytest.mark.parametrize(
    "ip, headers",
    [
        ("10.0.0.5", {}),
        ("192.0.2.2", {"x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1", "forwarded": "for=127.0.0.1"}),
        ("", {}),
    ],
)
def test_other_clients_get_nothing(reset_link, ip, headers):
    root, box = _mailbox(ip, headers)
    asyncio.run(box.load())
    assert box.enabled is False and box.messages == []
    assert reset_link not in json_dumps(root.dict())


def test_production_never_serves_it_even_to_loopback(reset_link, monkeypatch):
    production = dataclasses.replace(get_settings(), env="production", smtp_host="smtp.example.fr")
    monkeypatch.setattr(devmail, "get_settings", lambda: production)
    root, box = _mailbox("127.0.0.1")
    asyncio.run(box.load())
    assert box.enabled is False and box.messages == []
    assert reset_link not in json_dumps(root.dict())


def _routes(env: dict[str, str]) -> list[str]:
    code = (
        "import json, hubpro.pages\n"
        "from reflex_base.registry import RegistrationContext\n"
        "print(json.dumps([kw.get('route') for _, kw in RegistrationContext.ensure_context().decorated_pages]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_page_exists_in_development_only():
    base = {k: v for k, v in os.environ.items() if not k.startswith("HUBPRO_")}
    base["HUBPRO_DATA_DIR"] = os.environ["HUBPRO_DATA_DIR"]
    assert "/dev/mail" in _routes(base)
    production = {
        **base,
        "HUBPRO_ENV": "production",
        "HUBPRO_SECRET_KEY": "p" * 48,
        "HUBPRO_BASE_URL": "https://hubpro.example.fr",
        "HUBPRO_SMTP_HOST": "smtp.example.fr",
        "HUBPRO_STRIPE_SECRET_KEY": "sk_live_example",
        "HUBPRO_STRIPE_WEBHOOK_SECRET": "whsec_example_production",
    }
    routes = _routes(production)
    assert "/connexion" in routes and "/dev/mail" not in routes
