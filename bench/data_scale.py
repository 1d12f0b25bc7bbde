"""Database time of every driver and agent page at scale, on a PostgreSQL database of its own.

Run: `.venv/bin/python bench/data_scale.py --drivers 100000` (`make bench`; `--drivers 1000000` is the scale of
the goal: 1 M drivers, 5 M trainings, 1 M requests, about 10 minutes on 2 cores).

It creates a database on the server (default `postgresql+psycopg://postgres@127.0.0.1:5432`), migrates it with
hubpro's migrations, fills it in SQL (`bench/scale_sql.py`, generate_series), ANALYZEs it, signs in an agent
and sample drivers through the services, then loads each page (`bench/page_capture.py`: its real on_load
handlers) `--runs` times with a different sample each run. Per page it prints the query count (distinct
statements), the database time p95 (sum of the statements' durations) and the wall time p95; each distinct
statement of the last run is then run under `EXPLAIN (ANALYZE, BUFFERS)` (in a rolled back transaction) and
the plans go to `--plans`. The database is dropped at the end (`--keep` keeps it). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "Banc-Essai-2026!Sûr"
GOAL_MS = 50.0
SECONDARY_INDEXES = """SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"""


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    v = sorted(values)
    return v[max(1, math.ceil(0.95 * len(v))) - 1]


def create_database(server: str) -> str:
    """A new database on the server; returns its URL."""
    from sqlalchemy import create_engine, text

    name = f"hubpro_scale_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{server}/{name}"


def drop_database(server: str, url: str) -> None:
    """Drop the bench database (its connections too)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def load(engine, n: int) -> dict[str, float]:
    """Fill the tables (foreign-key triggers off during the load), reset the sequences, ANALYZE; seconds per step."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    import hubpro.models  # noqa: F401  (the tables' metadata)
    from bench.scale_sql import LOAD, reset_sequences

    timings: dict[str, float] = {}
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("SET LOCAL synchronous_commit = off"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for table in reversed(SQLModel.metadata.sorted_tables):  # a throw-away database: no WAL for the load
            conn.execute(text(f'ALTER TABLE "{table.name}" SET UNLOGGED'))
        indexes = conn.execute(text(SECONDARY_INDEXES)).all()  # rebuilt after the load: much faster
        for name, _ in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
        for table, sql in LOAD:
            started = time.perf_counter()
            conn.execute(text(sql.replace(":n", str(n))))
            timings[table] = round(timings.get(table, 0) + time.perf_counter() - started, 1)
        started = time.perf_counter()
        for _, definition in indexes:
            conn.execute(text(definition))
        timings["indexes"] = round(time.perf_counter() - started, 1)
        for sql in reset_sequences([t for t, _ in LOAD]):
            conn.execute(text(sql))
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    timings["ANALYZE"] = round(time.perf_counter() - started, 1)
    return timings


def samples(n: int, runs: int) -> dict[str, list[int]]:
    """Driver ids per kind of page (see scale_sql's buckets), `runs` of each, the same on every run of the script."""
    rng = random.Random(11)

    def pick(ok) -> list[int]:
        found: list[int] = []
        for _ in range(1000 * runs * 1000):
            if len(found) == runs:
                break
            d = rng.randrange(1, n + 1)
            if ok(d) and d not in found:
                found.append(d)
        if len(found) < runs:
            raise RuntimeError("too few drivers for the samples: raise --drivers")
        return found

    return {
        "driver": pick(lambda d: d % 20 == 0 and d % 1000 >= 60 and d % 500 > 2),  # card, payment, invoice
        "draft": pick(lambda d: 11 <= d % 1000 <= 20 and d % 500 > 2),  # the wizard's draft with its documents
        "returned": pick(lambda d: d % 1000 == 47 and d % 500 > 2),  # a card back from La Poste
        "in_review": pick(lambda d: d % 500 == 0),  # an account to analyse
        "to_instruct": pick(lambda d: d % 1000 <= 1),  # a request « Envoyée »
    }


def sign_in(ids: set[int]) -> tuple[str, dict[int, str]]:
    """A new agent and the sample drivers signed in through auth.login + exchange_ticket; Cookie headers."""
    from sqlmodel import select

    from hubpro.db import session_scope
    from hubpro.models import Driver
    from hubpro.security import hash_password
    from hubpro.services import auth

    def token(db, role: str, email: str) -> str:
        result = auth.login(db, role=role, email=email, password=PASSWORD, ip="127.0.0.1")
        if not result.ticket:
            raise RuntimeError(result.error)
        return auth.exchange_ticket(db, result.ticket)[1]

    with session_scope() as db:
        auth.create_agent(db, email="scale-bench@hubpro.test", password=PASSWORD, name="Agent banc")
        agent = f"hubpro_agent_sid={token(db, 'agent', 'scale-bench@hubpro.test')}"
        hashed = hash_password(PASSWORD)
        drivers = {}
        for d in db.exec(select(Driver).where(Driver.id.in_(sorted(ids)))).all():
            d.password_hash = hashed
            db.add(d)
            db.commit()
            drivers[d.id] = f"hubpro_sid={token(db, 'driver', d.email)}"
    return agent, drivers


def params_for(page, run: int, s: dict[str, list[int]]) -> tuple[str, dict[str, str]]:
    """(sample kind, route parameters) of one run of a page; public ids follow scale_sql's md5 scheme."""
    import hashlib

    def md5(prefix: str, i: int) -> str:
        return hashlib.md5(f"{prefix}{i}".encode()).hexdigest()  # noqa: S324  (the loader's public ids)

    if "[account_id]" in page.route:
        return "in_review", {"account_id": md5("driver", s["in_review"][run])}
    if page.route == "/agent/demandes/[request_id]":
        return "to_instruct", {"request_id": md5("request", s["to_instruct"][run])}
    if page.route == "/espace/demandes/[request_id]":
        return "draft", {"request_id": md5("request", s["draft"][run])}
    if "[card_id]" in page.route:
        return "returned", {"card_id": md5("card", s["returned"][run])}
    if "[payment_id]" in page.route:
        return "driver", {"payment_id": md5("payment", s["driver"][run])}
    return ("agent" if page.role == "agent" else "driver"), {}


def explain(engine, queries) -> list[tuple[float, str]]:
    """(execution ms, plan text) of each distinct statement, run in a transaction that is rolled back."""
    out, seen = [], set()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for q in queries:
            if q.statement in seen:
                continue
            seen.add(q.statement)
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + q.statement, q.parameters)
            plan = "\n".join(row[0] for row in cur.fetchall())
            m = re.search(r"Execution Time: ([\d.]+) ms", plan)
            out.append((float(m.group(1)) if m else 0.0, f"{q.statement}\n-- {q.parameters}\n{plan}"))
            raw.rollback()
    finally:
        raw.rollback()
        raw.close()
    return out


