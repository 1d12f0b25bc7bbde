"""The app served as `make run` serves it (`reflex run --env prod`), with localstripe, for browser journeys.

Used by the server fixtures of ``tests/e2e`` (SQLite, one worker) and ``tests/e2e_multi`` (PostgreSQL,
Redis, several workers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AGENT_EMAIL = "agent@hubpro.test"
AGENT_PASSWORD = "Operateur-Test-2026!"
CLEARED = (
    "HUBPRO_SMTP_HOST",
    "HUBPRO_SMS_URL",
    "HUBPRO_ENV",
    "HUBPRO_TEST_DATABASE_URL",
    "REFLEX_REDIS_URL",
    "GRANIAN_WORKERS",
    "HUBPRO_STRIPE_SECRET_KEY",
    "HUBPRO_STRIPE_PUBLISHABLE_KEY",
    "HUBPRO_STRIPE_WEBHOOK_SECRET",
    "HUBPRO_STRIPE_JS_URL",
    "HUBPRO_STRIPE_WEBHOOK_URL",
)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    """Wait until ``url`` answers 200; fail with the end of the server log if it exits or stays silent."""
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


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
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

    def __init__(self, base_url: str, env: dict[str, str], data: Path | None = None):
        self.base_url = base_url
        self.env = env
        self.data = data
        self.log = data / "server.log" if data else None
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        """Run `python -m hubpro.cli …` against the test database."""
        out = subprocess.run(
            [sys.executable, "-m", "hubpro.cli", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        return out.stdout

    def python(self, code: str) -> str:
        """Run Python against the test database (seeding what the UI cannot make quickly)."""
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=self.env, capture_output=True, text=True, check=True
        )
        return out.stdout

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the test database directly (assertions on what was stored); ``?`` marks parameters."""
        url = self.env["HUBPRO_DATABASE_URL"]
        if url.startswith("postgresql"):
            import psycopg

            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as conn:
                return [tuple(row) for row in conn.execute(query.replace("?", "%s"), params).fetchall()]
        import sqlite3

        with sqlite3.connect(url.split("///", 1)[1]) as conn:
            return conn.execute(query, params).fetchall()

    def launch(self) -> None:
        """Build the frontend and start `reflex run --env prod`; wait until pages are served."""
        port = self.env["PORT"]
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", port],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_http(f"{self.base_url}/api/health", 600, self.proc, self.log)
        wait_http(f"{self.base_url}/connexion/", 120, self.proc, self.log)

    def start(self) -> None:
        """Start the app again on the same port, serving the frontend already built."""
        port = self.env["PORT"]
        env = {**self.env, "REFLEX_ENV_MODE": "prod", "REFLEX_SKIP_COMPILE": "true",
               "REFLEX_FRONTEND_PORT": port, "REFLEX_BACKEND_PORT": port}  # fmt: skip
        with self.log.open("a") as out:
            self.proc = subprocess.Popen([sys.executable, "-c", SERVE_BUILT, port], cwd=ROOT, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        wait_http(f"{self.base_url}/api/health", 120, self.proc, self.log)
        wait_http(f"{self.base_url}/connexion/", 60, self.proc, self.log)

    def stop(self) -> None:
        """Stop the app (its whole process group: every open websocket is cut)."""
        _stop(self.proc)


@contextlib.contextmanager
def running_app(data: Path, port: int, database_url: str, **extra_env: str) -> Iterator[Server]:
    """The app on ``port`` with its own data directory, database, localstripe and first agent.

    Args:
        data: the data directory (created).
        port: the port of the whole app.
        database_url: its database (migrated here).
        **extra_env: more environment variables (Redis, workers, SMTP…).
    """
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    stripe_port = free_port()
    env.update(
        HUBPRO_DATA_DIR=str(data), HUBPRO_DATABASE_URL=database_url, HUBPRO_BASE_URL=f"http://localhost:{port}",
        PORT=str(port), REFLEX_USE_SYSTEM_BUN="1", PATH=f"{ROOT / '.tools/node_modules/.bin'}:{env.get('PATH', '')}",
        HUBPRO_STRIPE_API_BASE=f"http://localhost:{stripe_port}", **extra_env,
    )  # fmt: skip
    localstripe = subprocess.Popen(
        [str(Path(sys.executable).parent / "localstripe"), "--port", str(stripe_port), "--from-scratch"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    srv = Server(f"http://localhost:{port}", env, data)
    try:
        srv.cli("migrate")
        srv.cli("create-agent", "--email", AGENT_EMAIL, "--password", AGENT_PASSWORD, "--name", "Agent E2E")
        srv.launch()
        yield srv
    finally:
        srv.stop()
        _stop(localstripe)
