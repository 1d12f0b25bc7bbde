"""Bytes sent to a phone for hubpro's screens, next to a blank Reflex app built on the same run.

Run: `.venv/bin/python bench/page_weight.py` (about 3 minutes: two production builds).
Prints, for each page, the bytes transferred over the network (compressed, as Chromium counts them)
at 390×844, cold cache. Nothing is asserted: compare the figures.
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
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
HUBPRO_PAGES = ["/", "/connexion", "/creer-un-compte/particulier", "/mot-de-passe-oublie"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(cwd: Path, port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port)],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://localhost:{port}/", timeout=2)
            time.sleep(2)
            return proc
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"server in {cwd} did not start")


def weigh(browser, url: str) -> tuple[int, int]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    total = {"bytes": 0, "requests": 0}

    def finished(event):
        total["bytes"] += int(event.get("encodedDataLength", 0))
        total["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    context.close()
    return total["bytes"], total["requests"]


def main() -> None:
    env = {**os.environ, "REFLEX_USE_SYSTEM_BUN": "1"}
    blank_dir = Path(tempfile.mkdtemp(prefix="blank-reflex-"))
    subprocess.run([sys.executable, "-m", "reflex", "init", "--name", "blankapp", "--template", "blank",
                    "--no-agents"], cwd=blank_dir, env=env, check=True, capture_output=True)  # fmt: skip
    data = Path(tempfile.mkdtemp(prefix="hubpro-weight-"))
    hub_port, blank_port = free_port(), free_port()
    hub_env = {**env, "HUBPRO_DATA_DIR": str(data), "HUBPRO_DATABASE_URL": f"sqlite:///{data}/w.db",
               "PORT": str(hub_port)}  # fmt: skip
    subprocess.run([sys.executable, "-m", "hubpro.cli", "migrate"], cwd=ROOT, env=hub_env, check=True,
                   capture_output=True)  # fmt: skip
    procs = []
    try:
        procs.append(serve(blank_dir, blank_port, env))
        procs.append(serve(ROOT, hub_port, hub_env))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            rows = [("blank Reflex app /", *weigh(browser, f"http://localhost:{blank_port}/"))]
            rows += [(f"hubpro {path}", *weigh(browser, f"http://localhost:{hub_port}{path}")) for path in HUBPRO_PAGES]
            browser.close()
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
    print(f"{'page (390×844, cold cache)':40} {'KB transferred':>15} {'requests':>9}")
    for name, size, count in rows:
        print(f"{name:40} {size / 1024:15.1f} {count:9d}")


if __name__ == "__main__":
    main()