def measure(engine, pages, s, agent: str, drivers: dict[int, str], runs: int, plans_out) -> list[dict]:
    """Load every page `runs` times (once when a first load takes over 2 s); one result row per page."""
    from bench.page_capture import QueryLog, load_page

    log, rows = QueryLog(engine), []
    for page in pages:
        db_ms, wall_ms, counts, distinct, redirects, last = [], [], [], [], set(), []
        for run in range(runs):
            kind, params = params_for(page, run, s)
            cookie = agent if page.role == "agent" else drivers[s[kind][run]]
            log.take()
            log.recording, started = True, time.perf_counter()
            target = asyncio.run(load_page(page, cookie, params))
            wall = (time.perf_counter() - started) * 1000
            log.recording = False
            last = log.take()
            db_ms.append(sum(q.ms for q in last))
            wall_ms.append(wall)
            counts.append(len(last))
            distinct.append(len({q.statement for q in last}))
            if target:
                redirects.add(target)
            if wall > 2000:
                break
        plans = sorted(explain(engine, last), reverse=True)
        plans_out.write(f"\n\n===== {page.label} ({len(last)} queries, last run) =====\n")
        for ms, text in plans:
            plans_out.write(f"\n--- {ms:.2f} ms\n{text}\n")
        seq = sorted({m for _, t in plans for m in re.findall(r"Seq Scan on (\w+)", t)})
        rows.append({"page": page.label, "role": page.role, "runs": len(db_ms), "queries": max(counts),
                     "distinct": max(distinct), "db_p95_ms": round(p95(db_ms), 2),
                     "wall_p95_ms": round(p95(wall_ms), 1),
                     "slowest_explain_ms": round(plans[0][0], 2) if plans else 0.0, "seq_scans": seq,
                     "redirect": ", ".join(sorted(redirects))})  # fmt: skip
        r = rows[-1]
        print(
            f"{r['page'][:58]:58} {r['queries']:>7} ({r['distinct']:>2}) {r['db_p95_ms']:>10.1f} "
            f"{r['wall_p95_ms']:>10.1f} {'ok' if r['db_p95_ms'] <= GOAL_MS else 'OVER':>5}  "
            f"{' '.join(r['seq_scans'])}{'  REDIRECT ' + r['redirect'] if r['redirect'] else ''}",
            flush=True,
        )
    return rows


