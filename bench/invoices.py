"""Invoice numbering throughput on PostgreSQL: 8 threads issue invoices at once, then the numbers are checked.

Run: `.venv/bin/python bench/invoices.py` (under a minute). It creates its own database (as
`bench/data_scale.py` does), migrates it, loads drivers, requests and succeeded payments in SQL, then 8
threads each take payments and call `invoices.issue` (the counter row's UPDATE and the invoice row; the PDFs,
files and emails follow after the commit in `services.invoice_pdfs`) in its own transaction, as a verified
payment does. It prints invoices/s and
whether the year's numbers are exactly 1..N with no gap and no duplicate; the database is dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data_scale import create_database, drop_database  # noqa: E402


def issue_all(ids: list[int], threads: int) -> tuple[float, list[str]]:
    """Issue one invoice per payment id from `threads` threads; (seconds, errors)."""
    from hubpro.db import session_scope
    from hubpro.models import Payment
    from hubpro.services import files, invoices

    todo: queue.Queue[int] = queue.Queue()
    for i in ids:
        todo.put(i)
    errors: list[str] = []

    def worker() -> None:
        while True:
            try:
                payment_id = todo.get_nowait()
            except queue.Empty:
                return
            written: list[str] = []
            try:
                with session_scope() as db:
                    invoices.issue(db, db.get(Payment, payment_id), written)
                    db.commit()
            except Exception as exc:  # reported, the others go on
                files.remove(written)
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - started, errors


def check_numbers(expected: int) -> dict:
    """The year's sequences and numbers against 1..expected."""
    from sqlmodel import select

    from hubpro.db import session_scope
    from hubpro.domain import payments as money
    from hubpro.models import Invoice, InvoiceCounter

    with session_scope() as db:
        rows = db.exec(select(Invoice.year, Invoice.sequence, Invoice.number)).all()
        year = rows[0][0] if rows else 0
        counter = db.get(InvoiceCounter, year)
    sequences = sorted(s for _, s, _ in rows)
    return {
        "invoices": len(rows),
        "gapless": sequences == list(range(1, expected + 1)),
        "duplicates": len(sequences) - len(set(sequences)),
        "numbers_match": all(n == money.invoice_number(y, s) for y, s, n in rows),
        "counter_last": counter.last if counter else None,
    }


def main() -> None:
    """Create, load, issue from threads, check, drop."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=400, help="invoices to issue")
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    p.add_argument("--json", default="", help="write the figures to this file")
    opts = p.parse_args()
    url = create_database(opts.server)
    os.environ.update({"HUBPRO_DATABASE_URL": url, "HUBPRO_DATA_DIR": tempfile.mkdtemp(prefix="hubpro-inv-"),
                       "HUBPRO_STRIPE_API_BASE": "http://localhost:9"})  # fmt: skip
    for key in ("HUBPRO_ENV", "HUBPRO_SMTP_HOST", "HUBPRO_STRIPE_SECRET_KEY"):
        os.environ.pop(key, None)
    os.chdir(ROOT)
    try:
        from sqlalchemy import text

        from bench.data_scale import load
        from bench.servers import machine
        from hubpro import migrate
        from hubpro.db import get_engine, set_engine

        migrate.upgrade()
        load(get_engine(), opts.count * 20)  # every 20th driver has a succeeded payment
        with get_engine().begin() as conn:
            conn.execute(text("DELETE FROM invoice"))
            ids = [r[0] for r in conn.execute(text("SELECT id FROM payment ORDER BY id"))]
        seconds, errors = issue_all(ids, opts.threads)
        result = {"threads": opts.threads, "seconds": round(seconds, 2), "per_second": round(len(ids) / seconds, 1),
                  "errors": len(errors), "error_samples": sorted(set(errors))[:3], **check_numbers(len(ids)),
                  "machine": machine()}  # fmt: skip
        print(f"{len(ids)} invoices from {opts.threads} threads in {seconds:.1f} s: {result['per_second']} invoices/s; "
              f"gapless {result['gapless']}, duplicates {result['duplicates']}, errors {len(errors)} "
              f"{result['error_samples'] or ''}")  # fmt: skip
        if opts.json:
            Path(opts.json).write_text(json.dumps(result, indent=1))
        set_engine(None)
    finally:
        drop_database(opts.server, url)


if __name__ == "__main__":
    main()
