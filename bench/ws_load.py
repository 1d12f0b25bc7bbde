"""Websocket load: signed-in hubpro `/espace/` against the blank Reflex app's `/`, alternating, same run.

Run: `.venv/bin/python bench/ws_load.py` (about 7 minutes; `--runs 1 --duration 8` for a quick look).

Each run starts a fresh server (the frontend built once) and measures, with `bench/wsclient.py` in its own
process: the hydrate (`hydrate_and_load` with the bundle's state hashes; on hubpro it runs the page's
on_load handlers) at 1 event/s per tab with 50 and 200 tabs, one handler at 1/s with 50 tabs (hubpro:
`DriverState.load`, the guarded on_load of every driver page; blank: `CounterState.increment`), the
back-to-back capacity (50 tabs hydrating with no pause) and the RSS of the backend worker during each phase.
hubpro's tabs carry real session cookies of distinct drivers made through the services (bcrypt cost 4 for
seeding only). Runs alternate blank, hubpro, hubpro, blank... (each app first in turn); the figures are the
median of the runs and every run is printed. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers

HUBPRO_HANDLER = "reflex___state____state.hubpro___state___driver____driver_state.load"
BLANK_HANDLER = "reflex___state____state.blank___blank____counter_state.increment"


def seed_sessions(app: servers.App, count: int, prefix: str = "load") -> Path:
    """`count` signed-in drivers in the app's database; returns a file of Cookie headers, one a line."""
    out = subprocess.run([sys.executable, str(servers.BENCH / "seed.py"), "sessions", "--count", str(count),
                          "--prefix", prefix], cwd=servers.ROOT, env={**app.env, "HUBPRO_BCRYPT_ROUNDS": "4"},
                         capture_output=True, text=True, check=True)  # fmt: skip
    path = app.data_dir / f"cookies-{prefix}.txt"
    path.write_text("\n".join(json.loads(out.stdout.strip().splitlines()[-1])["cookies"]) + "\n")
    return path


def client_args(app: servers.App, path: str, clients: int, duration: float, rate: float, event: str,
                cookies: Path | None) -> list[str]:  # fmt: skip
    """The wsclient.py command line."""
    args = [sys.executable, str(servers.BENCH / "wsclient.py"), "--url", app.url, "--path", path, "--clients",
            str(clients), "--duration", str(duration), "--rate", str(rate), "--event", event]  # fmt: skip
    return args + (["--cookie-file", str(cookies)] if cookies else [])


