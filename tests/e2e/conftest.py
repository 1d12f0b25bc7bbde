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


def _seed(server: Server, function: str, **kwargs) -> str:
    """Run ``tests.seed.<function>`` in a process on the server's database; returns what it printed."""
    import json

    out = subprocess.run([sys.executable, "-m", "tests.seed", function, json.dumps(kwargs)], cwd=ROOT,
                         env=server.env, capture_output=True, text=True)  # fmt: skip
    if out.returncode:
        raise RuntimeError(f"tests.seed {function} failed:\n{out.stderr[-3000:]}")
    return out.stdout.strip().splitlines()[-1]


def seed_driver(server: Server, email: str, *, name: str = "Bernard", password: str = "", age_hours: float = 0) -> str:
    """A validated driver created through the services (``tests.seed.validated_driver``); returns the « Créer mon
    mot de passe » token. ``password`` set: the account is active; ``age_hours``: its links are back-dated."""
    return _seed(server, "validated_driver", email=email, name=name, password=password, age_hours=age_hours)


def seed_shipped_card(server: Server, email: str) -> str:
    """A shipped CQC card for an active driver (``tests.seed.shipped_card``); returns its number."""
    return _seed(server, "shipped_card", email=email)
