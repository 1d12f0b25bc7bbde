"""hubpro and the blank Reflex app served as `make run` serves them, each on a free port in its own data dir.

The first start of an app builds its frontend (`reflex run --env prod`, 1-3 minutes); later starts serve that
build with a fresh backend (what `reflex run --env prod` runs once the build is done), so every measured run
begins with a new worker process. Each server runs in its own process group and is stopped by that group only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
BLANK_APP = BENCH / "blank_app"
TOOLS_BIN = BENCH / ".tools" / "node_modules" / ".bin"

# What `reflex run --env prod` runs once the frontend is built: the backend serving that build.
SERVE_BUILT = (
    "import sys\nfrom reflex.utils import exec\nfrom reflex_base.constants import LogLevel\n"
    "exec.run_backend_prod('0.0.0.0', int(sys.argv[1]), LogLevel.WARNING, True)\n"
)
UNSET = ("HUBPRO_SMTP_HOST", "HUBPRO_SMS_URL", "HUBPRO_ENV", "HUBPRO_TEST_DATABASE_URL", "REFLEX_REDIS_URL",
         "HUBPRO_STRIPE_SECRET_KEY", "HUBPRO_STRIPE_PUBLISHABLE_KEY", "HUBPRO_STRIPE_WEBHOOK_SECRET",
         "HUBPRO_STRIPE_JS_URL", "HUBPRO_STRIPE_WEBHOOK_URL", "HUBPRO_BCRYPT_ROUNDS", "GRANIAN_WORKERS")  # fmt: skip


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env() -> dict[str, str]:
    """This environment without the settings that would change what is measured."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env["REFLEX_USE_SYSTEM_BUN"] = "1"
    env["PATH"] = f"{ROOT / '.tools/node_modules/.bin'}:{env.get('PATH', '')}"
    return env


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    """Wait until `url` answers 200 (or fail with the end of the server's log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=3) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@dataclass
class App:
    """One Reflex app: where it lives, its environment, its port and its running server."""

    name: str
    cwd: Path
    env: dict[str, str]
    port: int
    ready_paths: tuple[str, ...]
    data_dir: Path
    proc: subprocess.Popen | None = None
    built: bool = False
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data_dir / f"{self.name}-server.log"

    @property
    def url(self) -> str:
        """Frontend and backend share this origin in production mode."""
        return f"http://localhost:{self.port}"

    def start(self) -> None:
        """Build the frontend on the first start; afterwards serve the build with a fresh backend."""
        if self.built:
            env = {**self.env, "REFLEX_ENV_MODE": "prod", "REFLEX_SKIP_COMPILE": "true",
                   "REFLEX_FRONTEND_PORT": str(self.port), "REFLEX_BACKEND_PORT": str(self.port)}  # fmt: skip
            cmd = [sys.executable, "-c", SERVE_BUILT, str(self.port)]
        else:
            env, cmd = self.env, [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port",
                                  str(self.port), "--loglevel", "warning"]  # fmt: skip
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)  # fmt: skip
        for path in self.ready_paths:
            wait_http(self.url + path, self.proc, self.log, 900 if not self.built else 180)
        self.built = True
        time.sleep(1)

    def build(self) -> None:
        """Build the frontend (a first start, stopped): later starts all serve that build the same way."""
        if not self.built:
            self.start()
            self.stop()

    def stop(self) -> None:
        """Stop the server's process group (SIGTERM, then SIGKILL after 20 s)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(20)
        self.proc = None

    def processes(self) -> list[psutil.Process]:
        """Every live process of the server's tree."""
        if self.proc is None:
            return []
        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss_mb(self) -> dict[str, float]:
        """RSS of the backend workers (the processes that listen on the port, or their children) and of the tree."""
        procs = self.processes()
        sizes: dict[int, float] = {}
        for p in procs:
            try:
                sizes[p.pid] = p.memory_info().rss / 2**20
            except psutil.Error:
                continue
        leaves = [p.pid for p in procs if p.pid in sizes and not _safe_children(p)]
        workers = [sizes[pid] for pid in leaves] or list(sizes.values())
        return {"worker_mb": round(sum(workers), 1), "workers": len(workers), "tree_mb": round(sum(sizes.values()), 1)}


def _safe_children(p: psutil.Process) -> list[psutil.Process]:
    try:
        return p.children()
    except psutil.Error:
        return []


def hubpro_app(rounds: int | None = None) -> App:
    """hubpro with a migrated SQLite database in a fresh data directory (as `make run`, HUBPRO_ENV unset).

    Args:
        rounds: bcrypt cost of the server (None: the default, 12, as in production).
    """
    data = Path(tempfile.mkdtemp(prefix="hubpro-bench-"))
    port = free_port()
    env = {**base_env(), "HUBPRO_DATA_DIR": str(data), "HUBPRO_DATABASE_URL": f"sqlite:///{data}/bench.db",
           "HUBPRO_BASE_URL": f"http://localhost:{port}", "PORT": str(port),
           "HUBPRO_STRIPE_API_BASE": f"http://localhost:{free_port()}"}  # fmt: skip
    if rounds is not None:
        env["HUBPRO_BCRYPT_ROUNDS"] = str(rounds)
    subprocess.run([sys.executable, "-m", "hubpro.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return App("hubpro", ROOT, env, port, ("/api/health", "/connexion/"), data)


def blank_app() -> App:
    """The vendored blank Reflex 0.10.1 app (`bench/blank_app`), its own state directory."""
    data = Path(tempfile.mkdtemp(prefix="blank-bench-"))
    port = free_port()
    env = {**base_env(), "PORT": str(port)}
    return App("blank", BLANK_APP, env, port, ("/",), data)


def machine() -> str:
    """One line about the machine and its load, for the reports."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    mem = psutil.virtual_memory().total / 2**30
    return f"{psutil.cpu_count()} cores, {mem:.0f} GB RAM, load average {load}, Python {sys.version.split()[0]}"