def main() -> None:
    """Create, migrate, load, measure, drop."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--drivers", type=int, default=100_000, help="drivers (trainings ×5, requests ×1)")
    p.add_argument("--runs", type=int, default=5, help="loads of each page (a different sample each)")
    p.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    p.add_argument("--plans", default="", help="file for the EXPLAIN plans (default: in a temporary dir)")
    p.add_argument("--json", default="", help="write the figures to this file")
    p.add_argument("--skip", action="append", default=[], help="leave out pages whose label contains this text")
    p.add_argument("--keep", action="store_true", help="do not drop the database")
    opts = p.parse_args()
    url = create_database(opts.server)
    data = Path(tempfile.mkdtemp(prefix="hubpro-scale-"))
    os.environ.update({"HUBPRO_DATABASE_URL": url, "HUBPRO_DATA_DIR": str(data), "HUBPRO_BCRYPT_ROUNDS": "4",
                       "HUBPRO_STRIPE_API_BASE": "http://localhost:9"})  # fmt: skip
    for key in ("HUBPRO_ENV", "HUBPRO_SMTP_HOST", "HUBPRO_STRIPE_SECRET_KEY", "REFLEX_REDIS_URL"):
        os.environ.pop(key, None)
    os.chdir(ROOT)
    try:
        from bench.page_capture import queue_filters, registered_pages
        from bench.servers import machine
        from hubpro import migrate
        from hubpro.db import get_engine

        started = time.perf_counter()
        migrate.upgrade()
        engine = get_engine()
        timings = load(engine, opts.drivers)
        print(f"loaded {opts.drivers} drivers in {time.perf_counter() - started:.0f} s: {timings}", flush=True)
        s = samples(opts.drivers, opts.runs)
        agent, drivers = sign_in({d for kind in ("driver", "draft", "returned") for d in s[kind]})
        plans_path = Path(opts.plans or data / "plans.txt")
        print(f"\n{'page (' + str(opts.runs) + ' runs)':58} {'queries':>7} {'(dist)':>4} {'DB ms p95':>10} "
              f"{'wall p95':>10} {'≤50ms':>5}  seq scans")  # fmt: skip
        with plans_path.open("w") as plans_out:
            pages = [pg for pg in registered_pages() + queue_filters() if not any(x in pg.label for x in opts.skip)]
            rows = measure(engine, pages, s, agent, drivers, opts.runs, plans_out)
        print(f"\nplans: {plans_path}\nmachine: {machine()}")
        if opts.json:
            Path(opts.json).write_text(json.dumps({"drivers": opts.drivers, "load_s": timings, "pages": rows,
                                                   "machine": machine()}, indent=1))  # fmt: skip
    finally:
        from hubpro.db import set_engine

        set_engine(None)
        if not opts.keep:
            drop_database(opts.server, url)
        else:
            print(f"kept {url}")


if __name__ == "__main__":
    main()
