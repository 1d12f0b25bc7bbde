"""Outbox dispatcher: sends due messages with retries and records every attempt."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlmodel import Session, select

from hubpro.db import session_scope
from hubpro.domain.dates import now as utcnow
from hubpro.models import OutboxAttempt, OutboxMessage
from hubpro.notify import senders
from hubpro.settings import Settings, get_settings

log = logging.getLogger("hubpro.outbox")
BATCH = 20
MAX_BACKOFF = timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: 10 s, 20 s, 40 s … capped at one hour."""
    seconds = 10 * 2 ** max(0, attempts - 1)  # int: never overflows, unlike timedelta
    return min(MAX_BACKOFF, timedelta(seconds=min(seconds, MAX_BACKOFF.total_seconds())))


def _transport(settings: Settings, channel: str) -> str:
    if channel == "email":
        return "smtp" if settings.smtp_host else "dev"
    return "http" if settings.sms_url else "dev"


def _deliver(settings: Settings, msg: OutboxMessage, transport: str) -> None:
    if transport == "smtp":
        senders.send_email(settings, msg)
    elif transport == "http":
        senders.send_sms(settings, msg)


def _next_due(db: Session, at: datetime) -> OutboxMessage | None:
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at == None)  # noqa: E711
        .where(OutboxMessage.next_attempt_at <= at)
        .order_by(OutboxMessage.id)
        .limit(1)
    )
    if db.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return db.exec(stmt).first()


def send_one(settings: Settings | None = None) -> bool:
    """Send the oldest due message, if any; returns whether one was handled."""
    settings = settings or get_settings()
    with session_scope() as db:
        msg = _next_due(db, utcnow())
        if msg is None:
            return False
        transport = _transport(settings, msg.channel)
        error = ""
        try:
            _deliver(settings, msg, transport)
        except Exception as exc:  # any delivery failure is retried later
            error = f"{type(exc).__name__}: {exc}"[:500]
        at = utcnow()
        msg.attempts += 1
        msg.transport = transport
        if error:
            msg.last_error = error
            msg.next_attempt_at = at + backoff(msg.attempts)
            log.warning("outbox message %s not sent (attempt %s): %s", msg.id, msg.attempts, error)
        else:
            msg.sent_at = at
            msg.last_error = ""
        db.add(msg)
        db.add(OutboxAttempt(message_id=msg.id, at=at, ok=not error, transport=transport, error=error))
        db.commit()
        return True


def drain(limit: int = BATCH) -> int:
    """Send up to limit due messages; returns how many were handled."""
    handled = 0
    while handled < limit and send_one():
        handled += 1
    return handled


async def run_dispatcher(interval: float = 1.0) -> None:
    """Lifespan task: drain the outbox forever, off the event loop."""
    while True:
        try:
            await asyncio.to_thread(drain)
        except RuntimeError:  # executor shut down at exit
            return
        except Exception:
            log.exception("outbox drain failed")
        await asyncio.sleep(interval)
