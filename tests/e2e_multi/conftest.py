"""The scaled deployment of the README: PostgreSQL, Redis and 3 backend workers (run by .ci/run, not `make test`)."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.e2e.appserver import Server, free_port, running_app
from tests.e2e.conftest import browser, new_page, page, pytest_runtest_makereport  # noqa: F401  (same browser)
from tests.services.fake_smtp import SmtpServer

ADMIN_URL = os.environ.get("HUBPRO_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = os.environ.get("HUBPRO_E2E_REDIS_URL", "redis://127.0.0.1:6379/13")
WORKERS = 3


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpServer]:
    """The SMTP server the app sends its emails to; it keeps every envelope."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped at the end."""
    name = f"hubpro_multi_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin.url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def server(database, smtp) -> Iterator[Server]:
    """`reflex run --env prod` with PostgreSQL, REFLEX_REDIS_URL and GRANIAN_WORKERS=3, emails over SMTP."""
    data = Path(tempfile.mkdtemp(prefix="hubpro-e2e-multi-"))
    extra = {
        "REFLEX_REDIS_URL": REDIS_URL,
        "GRANIAN_WORKERS": str(WORKERS),
        "HUBPRO_SMTP_HOST": "127.0.0.1",
        "HUBPRO_SMTP_PORT": str(smtp.port),
        "HUBPRO_SMTP_STARTTLS": "no",
    }
    with running_app(data, free_port(), database, **extra) as srv:
        yield srv
