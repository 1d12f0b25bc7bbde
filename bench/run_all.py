"""`make bench`: every benchmark in turn, then hubpro's figures against the goals of issue 11 (PASS / FAIL).

Run: `.venv/bin/python bench/run_all.py` (about 20 minutes on 2 cores); `BENCH_SCALE=full` (or
`--drivers 1000000`) runs the data-scale step at the goal's scale (1 M drivers) instead of 100 000, without
the « Expédiée » filter of « Demandes à instruire » (it loads 95 % of the requests, one driver at a time);
`--only ws_load,invoices` runs some steps. Each step's output is shown as it runs and its figures are kept in
`bench/results/<date-time>/`. A failing step is reported and the others go on. These are measurements of a
shared machine, not tests: nothing here fails the build.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import servers

STEPS = ("page_weight", "ws_load", "login_interference", "data_scale", "invoices", "pdf_generation", "lighthouse")


def run_step(name: str, out: Path, extra: list[str]) -> dict | None:
    """Run bench/<name>.py with --json; its figures, or None when it failed."""
    target = out / f"{name}.json"
    args = [sys.executable, str(servers.BENCH / f"{name}.py"), *extra]
    if name != "pdf_generation":
        args += ["--json", str(target)]
    print(f"\n===== {name} =====", flush=True)
    started = time.monotonic()
    with (out / f"{name}.txt").open("w") as log:
        proc = subprocess.Popen(args, cwd=servers.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in proc.stdout:
            print(line, end="", flush=True)
            log.write(line)
        proc.wait()
    print(f"----- {name}: {'done' if proc.returncode == 0 else 'FAILED'} in {time.monotonic() - started:.0f} s")
    if proc.returncode != 0:
        return None
    return json.loads(target.read_text()) if target.exists() else {}


def verdict(ok: bool | None) -> str:
    """PASS, FAIL or n/a (step not run or failed)."""
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def goals(r: dict) -> list[tuple[str, str, bool | None]]:
    """(goal, measured, met) for every goal the steps measured."""
    rows: list[tuple[str, str, bool | None]] = []
    ws = (r.get("ws_load") or {}).get("summary")
    if ws:
        for label, goal, better_low in (("hydrate p95 ms, 50 tabs", 1.3, True), ("hydrate p95 ms, 200 tabs", 1.3, True),
                                        ("capacity hydrates/s (back to back, 50 tabs)", 0.7, False),
                                        ("worker RSS MB peak, 200 tabs", 1.5, True)):  # fmt: skip
            v = ws.get(label, {})
            ratio = v.get("ratio")
            met = None if ratio is None else (ratio <= goal if better_low else ratio >= goal)
            text = f"{v.get('hubpro')} vs {v.get('blank')} = {ratio}×"
            rows.append((f"{label}: hubpro {'≤' if better_low else '≥'} {goal}× blank", text, met))
    li = (r.get("login_interference") or {}).get("summary")
    if li:
        text = f"{li['p95_with_ms']} vs {li['p95_without_ms']} ms = {li['ratio']}×"
        rows.append(("hydrate p95 with 5 logins ≤ 1.2× without", text, li["ratio"] <= 1.2))
    ds = r.get("data_scale")
    if ds:
        over = [p for p in ds["pages"] if p["db_p95_ms"] > 50]
        worst = max(ds["pages"], key=lambda p: p["db_p95_ms"])
        rows.append((f"every driver/agent page ≤ 50 ms DB p95 ({ds['drivers']} drivers)",
                     f"{len(over)} of {len(ds['pages'])} over; worst {worst['page']} {worst['db_p95_ms']} ms",
                     not over))  # fmt: skip
    inv = r.get("invoices")
    if inv:
        rows.append(("invoices ≥ 100/s with 8 threads, gapless", f"{inv['per_second']}/s, gapless {inv['gapless']}",
                     inv["per_second"] >= 100 and inv["gapless"] and not inv["errors"]))  # fmt: skip
    lh = r.get("lighthouse")
    if lh and lh.get("available"):
        for p in lh["pages"][1:]:
            rows.append((f"Lighthouse mobile performance ≥ 97: {p['page']}", str(p["performance"]),
                         p["performance"] >= 97))  # fmt: skip
            ratio = p["bytes_ratio"]
            rows.append((f"bytes ≤ 0.5× blank (Lighthouse): {p['page']}", f"{ratio}×", ratio <= 0.5))
    elif lh is not None:
        rows.append(("Lighthouse", f"not available: {lh.get('why')}", None))
    pw = r.get("page_weight")
    if pw:
        for p in pw["pages"][1:]:
            rows.append((f"bytes ≤ 0.5× blank (390×844): {p['page']}", f"{p['ratio']}×", p["ratio"] <= 0.5))
    return rows


def main() -> None:
    """Run the steps, then print the goals table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    full = os.environ.get("BENCH_SCALE", "") == "full"
    p.add_argument("--drivers", type=int, default=1_000_000 if full else 100_000, help="data-scale drivers")
    p.add_argument("--only", default="", help="comma-separated steps: " + ",".join(STEPS))
    opts = p.parse_args()
    out = servers.BENCH / "results" / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    chosen = [s for s in opts.only.split(",") if s] or list(STEPS)
    extra = {"data_scale": ["--drivers", str(opts.drivers), "--plans", str(out / "data_scale_plans.txt")]}
    if opts.drivers >= 500_000:  # that filter loads 95 % of the requests one driver at a time: hours at 1 M
        extra["data_scale"] += ["--skip", "Expédiée"]
    started, t0 = servers.machine(), time.monotonic()
    results = {name: run_step(name, out, extra.get(name, [])) for name in STEPS if name in chosen}
    rows = goals(results)
    print(f"\n===== hubpro against the goals ({time.monotonic() - t0:.0f} s; machine at start: {started}) =====")
    width = max((len(g) for g, _, _ in rows), default=10)
    for goal, measured, met in rows:
        print(f"{verdict(met):5} {goal:{width}}  {measured}")
    failed = [name for name, res in results.items() if res is None]
    if failed:
        print(f"steps that failed: {', '.join(failed)} (see {out})")
    (out / "goals.json").write_text(json.dumps([{"goal": g, "measured": m, "met": ok} for g, m, ok in rows], indent=1))
    print(f"figures: {out}")


if __name__ == "__main__":
    main()
