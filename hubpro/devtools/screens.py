"""``make screens``: serve a seeded throw-away app, render every screen × persona × size, write the gallery.

Usage:
    python -m hubpro.devtools.screens [--only requests,cartes] [--compare <git ref or folder>] [--out screens]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from hubpro.devtools.catalogue import SIZES, Shot, path_of, shots
from hubpro.devtools.report import compare_folders, index_html
from hubpro.personas import PASSWORD, persona

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PARALLEL = 3  # browser contexts at once: the 2-core machine is busy with the server too


@contextlib.contextmanager
def seeded_app(root: Path, port: int) -> Iterator[tuple[str, dict]]:
    """The app of ``root`` built like `make run`, on ``port``, with its own localstripe and personas."""
    from tests.e2e.appserver import CLEARED, Server, _stop, free_port, wait_http

    data = Path(tempfile.mkdtemp(prefix="hubpro-screens-"))
    stripe_port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(HUBPRO_DATA_DIR=str(data), HUBPRO_DATABASE_URL=f"sqlite:///{data}/screens.db",
               HUBPRO_BASE_URL=f"http://localhost:{port}", PORT=str(port), REFLEX_USE_SYSTEM_BUN="1",
               HUBPRO_BCRYPT_ROUNDS="4", HUBPRO_STRIPE_API_BASE=f"http://localhost:{stripe_port}",
               PATH=f"{ROOT / '.tools/node_modules/.bin'}:{env.get('PATH', '')}")  # fmt: skip
    exe = str(Path(sys.executable).parent / "localstripe")
    stripe = subprocess.Popen([exe, "--port", str(stripe_port), "--from-scratch"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    srv = Server(f"http://localhost:{port}", env, data)
    try:
        manifest = data / "personas.json"
        # The seed always runs from this checkout (a compared ref may predate the personas).
        subprocess.run([sys.executable, "-m", "hubpro.cli", "seed-personas", "--json", str(manifest)], cwd=ROOT,
                       env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        with srv.log.open("a") as out:
            srv.proc = subprocess.Popen([sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port",
                                         str(port)], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)  # fmt: skip
        wait_http(f"{srv.base_url}/api/health", 600, srv.proc, srv.log)
        wait_http(f"{srv.base_url}/connexion/", 120, srv.proc, srv.log)
        yield srv.base_url, json.loads(manifest.read_text())
    finally:
        srv.stop()
        _stop(stripe)


async def _sign_in(page, base: str, who: str) -> None:
    if who == "-":
        return
    p = persona(who)
    if p.role == "agent":
        await _ready(page, f"{base}/agent")
        await page.fill("#agent-email", p.email)
        await page.fill("#agent-password", PASSWORD)
        await page.click("#agent-login")
        await page.wait_for_url(re.compile(r"/agent/comptes/?$"))
    else:
        await _ready(page, f"{base}/connexion")
        await page.fill("#f-email", p.email)
        await page.fill("#f-password", PASSWORD)
        await page.click("#login")
        await page.wait_for_url(re.compile(r"/espace/?$"))


async def _ready(page, url: str) -> None:
    await page.goto(url)
    await page.wait_for_selector('main[data-ready="1"]', timeout=30_000)


async def _group(browser, base: str, seeded: dict, who: str, size: str, group: list[Shot], out: Path, sem) -> None:
    async with sem:
        w, h = SIZES[size]
        ctx = await browser.new_context(viewport={"width": w, "height": h}, locale="fr-FR")
        page = await ctx.new_page()
        page.set_default_timeout(30_000)
        try:
            await _sign_in(page, base, who)
            for shot in group:
                await _ready(page, base + path_of(shot, seeded))
                await page.wait_for_timeout(700)  # data loaded by on_load arrives after hydration
                await page.screenshot(path=str(out / shot.name), full_page=True)
        finally:
            await ctx.close()


async def render(base: str, seeded: dict, chosen: list[Shot], out: Path) -> None:
    """Every shot, one browser, one context per (signer, size), a few at once."""
    from playwright.async_api import async_playwright

    groups: dict[tuple[str, str], list[Shot]] = {}
    for s in chosen:
        groups.setdefault((s.signer, s.size), []).append(s)
    sem = asyncio.Semaphore(PARALLEL)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = await asyncio.gather(*(_group(browser, base, seeded, who, size, g, out, sem)
                                         for (who, size), g in groups.items()), return_exceptions=True)  # fmt: skip
        for (who, size), res in zip(groups, results, strict=True):
            if isinstance(res, Exception):
                print(f"échec pour {who} ({size}) : {str(res).splitlines()[0]}", file=sys.stderr)
        await browser.close()


def capture(root: Path, out: Path, only: str, port: int) -> tuple[str, dict[str, str]]:
    """Render ``root``'s app into ``out``; returns its URL and each PNG's path."""
    out.mkdir(parents=True, exist_ok=True)
    chosen = shots(only)
    with seeded_app(root, port) as (base, seeded):
        asyncio.run(render(base, seeded, chosen, out))
    return base, {s.name: path_of(s, seeded) for s in chosen}


@contextlib.contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """``git worktree add`` of ``ref`` in a temp dir, sharing this checkout's .venv and frontend install."""
    tmp = Path(tempfile.mkdtemp(prefix="hubpro-ref-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(tmp), ref], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        (tmp / ".venv").symlink_to((ROOT / ".venv").resolve())
        if (ROOT / ".web").is_dir():  # node_modules already installed: no download, a quicker build
            shutil.copytree(ROOT / ".web", tmp / ".web", symlinks=True, ignore=shutil.ignore_patterns("build"))
        yield tmp
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tmp)], cwd=ROOT, check=False)


def main(argv: list[str] | None = None) -> int:
    """Render the catalogue (and the comparison); prints where the gallery is."""
    from tests.e2e.appserver import free_port

    ap = argparse.ArgumentParser(prog="make screens")
    ap.add_argument("--only", default="")
    ap.add_argument("--compare", default="")
    ap.add_argument("--out", default=str(ROOT / "screens"))
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    started = time.monotonic()
    out = Path(args.out).resolve()
    if out.exists():
        shutil.rmtree(out)
    base, paths = capture(ROOT, out, args.only, args.port or free_port())
    changed = None
    if args.compare:
        before = Path(args.compare)
        if not before.is_dir():
            before = out / "avant"
            with checkout(args.compare) as tree:
                capture(tree, before, args.only, free_port())
        changed = compare_folders(before, out, out)
        print(f"{len(changed)} capture(s) modifiée(s) par rapport à {args.compare}")
    (out / "index.html").write_text(index_html(shots(args.only), base, paths, changed))
    print(f"Catalogue : {out / 'index.html'} ({len(paths)} captures, {time.monotonic() - started:.0f} s)")
    print(f"(« ouvrir en direct » : lancez `make dev` ou `make run`; les liens visent {base})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
