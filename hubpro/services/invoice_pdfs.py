"""The job that follows an invoice's numbering: render and store its two PDFs, then enqueue its emails.

An invoice row without ``original_file_id`` is a pending job. A renderer claims it with one conditional
UPDATE (unrendered, no live lease), renders outside any transaction, stores the files, then sets the file ids
only if its claim still holds, in the transaction that enqueues the emails. A crash or an error leaves the
row pending: the lease ends and another run retries it (with a growing delay, like the outbox). Several
workers (each runs it from the dispatcher's loop) and the command never render one invoice twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import select

from hubpro.db import session_scope
from hubpro.domain.dates import now
from hubpro.models import Invoice
from hubpro.notify.dispatcher import _claimant, backoff
from hubpro.services import files, invoices

log = logging.getLogger("hubpro.invoices")
LEASE = timedelta(minutes=2)
BATCH = 50


def _pending(at):
    return and_(
        Invoice.original_file_id == None,  # noqa: E711
        or_(Invoice.render_claimed_until == None, Invoice.render_claimed_until < at),  # noqa: E711
    )


def _claim(invoice_id: int, claimant: str) -> bool:
    at = now()
    with session_scope() as db:
        won = db.exec(
            update(Invoice)
            .where(Invoice.id == invoice_id, _pending(at))
            .values(render_claimed_by=claimant, render_claimed_until=at + LEASE)
        ).rowcount
        db.commit()
    return won == 1


def render_one(invoice_id: int) -> bool:
    """Claim, render, store and announce one invoice; returns whether this call did it."""
    claimant = _claimant()
    if not _claim(invoice_id, claimant):
        return False
    written: list[str] = []
    try:
        with session_scope() as db:
            invoice = db.get(Invoice, invoice_id)
            original, duplicate = invoices.store_pdfs(db, invoice, invoices.invoice_data(db, invoice), written)
            kept = db.exec(
                update(Invoice)
                .where(Invoice.id == invoice_id, Invoice.render_claimed_by == claimant,
                       Invoice.original_file_id == None)  # noqa: E711
                .values(original_file_id=original.id, duplicate_file_id=duplicate.id, render_claimed_by=None,
                        render_claimed_until=None, render_error="")
            ).rowcount  # fmt: skip
            if kept != 1:
                raise RuntimeError("claim lost")
            invoices.announce(db, invoice, original)
            db.commit()
    except Exception as exc:  # retried once the delay ends
        files.remove(written)
        _failed(invoice_id, claimant, f"{type(exc).__name__}: {exc}"[:300])
        return False
    return True


def _failed(invoice_id: int, claimant: str, error: str) -> None:
    log.warning("invoice %s: PDFs not rendered: %s", invoice_id, error)
    with session_scope() as db:
        row = db.get(Invoice, invoice_id)
        attempts = (row.render_attempts if row else 0) + 1
        db.exec(
            update(Invoice)
            .where(Invoice.id == invoice_id, Invoice.render_claimed_by == claimant)
            .values(render_attempts=attempts, render_error=error, render_claimed_until=now() + backoff(attempts))
        )
        db.commit()


def render_due(limit: int = BATCH) -> int:
    """Render up to ``limit`` pending invoices, oldest first; returns how many this call rendered."""
    with session_scope() as db:
        ids = db.exec(select(Invoice.id).where(_pending(now())).order_by(Invoice.id).limit(limit)).all()
    return sum(render_one(i) for i in ids)
