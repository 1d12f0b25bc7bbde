"""Purge of dead sign-in rows: sessions past their absolute lifetime and old sign-in attempts.

Every statement is an idempotent ``DELETE … WHERE id IN (SELECT … LIMIT n)`` on a cut-off date, so several
workers (each runs it from the periodic task) and the command may run it at once: a row is deleted once,
the others find nothing. Batches keep each transaction short.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from hubpro.domain.dates import now
from hubpro.domain.tokens import LOGIN_ATTEMPT_RETENTION, PURGE_BATCH, PURGE_EVERY, SESSION_RETENTION
from hubpro.models import AuthSession, LoginAttempt

log = logging.getLogger("hubpro.purge")
_last_run: float | None = None


def _delete_older(db: Session, model, column, cutoff: datetime, batch: int) -> int:
    total = 0
    while True:
        ids = select(model.id).where(column < cutoff).limit(batch).scalar_subquery()
        gone = db.exec(delete(model).where(model.id.in_(ids))).rowcount
        db.commit()
        total += max(gone or 0, 0)
        if not gone or gone < batch:
            return total


def purge_sessions(db: Session, *, at: datetime | None = None, batch: int = PURGE_BATCH) -> tuple[int, int]:
    """Delete dead sessions and old sign-in attempts; returns (sessions, attempts) deleted."""
    at = at or now()
    sessions = _delete_older(db, AuthSession, AuthSession.created_at, at - SESSION_RETENTION, batch)
    attempts = _delete_older(db, LoginAttempt, LoginAttempt.at, at - LOGIN_ATTEMPT_RETENTION, batch)
    return sessions, attempts


def purge_if_due(db: Session) -> tuple[int, int] | None:
    """purge_sessions at most every PURGE_EVERY in this process (the periodic task calls it every minute)."""
    global _last_run
    if _last_run is not None and time.monotonic() - _last_run < PURGE_EVERY.total_seconds():
        return None
    _last_run = time.monotonic()
    done = purge_sessions(db)
    if any(done):
        log.info("purged %s session(s) and %s sign-in attempt(s)", *done)
    return done