def measure(app: servers.App, args: list[str]) -> dict:
    """Run one client process while sampling the worker's RSS; its JSON figures plus the RSS peak."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, text=True)
        peak = {"worker_mb": 0.0, "tree_mb": 0.0}
        while proc.poll() is None:
            rss = app.rss_mb()
            peak = {k: max(peak[k], rss[k]) for k in peak}
            time.sleep(0.5)
        out.seek(0)
        lines = out.read().strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        raise RuntimeError("wsclient failed:\n" + "\n".join(lines[-20:])) from None
    return {**result, "rss_peak_worker_mb": round(peak["worker_mb"], 1), "rss_peak_tree_mb": round(peak["tree_mb"], 1)}


def one_run(app: servers.App, cookies: Path | None, opts) -> dict:
    """Fresh server, then every phase of one run."""
    path, handler = ("/espace/", HUBPRO_HANDLER) if app.name == "hubpro" else ("/", BLANK_HANDLER)
    app.start()
    try:
        idle = app.rss_mb()["worker_mb"]
        phases = {
            "hydrate_50": measure(app, client_args(app, path, 50, opts.duration, 1, "hydrate", cookies)),
            "handler_50": measure(app, client_args(app, path, 50, opts.duration, 1, handler, cookies)),
            "capacity_50": measure(app, client_args(app, path, 50, opts.duration, 0, "hydrate", cookies)),
            f"hydrate_{opts.big}": measure(app, client_args(app, path, opts.big, opts.duration, 1, "hydrate", cookies)),
        }
    finally:
        app.stop()
    return {"app": app.name, "idle_worker_mb": idle, **phases}


FIGURES = [  # (label, phase, key) reported per app, then hubpro/blank
    ("hydrate p50 ms, 50 tabs", "hydrate_50", "p50_ms"),
    ("hydrate p95 ms, 50 tabs", "hydrate_50", "p95_ms"),
    ("hydrate p99 ms, 50 tabs", "hydrate_50", "p99_ms"),
    ("hydrate p95 ms, BIG tabs", "hydrate_BIG", "p95_ms"),
    ("hydrate p99 ms, BIG tabs", "hydrate_BIG", "p99_ms"),
    ("hydrate events/s, BIG tabs", "hydrate_BIG", "throughput_eps"),
    ("handler p50 ms, 50 tabs", "handler_50", "p50_ms"),
    ("handler p95 ms, 50 tabs", "handler_50", "p95_ms"),
    ("capacity hydrates/s (back to back, 50 tabs)", "capacity_50", "throughput_eps"),
    ("capacity p95 ms (back to back, 50 tabs)", "capacity_50", "p95_ms"),
    ("worker RSS MB idle", None, "idle_worker_mb"),
    ("worker RSS MB peak, 50 tabs", "hydrate_50", "rss_peak_worker_mb"),
    ("worker RSS MB peak, BIG tabs", "hydrate_BIG", "rss_peak_worker_mb"),
]


def summarize(runs: list[dict], big: int) -> dict:
    """Median per app of every figure, and the hubpro/blank ratio."""
    out = {}
    for label, phase, key in FIGURES:
        label, phase = label.replace("BIG", str(big)), phase and phase.replace("BIG", str(big))
        per = {}
        for name in ("blank", "hubpro"):
            values = [(r[phase][key] if phase else r[key]) for r in runs if r["app"] == name]
            values = [v for v in values if v is not None]
            per[name] = round(statistics.median(values), 1) if values else None
            per[name + "_runs"] = values
        per["ratio"] = round(per["hubpro"] / per["blank"], 2) if per["hubpro"] and per["blank"] else None
        out[label] = per
    return out


def main() -> None:
    """Build both apps, alternate the runs, print per-run figures and the medians with ratios."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=2, help="runs per app (alternating)")
    p.add_argument("--duration", type=float, default=15.0, help="seconds per phase")
    p.add_argument("--big", type=int, default=200, help="tabs of the large hydrate phase")
    p.add_argument("--json", default="", help="write the figures to this file")
    opts = p.parse_args()
    blank, hubpro = servers.blank_app(), servers.hubpro_app()
    blank.build()
    hubpro.build()
    cookies = seed_sessions(hubpro, max(opts.big, 50))
    started, runs = servers.machine(), []
    for i in range(opts.runs):
        for app in (blank, hubpro) if i % 2 == 0 else (hubpro, blank):
            run = one_run(app, cookies if app.name == "hubpro" else None, opts)
            runs.append(run)
            phases = {k: v for k, v in run.items() if isinstance(v, dict)}
            line = "  ".join(f"{k} p95 {v['p95_ms']} ms {v['throughput_eps']}/s err {v['errors']}"
                             for k, v in phases.items())  # fmt: skip
            print(f"run {i + 1} {app.name:6}: {line}; RSS idle {run['idle_worker_mb']} MB", flush=True)
    summary = summarize(runs, opts.big)
    print(f"\nmachine: {started} (at start)")
    print(f"{'figure':46} {'blank':>9} {'hubpro':>9} {'hubpro/blank':>13}")
    for label, v in summary.items():
        print(f"{label:46} {v['blank']!s:>9} {v['hubpro']!s:>9} {v['ratio']!s:>13}")
    if opts.json:
        Path(opts.json).write_text(json.dumps({"machine": started, "summary": summary, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
