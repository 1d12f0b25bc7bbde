"""What an operator watches in the database: outbox backlog, payments, agent queues, scheduled jobs.

Read on each metrics scrape, so five small aggregate queries on indexed columns and nothing per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from hubpro.domain.accounts import AccountStatus
from hubpro.domain.dates import aware, now
from hubpro.domain.request_flow import TO_INSTRUCT
from hubpro.models import CardRequest, Driver, OutboxMessage, Payment, ScheduledJob

ACCOUNT_QUEUE = (AccountStatus.IN_REVIEW,)  # « Comptes à analyser »


@dataclass(frozen=True)
class Snapshot:
    """Counts at one instant.

    Attributes:
        outbox_backlog: unsent messages still to try, per channel (email, sms).
        outbox_failed: messages given up on (never sent).
        outbox_oldest_age: seconds since the oldest unsent message was written (0 when none).
        payments: payments per status.
        queues: agent queue sizes per (queue, status): ``("accounts", "in_review")``, ``("requests", "sent")``…
        job_last_run: per scheduled job, its last successful run (None if never).
    """

    outbox_backlog: dict[str, int]
    outbox_failed: int
    outbox_oldest_age: float
    payments: dict[str, int]
    queues: dict[tuple[str, str], int]
    job_last_run: dict[str, datetime | None]


def _outbox(db: Session, at: datetime) -> tuple[dict[str, int], int, float]:
    rows = db.exec(
        select(OutboxMessage.channel, OutboxMessage.failed, func.count(), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.sent_at == None)  # noqa: E711
        .group_by(col(OutboxMessage.channel), col(OutboxMessage.failed))
    ).all()
    backlog = {"email": 0, "sms": 0}
    failed, oldest = 0, None
    for channel, gave_up, count, first in rows:
        if gave_up:
            failed += count
            continue
        backlog[channel] = backlog.get(channel, 0) + count
        oldest = first if oldest is None or (first is not None and aware(first) < aware(oldest)) else oldest
    age = max(0.0, (at - aware(oldest)).total_seconds()) if oldest is not None else 0.0
    return backlog, failed, age


def snapshot(db: Session) -> Snapshot:
    """The counts now (read only)."""
    at = now()
    backlog, failed, age = _outbox(db, at)
    payments = dict(db.exec(select(Payment.status, func.count()).group_by(Payment.status)).all())
    queues: dict[tuple[str, str], int] = {("accounts", s.value): 0 for s in ACCOUNT_QUEUE}
    queues |= {("requests", s.value): 0 for s in TO_INSTRUCT}
    accounts = db.exec(
        select(Driver.status, func.count())
        .where(col(Driver.status).in_([s.value for s in ACCOUNT_QUEUE]))
        .group_by(Driver.status)
    ).all()
    requests = db.exec(
        select(CardRequest.status, func.count())
        .where(col(CardRequest.status).in_([s.value for s in TO_INSTRUCT]))
        .group_by(CardRequest.status)
    ).all()
    queues |= {("accounts", status): n for status, n in accounts} | {("requests", status): n for status, n in requests}
    runs = db.exec(select(ScheduledJob.name, ScheduledJob.last_run_at)).all()
    jobs = {name: (aware(last) if last else None) for name, last in runs}
    return Snapshot(backlog, failed, age, payments, queues, jobs)
