"""Prometheus metrics: counters kept by this process, database gauges read on each scrape.

Counters and histograms live in the worker process that counted them. With several workers, set
``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, wiped before the workers start) and every scrape adds
up the workers of the host (prometheus-client's multiprocess mode); without it a scrape shows the
counts of whichever worker answered. The database gauges are the same from every worker.
"""

from __future__ import annotations

import functools
import logging
import os
import time

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from hubpro.observability import logs

log = logging.getLogger("hubpro.events")
ROLES = ("driver", "agent", "centre")
LOGIN_OUTCOMES = ("ok", "failed", "throttled")
SLOW_EVENT_SECONDS = 1.0

EVENT_SECONDS = Histogram(
    "hubpro_event_duration_seconds",
    "Time to process one Reflex event, per handler (State.method).",
    ["handler"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
EVENT_FAILURES = Counter("hubpro_event_failures", "Reflex events whose handler raised, per handler.", ["handler"])
LOGINS = Counter("hubpro_logins", "Sign-in attempts by role and outcome (ok, failed, throttled).", ["role", "outcome"])
UPLOADS = Counter("hubpro_uploads", "Documents uploaded by drivers, by outcome (accepted, refused).", ["outcome"])
JOB_RUNS = Counter("hubpro_job_runs", "Scheduled job runs by this process, by job and outcome (ok, failed).",
                   ["job", "outcome"])  # fmt: skip
for _role in ROLES:
    for _outcome in LOGIN_OUTCOMES:
        LOGINS.labels(_role, _outcome)
for _outcome in ("accepted", "refused"):
    UPLOADS.labels(_outcome)


def counts_uploads(fn):
    """Decorator of a service storing one upload (returns "" or a French refusal): ``hubpro_uploads`` by outcome."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        refusal = fn(*args, **kwargs)
        UPLOADS.labels("refused" if refusal else "accepted").inc()
        return refusal

    return wrapper


class DatabaseCollector:
    """Gauges read from the database at scrape time (``services.supervision.snapshot``)."""

    def collect(self):
        """Yield the gauges, or only ``hubpro_database_metrics_up 0`` when the database does not answer."""
        from hubpro.db import call
        from hubpro.services import supervision

        up = GaugeMetricFamily("hubpro_database_metrics_up", "1 when the database gauges below could be read.")
        try:
            snap = call(supervision.snapshot)
        except Exception as exc:
            log.warning("metrics: database gauges unavailable: %s", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        backlog = GaugeMetricFamily("hubpro_outbox_backlog", "Unsent emails and SMS still to try.", labels=["channel"])
        for channel, n in sorted(snap.outbox_backlog.items()):
            backlog.add_metric([channel], n)
        yield backlog
        yield GaugeMetricFamily("hubpro_outbox_failed", "Messages given up on (never sent).", value=snap.outbox_failed)
        yield GaugeMetricFamily(
            "hubpro_outbox_oldest_age_seconds",
            "Age of the oldest unsent message (0: none).",
            value=snap.outbox_oldest_age,
        )
        payments = GaugeMetricFamily("hubpro_payments", "Payments by status.", labels=["status"])
        for status, n in sorted(snap.payments.items()):
            payments.add_metric([status], n)
        yield payments
        queues = GaugeMetricFamily(
            "hubpro_queue_size", "Items waiting in the agents' queues.", labels=["queue", "status"]
        )
        for (queue, status), n in sorted(snap.queues.items()):
            queues.add_metric([queue, status], n)
        yield queues
        last = GaugeMetricFamily(
            "hubpro_job_last_run_timestamp_seconds",
            "Last successful run of each scheduled job (Unix time).",
            labels=["job"],
        )
        for job, at in sorted(snap.job_last_run.items()):
            if at is not None:
                last.add_metric([job], at.timestamp())
        yield last


DATABASE = CollectorRegistry(auto_describe=False)
DATABASE.register(DatabaseCollector())


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric (blocking: the database gauges query) and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(DatabaseCollector())
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY) + generate_latest(DATABASE), CONTENT_TYPE_LATEST


def timed(process_event):
    """Wrap Reflex's ``process_event(handler, payload, state, root_state)``: time, count failures, log, tag lines.

    Every event gets a request id and starts with no caller; the session decorators name the caller
    (``logs.bind_actor``) once they have resolved it, so every line the handler logs carries both.
    """

    @functools.wraps(process_event)
    async def wrapper(handler, payload, state, root_state):
        name = getattr(handler.fn, "__qualname__", "?")[:80]
        request = logs.REQUEST_ID.set(logs.new_request_id())
        actor = logs.ACTOR.set("")
        start = time.perf_counter()
        outcome = "ok"
        try:
            return await process_event(handler=handler, payload=payload, state=state, root_state=root_state)
        except BaseException:
            outcome = "error"
            EVENT_FAILURES.labels(name).inc()
            raise
        finally:
            seconds = time.perf_counter() - start
            EVENT_SECONDS.labels(name).observe(seconds)
            level = logging.INFO if outcome != "ok" or seconds >= SLOW_EVENT_SECONDS else logging.DEBUG
            log.log(level, "event %s %s in %.0f ms", name, outcome, seconds * 1000,
                    extra={"handler": name, "outcome": outcome, "duration_ms": round(seconds * 1000, 1)})  # fmt: skip
            logs.ACTOR.reset(actor)
            logs.REQUEST_ID.reset(request)

    setattr(wrapper, "__hubpro_timed__", True)  # noqa: B010  (instrument_events installs it once)
    return wrapper


def instrument_events() -> None:
    """Time every Reflex event handler, hubpro's and the framework's, at the one place Reflex 0.10 runs them.

    Reflex 0.10.1's middleware has a ``preprocess`` hook but never calls ``postprocess``, and the
    session decorators skip the sign-in and framework handlers, so the timer wraps the module function
    ``reflex_base.event.processor.base_state_processor.process_event`` that every handler goes
    through. ``tests/services/test_supervision.py`` fails if a Reflex upgrade moves it.
    """
    from reflex_base.event.processor import base_state_processor as processor

    if not getattr(processor.process_event, "__hubpro_timed__", False):
        processor.process_event = timed(processor.process_event)
