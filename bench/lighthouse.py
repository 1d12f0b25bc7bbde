"""Lighthouse (mobile preset) on hubpro's `/`, `/connexion/`, `/espace/` and the wizard's first step, and the blank app.

Run: `.venv/bin/python bench/lighthouse.py` (about 4 minutes). Needs the `lighthouse` npm package in
`bench/.tools` (`make bench` installs it: `npm install --prefix bench/.tools lighthouse@12.8.2`; Lighthouse 13
needs Node 22) and Chromium (`CHROME_PATH`, default /usr/bin/chromium). Without them it says so and stops.

Both apps are served as `make run` serves them. The signed-in pages carry a real session cookie of a driver
made through the services, who holds a certificate and a CQC draft (the wizard's first step). Printed per page:
the performance, accessibility and best-practices scores and the total bytes (Lighthouse's
`total-byte-weight`), then hubpro's bytes over the blank app's. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers

LIGHTHOUSE = servers.TOOLS_BIN / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")


def available() -> str:
    """'' when Lighthouse and Chromium can run, else why not."""
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} is missing (npm install --prefix bench/.tools lighthouse@12.8.2)"
    if not Path(CHROME).exists():
        return f"Chromium not found at {CHROME} (CHROME_PATH)"
    return ""


def audit(url: str, cookie: str = "") -> dict:
    """One Lighthouse run (mobile: its default form factor and throttling); scores and bytes."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        args = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]  # fmt: skip
        if cookie:
            args.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        run = subprocess.run(args, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True,
                             timeout=300)  # fmt: skip
        if not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-1500:]}")
        data = json.loads(report.read_text())
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    return {**scores, "bytes": int(data["audits"]["total-byte-weight"]["numericValue"]),
            "error": (data.get("runtimeError") or {}).get("message", ""),
            "final_url": data.get("finalDisplayedUrl", "")}  # fmt: skip


def seed_wizard(app: servers.App) -> dict:
    """A signed-in driver with a CQC draft (through the services); its cookie and request id."""
    out = subprocess.run([sys.executable, str(servers.BENCH / "seed.py"), "wizard"], cwd=servers.ROOT,
                         env={**app.env, "HUBPRO_BCRYPT_ROUNDS": "4"}, capture_output=True, text=True,
                         check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Serve both apps, audit each page `--runs` times, print the medians."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    p.add_argument("--json", default="", help="write the figures to this file")
    opts = p.parse_args()
    if why := available():
        print(f"Lighthouse not available: {why}")
        if opts.json:
            Path(opts.json).write_text(json.dumps({"available": False, "why": why}))
        return
    blank, hubpro = servers.blank_app(), servers.hubpro_app()
    wizard = seed_wizard(hubpro)
    signed_in, wizard_path = wizard["cookie"], f"/espace/demandes/{wizard['request']}"
    pages = [
        ("blank /", blank, "/", ""),
        ("hubpro /", hubpro, "/", ""),
        ("hubpro /connexion/", hubpro, "/connexion/", ""),
        ("hubpro /espace/", hubpro, "/espace/", signed_in),
        ("hubpro wizard first step", hubpro, wizard_path, signed_in),
    ]
    rows, started = [], servers.machine()
    for app in (blank, hubpro):
        app.start()
        try:
            for name, owner, path, cookie in pages:
                if owner is app:
                    runs = [audit(app.url + path, cookie) for _ in range(opts.runs)]
                    row = {"page": name, **{k: statistics.median(r[k] for r in runs) for k in (*CATEGORIES, "bytes")}}
                    row["errors"] = [r["error"] for r in runs if r["error"]]
                    row["final_url"] = runs[-1]["final_url"]
                    rows.append(row)
                    print(f"{name:28} performance {row['performance']:>5}  accessibility {row['accessibility']:>5}  "
                          f"best practices {row['best-practices']:>5}  {row['bytes'] / 1024:8.1f} KB "
                          f"{urlsplit(row['final_url']).path} {' '.join(row['errors'])}", flush=True)  # fmt: skip
        finally:
            app.stop()
    blank_bytes = rows[0]["bytes"]
    for row in rows[1:]:
        row["bytes_ratio"] = round(row["bytes"] / blank_bytes, 2)
        print(f"{row['page']:28} bytes / blank {row['bytes_ratio']}")
    print(f"machine: {started} (at start)")
    if opts.json:
        Path(opts.json).write_text(json.dumps({"available": True, "machine": started, "pages": rows}, indent=1))


if __name__ == "__main__":
    main()
