"""Bytes sent to a phone for hubpro's screens, next to the blank Reflex app (`bench/blank_app`), same run.

Run: `.venv/bin/python bench/page_weight.py` (about 2 minutes: both apps served as `make run` serves them).
Prints, for each page, the bytes transferred over the network (compressed, as Chromium counts them)
at 390×844, cold cache. Nothing is asserted: compare the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
HUBPRO_PAGES = ["/", "/connexion", "/creer-un-compte/particulier", "/mot-de-passe-oublie"]


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
    """Serve both apps, weigh each page, print (and optionally write) the figures."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json", default="", help="write the figures to this file")
    opts = p.parse_args()
    apps = [servers.blank_app(), servers.hubpro_app()]
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for app in apps:
            app.start()
            try:
                paths = HUBPRO_PAGES if app.name == "hubpro" else ["/"]
                rows += [(f"{app.name} {path}", *weigh(browser, app.url + path)) for path in paths]
            finally:
                app.stop()
        browser.close()
    print(f"{'page (390×844, cold cache)':40} {'KB transferred':>15} {'requests':>9} {'/ blank':>8}")
    for name, size, count in rows:
        print(f"{name:40} {size / 1024:15.1f} {count:9d} {size / rows[0][1]:8.2f}")
    if opts.json:
        data = [{"page": n, "bytes": b, "requests": c, "ratio": round(b / rows[0][1], 2)} for n, b, c in rows]
        Path(opts.json).write_text(json.dumps({"machine": servers.machine(), "pages": data}, indent=1))


if __name__ == "__main__":
    main()
