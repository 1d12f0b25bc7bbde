"""Outbox dispatcher: claims due messages, sends them with retries and records every attempt.

Several dispatchers may run at once (one per web worker, plus ``cli dispatch-outbox``). Each
message is claimed before it is sent, with one conditional update that only one of them can win
on any database: ``claimed_by`` names the winner and ``claimed_until`` ends its lease, after which
another dispatcher may retry (a dispatcher that crashed mid-send). The send happens outside any
transaction; the result is recorded only if the claim is still the sender's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import select

from hubpro.db import session_scope
from hubpro.domain.dates import now as utcnow
from hubpro.models import OutboxAttempt, OutboxMessage
from hubpro.notify import senders
from hubpro.settings import Settings, get_settings

log = logging.getLogger("hubpro.outbox")
BATCH = 20
MAX_BACKOFF = timedelta(hours=1)
LEASE = timedelta(minutes=5)  # far longer than one SMTP or SMS attempt (timeouts of 10-15 s per step)
CANDIDATES = 10
CLAIM_ROUNDS = 3


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


def _claimant() -> str:
    """A name for one claim: host, process and a random part (two threads never share it)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _claimable(at: datetime):
    """Due, unsent and not claimed (or its claim's lease is over)."""
    return and_(
        OutboxMessage.sent_at == None,  # noqa: E711
        OutboxMessage.next_attempt_at <= at,
        or_(OutboxMessage.claimed_until == None, OutboxMessage.claimed_until < at),  # noqa: E711
    )


def claim(at: datetime, claimant: str) -> OutboxMessage | None:
    """Claim the oldest claimable message for ``claimant``; None when there is none left to win.

    Args:
        at: the current time.
        claimant: the name written in ``claimed_by``.
    """
    for _ in range(CLAIM_ROUNDS):
        with session_scope() as db:
            ids = db.exec(
                select(OutboxMessage.id).where(_claimable(at)).order_by(OutboxMessage.id).limit(CANDIDATES)
            ).all()
        if not ids:
            return None
        for msg_id in ids:
            with session_scope() as db:
                won = db.exec(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == msg_id, _claimable(at))
                    .values(claimed_by=claimant, claimed_until=at + LEASE)
                ).rowcount
                db.commit()
                if won == 1:
                    return db.get(OutboxMessage, msg_id)
    return None


def _record(msg: OutboxMessage, claimant: str, transport: str, error: str) -> None:
    """Write the attempt, and the message's new state if the claim is still ours."""
    at = utcnow()
    attempts = msg.attempts + 1
    values: dict = {"attempts": attempts, "transport": transport, "claimed_by": None, "claimed_until": None}
    if error:
        values.update(last_error=error, next_attempt_at=at + backoff(attempts))
        log.warning("outbox message %s not sent (attempt %s): %s", msg.id, attempts, error)
    else:
        values.update(sent_at=at, last_error="")
    with session_scope() as db:
        kept = db.exec(
            update(OutboxMessage)
            .where(OutboxMessage.id == msg.id, OutboxMessage.claimed_by == claimant)
            .values(**values)
        ).rowcount
        db.add(OutboxAttempt(message_id=msg.id, at=at, ok=not error, transport=transport, error=error))
        db.commit()
    if kept != 1:
        log.warning("outbox message %s: the claim of %s ran out before its result was recorded", msg.id, claimant)


def send_one(settings: Settings | None = None) -> bool:
    """Claim and send the oldest due message, if any; returns whether one was handled."""
    settings = settings or get_settings()
    claimant = _claimant()
    msg = claim(utcnow(), claimant)
    if msg is None:
        return False
    transport = _transport(settings, msg.channel)
    error = ""
    try:
        _deliver(settings, msg, transport)
    except Exception as exc:  # any delivery failure is retried later
        error = f"{type(exc).__name__}: {exc}"[:500]
    _record(msg, claimant, transport, error)
    return True


def drain(limit: int = BATCH) -> int:
    """Send up to limit due messages; returns how many were handled."""
    handled = 0
    while handled < limit and send_one():
        handled += 1
    return handled


async def run_dispatcher(interval: float = 1.0) -> None:
    """Lifespan task: render pending invoice PDFs, drain the outbox, forever, off the event loop (one per worker)."""
    log.info("outbox dispatcher started in process %s", os.getpid())
    from hubpro.services.invoice_pdfs import render_due  # invoices' PDFs come first: their emails follow

    while True:
        try:
            await asyncio.to_thread(render_due)
            await asyncio.to_thread(drain)
        except RuntimeError:  # executor shut down at exit
            return
        except Exception:
            log.exception("outbox drain failed")
        await asyncio.sleep(interval)
