"""Login interference: the hydrate of 50 signed-in tabs, with and without 5 tabs signing in back to back.

Run: `.venv/bin/python bench/login_interference.py` (about 3 minutes).

hubpro runs as `make run` serves it, bcrypt cost 12 (production's). 50 drivers signed in through the
services (seeded with cost 4: their logins are not measured) hydrate `/espace/` at 1 event/s each; during the
« with logins » phases 5 other drivers, whose passwords were hashed with cost 12, press « Connexion » on
`/connexion/` again and again (`LoginState.login`, answered when the reply carries the `/api/session` ticket).
Phases alternate: without, with, without, with... The figure is the hydrate p95 with logins over the p95
without (medians of the phases), with the logins' own rate and p95. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers
from bench.ws_load import client_args, measure, seed_sessions

LOGIN_EVENT = "reflex___state____state.hubpro___state___login____login_state.login"


def seed_logins(app: servers.App, count: int) -> Path:
    """`count` active drivers hashed with cost 12; a payload file with their « Connexion » forms."""
    out = subprocess.run([sys.executable, str(servers.BENCH / "seed.py"), "accounts", "--count", str(count),
                          "--prefix", "login"], cwd=servers.ROOT, env={**app.env, "HUBPRO_BCRYPT_ROUNDS": "12"},
                         capture_output=True, text=True, check=True)  # fmt: skip
    seeded = json.loads(out.stdout.strip().splitlines()[-1])
    path = app.data_dir / "logins.jsonl"
    path.write_text("".join(json.dumps({"form_data": {"email": e, "password": seeded["password"]}}) + "\n"
                            for e in seeded["emails"]))  # fmt: skip
    return path


def with_logins(app: servers.App, hydrate: list[str], payloads: Path, logins: int, duration: float) -> tuple:
    """The hydrate phase while `logins` tabs sign in back to back; (hydrate figures, login figures)."""
    args = client_args(app, "/connexion/", logins, duration + 120, 0, LOGIN_EVENT, None)
    args += ["--payload-file", str(payloads), "--done-match", "api/session", "--warmup", "0"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first = proc.stdout.readline()  # "connected ..." once every login tab is hydrated
    if not first.startswith("connected"):
        proc.kill()
        raise RuntimeError(f"login client: {first}{proc.stdout.read()[-2000:]}")
    time.sleep(2)  # the logins are under way
    figures = measure(app, hydrate)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=120)
    return figures, json.loads(out.strip().splitlines()[-1])


def main() -> None:
    """Seed, start hubpro, alternate the phases, print them and the ratio."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pairs", type=int, default=2, help="(without, with) pairs of phases")
    p.add_argument("--duration", type=float, default=15.0, help="seconds per phase")
    p.add_argument("--clients", type=int, default=50, help="signed-in tabs hydrating")
    p.add_argument("--logins", type=int, default=5, help="tabs signing in back to back")
    p.add_argument("--json", default="", help="write the figures to this file")
    opts = p.parse_args()
    app = servers.hubpro_app()
    cookies = seed_sessions(app, opts.clients)
    payloads = seed_logins(app, opts.logins)
    app.build()
    app.start()
    phases, started = [], servers.machine()
    try:
        hydrate = client_args(app, "/espace/", opts.clients, opts.duration, 1, "hydrate", cookies)
        measure(app, client_args(app, "/espace/", opts.clients, 5, 1, "hydrate", cookies))  # warm-up
        for i in range(opts.pairs):
            base = measure(app, hydrate)
            loaded, logins = with_logins(app, hydrate, payloads, opts.logins, opts.duration)
            for kind, fig, lg in (("without", base, None), ("with", loaded, logins)):
                extra = f"; logins {lg['throughput_eps']}/s p95 {lg['p95_ms']} ms err {lg['errors']}" if lg else ""
                print(f"pair {i + 1} {kind:7} logins: hydrate p50 {fig['p50_ms']} p95 {fig['p95_ms']} p99 "
                      f"{fig['p99_ms']} ms, errors {fig['errors']}{extra}", flush=True)  # fmt: skip
                phases.append({"kind": kind, "hydrate": fig, "logins": lg})
    finally:
        app.stop()

    def median(kind: str, key: str, part: str = "hydrate") -> float:
        return round(statistics.median(ph[part][key] for ph in phases if ph["kind"] == kind), 1)

    summary = {"p95_without_ms": median("without", "p95_ms"), "p95_with_ms": median("with", "p95_ms"),
               "logins_per_s": median("with", "throughput_eps", "logins"),
               "login_p95_ms": median("with", "p95_ms", "logins")}  # fmt: skip
    summary["ratio"] = round(summary["p95_with_ms"] / summary["p95_without_ms"], 2)
    print(
        f"\nmachine: {started} (at start)\nhydrate p95 of {opts.clients} signed-in tabs: {summary['p95_without_ms']} "
        f"ms without logins, {summary['p95_with_ms']} ms with {opts.logins} tabs signing in back to back "
        f"({summary['logins_per_s']} logins/s, p95 {summary['login_p95_ms']} ms): ratio {summary['ratio']}"
    )
    if opts.json:
        Path(opts.json).write_text(json.dumps({"machine": started, "summary": summary, "phases": phases}, indent=1))


if __name__ == "__main__":
    main()
