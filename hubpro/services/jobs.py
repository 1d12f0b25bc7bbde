"""Scheduled jobs run once per due time however many workers tick: a job row claimed by one conditional UPDATE.

Every worker calls :func:`tick`; for each due job, only the worker whose UPDATE sets the lease (the row
is due and its lease free or expired) runs it, then moves ``next_run_at`` to the next due time. A
worker that dies mid-run loses its lease after ``LEASE``; another then runs the job again, which the
jobs allow (reminders have their unique key, the purges, the sweep and the reconciliation are idempotent).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from hubpro.db import session_scope
from hubpro.domain.dates import PARIS, aware, now
from hubpro.domain.payments import RECONCILE_INTERVAL_SECONDS
from hubpro.domain.schedule import Daily, Every
from hubpro.models import ScheduledJob
from hubpro.observability import metrics

log = logging.getLogger("hubpro.jobs")
LEASE = timedelta(minutes=10)
RETRY_AFTER = timedelta(minutes=5)
TICK_SECONDS = 60.0


def _reminders(db: Session, at: datetime) -> str:
    from hubpro.services.reminders import send_due

    return f"{send_due(db, today=aware(at).astimezone(PARIS).date())} reminder(s) sent"


def _purge(db: Session, at: datetime) -> str:
    from hubpro.services.documents import purge_continuing

    return f"{purge_continuing(db, today=aware(at).astimezone(PARIS).date())} training(s) purged"


def _reconcile(db: Session, at: datetime) -> str:
    from hubpro.services.payments import reconcile_stale

    return f"{reconcile_stale(db)} payment(s) reconciled"


def _sweep_files(db: Session, at: datetime) -> str:
    from hubpro.services.files import sweep_orphans

    return f"{sweep_orphans(db, at=at)} orphan file(s) deleted"


@dataclass(frozen=True)
class Job:
    """A named job, its schedule and what it does (``fn(db, now) -> summary``)."""

    name: str
    schedule: Daily | Every
    fn: Callable[[Session, datetime], str]


JOBS: tuple[Job, ...] = (
    Job("reminders", Daily(time(8, 0)), _reminders),
    Job("purge-trainings", Daily(time(3, 30)), _purge),
    Job("reconcile-payments", Every(timedelta(seconds=RECONCILE_INTERVAL_SECONDS)), _reconcile),
    Job("sweep-files", Daily(time(4, 0)), _sweep_files),
)


def worker_id() -> str:
    """Who holds a lease: host, process and a random part (two ticks in one process differ)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _ensure_row(db: Session, job: Job, at: datetime) -> None:
    if db.get(ScheduledJob, job.name) is not None:
        return
    db.add(ScheduledJob(name=job.name, next_run_at=at))  # never ran: due now
    try:
        db.commit()
    except IntegrityError:  # another worker created it first
        db.rollback()


def _claim(db: Session, name: str, owner: str, at: datetime) -> bool:
    res = db.exec(
        update(ScheduledJob)
        .where(
            ScheduledJob.name == name,
            ScheduledJob.next_run_at <= at,
            or_(ScheduledJob.lease_until == None, ScheduledJob.lease_until < at),  # noqa: E711
        )
        .values(lease_owner=owner, lease_until=at + LEASE)
    )
    db.commit()
    return res.rowcount == 1


def _release(db: Session, job: Job, owner: str, at: datetime, result: str, done: bool) -> None:
    values: dict = {"last_result": result[:200], "lease_until": at + RETRY_AFTER}  # failed: retried after a pause
    if done:
        values = {"lease_owner": None, "lease_until": None, "last_result": result[:200], "last_run_at": at,
                  "next_run_at": job.schedule.next_after(at), "runs": ScheduledJob.runs + 1}  # fmt: skip
    db.exec(
        update(ScheduledJob).where(ScheduledJob.name == job.name, ScheduledJob.lease_owner == owner).values(**values)
    )
    db.commit()


def tick(*, at: datetime | None = None, owner: str | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Run every job that is due and that this caller claims; returns the names it ran."""
    at = aware(at or now())
    owner = owner or worker_id()
    ran = []
    for job in jobs:
        with session_scope() as db:
            _ensure_row(db, job, at)
            if not _claim(db, job.name, owner, at):
                continue
            try:
                result = job.fn(db, at)
            except Exception as exc:
                db.rollback()
                log.exception("job %s failed", job.name, extra={"outcome": "failed"})
                metrics.JOB_RUNS.labels(job.name, "failed").inc()
                _release(db, job, owner, at, f"échec : {type(exc).__name__}", done=False)
                continue
            _release(db, job, owner, at, result, done=True)
            log.info("job %s: %s", job.name, result, extra={"outcome": "ok"})
            metrics.JOB_RUNS.labels(job.name, "ok").inc()
            ran.append(job.name)
    return ran


async def run_scheduler(interval: float = TICK_SECONDS) -> None:
    """Lifespan task of every worker: tick every ``interval`` seconds, off the event loop."""
    owner = worker_id()
    while True:
        try:
            await asyncio.to_thread(tick, owner=owner)
        except RuntimeError:  # executor shut down at exit
            return
        except Exception:
            log.exception("scheduler tick failed")
        await asyncio.sleep(interval)
