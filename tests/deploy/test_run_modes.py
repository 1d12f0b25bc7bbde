"""`reflex run --env prod` as deployed: the backend alone behind a static frontend; refused set-ups."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.services.fake_smtp import free_port

pytestmark = pytest.mark.slow  # subprocesses / servers: left out of `make check`

ROOT = Path(__file__).resolve().parents[2]
REFLEX = [sys.executable, "-m", "reflex", "run", "--env", "prod"]


@pytest.fixture
def run_env(tmp_path) -> dict[str, str]:
    """A development environment of its own: fresh SQLite database, no Redis, no workers set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HUBPRO_", "REFLEX_", "GRANIAN_"))}
    env.pop("PORT", None)
    env.update(HUBPRO_DATA_DIR=str(tmp_path), HUBPRO_DATABASE_URL=f"sqlite:///{tmp_path}/run.db",
               HUBPRO_BCRYPT_ROUNDS="4", REFLEX_USE_SYSTEM_BUN="1")  # fmt: skip
    return env


def _health(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def test_backend_only_serves_the_api_on_port(run_env, tmp_path):
    subprocess.run([sys.executable, "-m", "hubpro.cli", "migrate"], cwd=ROOT, env=run_env, check=True,
                   capture_output=True)  # fmt: skip
    port = free_port()
    log = tmp_path / "backend.log"
    with log.open("w") as out:
        proc = subprocess.Popen([*REFLEX, "--backend-only"], cwd=ROOT, env={**run_env, "PORT": str(port)},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not _health(port):
            assert proc.poll() is None, f"the backend exited:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"the backend never answered:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    assert "Cannot specify --frontend-port" not in log.read_text()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"REFLEX_REDIS_URL": "redis://127.0.0.1:6379/9"}, "on SQLite"),
        ({"GRANIAN_WORKERS": "3"}, "on SQLite"),
        ({"GRANIAN_WORKERS": "3", "HUBPRO_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"},
         "without REFLEX_REDIS_URL"),
    ],
)  # fmt: skip
def test_several_workers_are_refused_before_anything_starts(run_env, extra, message):
    out = subprocess.run([*REFLEX, "--backend-only", "--backend-port", str(free_port())], cwd=ROOT,
                         env={**run_env, **extra}, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 1
    assert "hubpro refuses to start" in out.stderr + out.stdout
    assert message in out.stderr + out.stdout
