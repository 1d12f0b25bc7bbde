"""Browser journeys: one production server (as `make run` serves it) per test session, Chromium at 390×844."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.e2e.appserver import (  # noqa: F401  (AGENT_*: journeys import them from here)
    AGENT_EMAIL,
    AGENT_PASSWORD,
    ROOT,
    Server,
    free_port,
    running_app,
)

CHROMIUM = os.environ.get("HUBPRO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def server():
    """`make run`'s production server on a free port with its own data directory."""
    data = Path(tempfile.mkdtemp(prefix="hubpro-e2e-"))
    port = int(os.environ.get("HUBPRO_E2E_PORT") or free_port())
    with running_app(data, port, f"sqlite:///{data}/e2e.db") as srv:
        yield srv


@pytest.fixture
def restartable(server):
    """The session's server, which the test may `stop()` and `start()` again; left running afterwards."""
    yield server
    if server.proc.poll() is not None:
        server.start()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, server, request):
    """Factory of fresh phone-sized pages (each its own cookies and tab); any CSP violation fails the test."""
    contexts = []
    violations: list[str] = []

    def watch(page: Page) -> None:
        page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))

    def make(viewport: dict | None = None) -> Page:
        ctx = browser.new_context(
            viewport=viewport or PHONE, locale="fr-FR", accept_downloads=True, base_url=server.base_url
        )
        ctx.on("page", watch)  # pages the journey opens itself (new tabs) too
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, ctx in enumerate(contexts):
            for j, pg in enumerate(ctx.pages):
                pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}.png"), full_page=True)
    for ctx in contexts:
        ctx.close()
    if violations:
        pytest.fail("Content-Security-Policy violations in the console:\n" + "\n".join(violations))


@pytest.fixture
def page(new_page) -> Page:
    """One fresh phone-sized page."""
    return new_page()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the call outcome on the item (screenshots of failed journeys)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


SEED_SCRIPT = """
import json, sys
from datetime import timedelta
from sqlmodel import select
from hubpro.db import session_scope
from hubpro.models import Driver, OneTimeToken, OutboxMessage
from hubpro.services import accounts, auth
from hubpro.domain.dates import now
args = json.loads(sys.argv[1])
form = dict(civility="mme", birth_name=args["name"], usage_name="", first_names="Lucie", birth_date="1990-02-28",
            birth_city="Nantes", birth_country="France", email=args["email"], email_confirmation=args["email"],
            phone="0712345678", address="3 quai de la Fosse", postal_code="44000", city="Nantes",
            licence_type="pink_paper", licence_number="900544123456", consent_privacy="on", consent_terms="on",
            consent_accuracy="on", consent_processing="on")
with session_scope() as db:
    assert accounts.register(db, form) == {}
    d = db.exec(select(Driver).where(Driver.email == args["email"])).one()
    agent = auth.create_agent(db, email="seed-" + args["email"], password="Seed-Agent-2026!")
    accounts.validate_account(db, agent_id=agent.id, public_id=d.public_id)
    body = db.exec(select(OutboxMessage).where(OutboxMessage.recipient == args["email"])
                   .order_by(OutboxMessage.id.desc())).first().body_text
    token = body.split("jeton=")[1].split()[0]
    if args.get("password"):
        assert auth.set_password(db, raw_token=token, purpose=auth.TokenPurpose.SET_PASSWORD,
                                 password=args["password"], confirmation=args["password"]) == {}
    if args.get("age_hours"):
        for row in db.exec(select(OneTimeToken).where(OneTimeToken.driver_id == d.id)):
            row.created_at = now() - timedelta(hours=args["age_hours"])
            db.add(row)
        db.commit()
print(token)
"""


def seed_driver(server: Server, email: str, *, name: str = "Bernard", password: str = "", age_hours: float = 0) -> str:
    """A validated driver created through the services; returns the « Créer mon mot de passe » token.

    Args:
        server: the running test server (its database).
        email: the driver's email.
        name: birth name.
        password: when given, the password is set (account active).
        age_hours: back-date the driver's links by that many hours.
    """
    import json

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            SEED_SCRIPT,
            json.dumps({"email": email, "name": name, "password": password, "age_hours": age_hours}),
        ],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


SHIPPED_CARD_SCRIPT = """
import secrets, sys
from datetime import timedelta
from sqlmodel import select
from hubpro.db import session_scope
from hubpro.models import Driver
from hubpro.services import card_requests, centres, instruction, trainings
from tests.services.test_card_requests import _complete_draft
with session_scope() as db:
    driver = db.exec(select(Driver).where(Driver.email == sys.argv[1])).one()
    siret = "".join(secrets.choice("0123456789") for _ in range(14))
    centre, _, _ = centres.create_centre(db, agent_id=None, name="Centre E2E", siret=siret,
                                         agrement="E2E-" + siret[:8], region="Bretagne")
    end = trainings.today() - timedelta(days=2)
    trainings.deposit(db, centre_id=centre.id, data={
        "type": "fimo", "sector": "marchandises", "start_date": (end - timedelta(days=30)).isoformat(),
        "end_date": end.isoformat(), "hours": 140, "session_reference": "FIMO-" + siret[:6],
        "birth_name": driver.birth_name, "first_names": driver.first_names,
        "birth_date": driver.birth_date.isoformat(), "licence_number": driver.licence_number})
    req = _complete_draft(db, driver)
    card_requests.submit(db, driver_id=driver.id, public_id=req.public_id)
    agent = db.exec(select(instruction.Agent).where(instruction.Agent.active == True)).first()  # noqa: E712
    card = instruction.validate(db, agent_id=agent.id, public_id=req.public_id)
    instruction.ship(db, agent_id=agent.id, public_id=req.public_id)
    print(card.number)
"""


def seed_shipped_card(server: Server, email: str) -> str:
    """A shipped CQC card for an active driver (through the services); returns its number."""
    out = subprocess.run([sys.executable, "-c", SHIPPED_CARD_SCRIPT, email], cwd=ROOT, env=server.env,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.strip().splitlines()[-1]
