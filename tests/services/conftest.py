"""Service tests on a real database: SQLite by default, PostgreSQL with HUBPRO_TEST_DATABASE_URL.

Files go to the local folder by default; with HUBPRO_TEST_STORAGE=s3 every test stores them in a bucket of
a real S3 HTTP endpoint (moto's server mode, started here on a free port).
"""

from __future__ import annotations

import os
import socket
import tempfile

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

from hubpro import migrate
from hubpro.db import get_engine

_env = pytest.MonkeyPatch()
_base = ""  # HUBPRO_TEST_DATABASE_URL as given (the server of the run's own PostgreSQL database)
LOCALSTRIPE_PORT = 0


def _own_postgres_database(url: str) -> str:
    """A fresh database on the given server for this run (parallel runs never collide)."""
    import secrets

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"hubpro_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    _env.setenv("HUBPRO_TEST_OWN_DATABASE", name)
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_configure(config):
    """The services' environment, set when pytest registers this conftest (before the tests here import
    anything that reads settings) and put back by pytest_unconfigure."""
    global _base, LOCALSTRIPE_PORT
    tmp = tempfile.mkdtemp(prefix="hubpro-svc-")
    _env.setenv("HUBPRO_DATA_DIR", tmp)
    _base = os.environ.get("HUBPRO_TEST_DATABASE_URL", "")
    _env.setenv(
        "HUBPRO_DATABASE_URL",
        _own_postgres_database(_base) if _base.startswith("postgresql") else (_base or f"sqlite:///{tmp}/svc.db"),
    )
    _env.setenv("HUBPRO_BCRYPT_ROUNDS", "4")  # development only: production refuses < 12
    LOCALSTRIPE_PORT = _free_port()
    _env.setenv("HUBPRO_STRIPE_API_BASE", f"http://localhost:{LOCALSTRIPE_PORT}")
    for name in ("HUBPRO_STRIPE_SECRET_KEY", "HUBPRO_STRIPE_WEBHOOK_SECRET", "HUBPRO_SMTP_HOST", "HUBPRO_SMS_URL",
                 "HUBPRO_ENV"):  # fmt: skip
        _env.delenv(name, raising=False)
    _env.setenv("HUBPRO_BASE_URL", "http://hubpro.test")
    _env.setenv("HUBPRO_RATE_LIMIT_STORAGE", "memory://")  # tests/services/test_ratelimit.py covers Redis
    for name in ("URL", "ENDPOINT_URL", "REGION", "ACCESS_KEY", "SECRET_KEY"):
        _env.delenv(f"HUBPRO_STORAGE_{name}", raising=False)
    backend = os.environ.get("HUBPRO_TEST_STORAGE", "local").strip().lower() or "local"
    if backend not in ("local", "s3"):
        raise pytest.UsageError(f"HUBPRO_TEST_STORAGE must be local or s3, not {backend!r}")
    if backend == "s3":
        from tests.services import s3server

        s3server.make_bucket()
        for name, value in s3server.environment().items():
            _env.setenv(name, value)
    from hubpro.settings import get_settings

    get_settings.cache_clear()


def pytest_unconfigure(config):
    """Give the process its environment back."""
    _env.undo()
    from hubpro.settings import get_settings
    from tests.services import s3server

    s3server.stop()

    get_settings.cache_clear()


def pytest_report_header(config):
    """Say which file store the run uses."""
    from hubpro import storage

    return f"hubpro file storage: {storage.backend()!r}"


@pytest.fixture(scope="session", autouse=True)
def schema():
    """A migrated, empty database for the whole run (migrations are exercised too)."""
    engine = get_engine()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate.upgrade()
    migrate.check()
    yield engine
    engine.dispose()
    if name := os.environ.get("HUBPRO_TEST_OWN_DATABASE", ""):
        from sqlalchemy import create_engine

        admin = create_engine(_base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def clean_tables(schema):
    """Each test starts from empty tables and fresh rate-limit counters."""
    from hubpro.services import ratelimit

    ratelimit.configure("memory://")
    yield
    with schema.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db(schema):
    """A session on the test database."""
    with Session(schema, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="session")
def localstripe():
    """A real localstripe process (the stateful Stripe fake) for the payment tests."""
    import shutil
    import signal
    import subprocess
    import time
    import urllib.error
    import urllib.request

    exe = shutil.which("localstripe") or os.path.join(os.path.dirname(os.sys.executable), "localstripe")
    proc = subprocess.Popen([exe, "--port", str(LOCALSTRIPE_PORT), "--from-scratch"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    base = f"http://localhost:{LOCALSTRIPE_PORT}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/v1/payment_intents?key=sk_test_ready", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers: ready
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"localstripe did not start on port {LOCALSTRIPE_PORT}") from None
            time.sleep(0.2)
    yield base
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(10)


@pytest.fixture(autouse=True)
def _fresh_session_cache():
    """Each test starts with an empty session cache (tests edit session rows directly)."""
    from hubpro.services import session_cache

    session_cache.clear()
    yield
    session_cache.clear()
