"""Browser journeys: one production server (as `make run` serves it) per test session, Chromium at 390×844."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
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
AGENT_EMAIL = "agent@hubpro.test"
AGENT_PASSWORD = "Operateur-Test-2026!"
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"server not ready after {timeout}s:\n{log.read_text()[-4000:]}")


# What `reflex run --env prod` runs once the frontend is built: the backend serving that build.
SERVE_BUILT = (
    "import sys\nfrom reflex.utils import exec\nfrom reflex_base.constants import LogLevel\n"
    "exec.run_backend_prod('0.0.0.0', int(sys.argv[1]), LogLevel.INFO, True)\n"
)


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(20)


class Server:
    """The running app and what the tests need to reach it."""

    def __init__(self, base_url: str, env: dict[str, str]):
        self.base_url = base_url
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.log: Path | None = None

    def stop(self) -> None:
        """Stop the app (every open websocket is cut)."""
        _stop(self.proc)

    def start(self) -> None:
        """Start the app again on the same port, serving the frontend already built."""
        port = self.env["PORT"]
        env = {**self.env, "REFLEX_ENV_MODE": "prod", "REFLEX_SKIP_COMPILE": "true",
               "REFLEX_FRONTEND_PORT": port, "REFLEX_BACKEND_PORT": port}  # fmt: skip
        with self.log.open("a") as out:
            self.proc = subprocess.Popen([sys.executable, "-c", SERVE_BUILT, port], cwd=ROOT, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        _wait_http(f"{self.base_url}/api/health", 120, self.proc, self.log)
        _wait_http(f"{self.base_url}/connexion/", 60, self.proc, self.log)

    def cli(self, *args: str) -> str:
        """Run `python -m hubpro.cli …` against the test database."""
        out = subprocess.run(
            [sys.executable, "-m", "hubpro.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout

    def python(self, code: str) -> str:
        """Run Python against the test database (seeding what the UI cannot make quickly)."""
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=self.env, capture_output=True, text=True, check=True
        )
        return out.stdout

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the test database directly (assertions on what was stored)."""
        import sqlite3

        path = self.env["HUBPRO_DATABASE_URL"].split("///", 1)[1]
        with sqlite3.connect(path) as conn:
            return conn.execute(query, params).fetchall()


@pytest.fixture(scope="session")
def server():
    """`make run`'s production server on a free port with its own data directory."""
    data = Path(tempfile.mkdtemp(prefix="hubpro-e2e-"))
    port = int(os.environ.get("HUBPRO_E2E_PORT") or _free_port())
    env = {
        **os.environ,
        "HUBPRO_DATA_DIR": str(data),
        "HUBPRO_DATABASE_URL": f"sqlite:///{data}/e2e.db",
        "HUBPRO_BASE_URL": f"http://localhost:{port}",
        "PORT": str(port),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}:{os.environ.get('PATH', '')}",
    }
    for key in ("HUBPRO_SMTP_HOST", "HUBPRO_SMS_URL", "HUBPRO_ENV", "HUBPRO_TEST_DATABASE_URL", "REFLEX_REDIS_URL"):
        env.pop(key, None)
    stripe_port = _free_port()
    env["HUBPRO_STRIPE_API_BASE"] = f"http://localhost:{stripe_port}"
    for key in (
        "HUBPRO_STRIPE_SECRET_KEY",
        "HUBPRO_STRIPE_PUBLISHABLE_KEY",
        "HUBPRO_STRIPE_WEBHOOK_SECRET",
        "HUBPRO_STRIPE_JS_URL",
        "HUBPRO_STRIPE_WEBHOOK_URL",
    ):
        env.pop(key, None)
    localstripe = subprocess.Popen(
        [str(Path(sys.executable).parent / "localstripe"), "--port", str(stripe_port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    srv = Server(f"http://localhost:{port}", env)
    srv.cli("migrate")
    srv.cli("create-agent", "--email", AGENT_EMAIL, "--password", AGENT_PASSWORD, "--name", "Agent E2E")
    log = srv.log = data / "server.log"
    with log.open("w") as out:
        proc = srv.proc = subprocess.Popen(
            [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_http(f"{srv.base_url}/api/health", 600, proc, log)
        _wait_http(f"{srv.base_url}/connexion/", 120, proc, log)
        yield srv
    finally:
        for child in (srv.proc, localstripe):
            _stop(child)


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
