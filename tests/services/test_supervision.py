"""« Supervision »: liveness, readiness with a failing dependency, metrics by address, counters, database gauges."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from hubpro.api import api, supervision
from hubpro.domain.dates import now
from hubpro.models import OutboxMessage, Payment
from hubpro.observability import metrics, readiness
from hubpro.services import auth, jobs
from hubpro.settings import get_settings
from tests.services import bulk
from tests.services.factories import STRONG_PASSWORD, active_driver
from tests.services.fake_smtp import SmtpServer, free_port

LOCAL = ("127.0.0.1", 40000)
ELSEWHERE = ("203.0.113.7", 40000)


@pytest.fixture(autouse=True)
def _fresh_readiness():
    readiness.forget()
    yield
    readiness.forget()


def _client(address=LOCAL) -> TestClient:
    return TestClient(api, client=address, raise_server_exceptions=True)


def _settings(monkeypatch, **changes) -> None:
    changed = dataclasses.replace(get_settings(), **changes)
    for module in (supervision, readiness):
        monkeypatch.setattr(module, "get_settings", lambda: changed)


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_health_answers_without_the_database(monkeypatch):
    def no_database():
        raise AssertionError("liveness must not touch the database")

    monkeypatch.setattr("hubpro.db.get_engine", no_database)
    resp = _client().get("/api/health")
    assert resp.status_code == 200 and resp.json() == {"status": "ok"}
    assert resp.headers["cache-control"] == "no-store" and len(resp.headers["x-request-id"]) == 16


def test_ready_checks_database_and_storage_with_timings(monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    resp = _client().get("/api/ready")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "ok" and set(body["checks"]) == {"database", "storage"}
    assert all(c["ok"] and isinstance(c["ms"], float) for c in body["checks"].values())


def test_ready_is_503_when_the_database_fails(monkeypatch):
    def broken():
        raise ConnectionRefusedError("db down at 10.0.0.9")

    monkeypatch.setattr(readiness, "database", broken)
    resp = _client().get("/api/ready")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "ms": body["checks"]["database"]["ms"],
                                          "error": "ConnectionRefusedError"}  # fmt: skip
    assert body["checks"]["storage"]["ok"] and "10.0.0.9" not in resp.text


def test_ready_checks_smtp_and_redis_when_configured(monkeypatch):
    smtp = SmtpServer(free_port())
    smtp.start()
    try:
        _settings(monkeypatch, smtp_host="127.0.0.1", smtp_port=smtp.port)
        monkeypatch.setenv("REFLEX_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
        body = _client().get("/api/ready").json()
    finally:
        smtp.stop()
    assert body["checks"]["smtp"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False and body["status"] == "unavailable"


def test_a_slow_dependency_is_cut_at_the_time_limit(monkeypatch):
    import time

    monkeypatch.setattr(readiness, "TIMEOUT_SECONDS", 0.2)
    checks = asyncio.run(readiness.run_checks({"slow": lambda: time.sleep(1)}))
    assert checks[0].error == "timeout" and checks[0].ms < 900


def test_storage_is_not_ready_when_the_private_folder_cannot_be_written(monkeypatch, tmp_path):
    (tmp_path / "private").write_text("a file where the folder should be")
    _settings(monkeypatch, data_dir=tmp_path)
    checks = asyncio.run(readiness.run_checks({"storage": readiness.storage}))
    assert checks[0].ok is False and checks[0].error in ("FileExistsError", "NotADirectoryError")


def test_metrics_answer_loopback_only_by_default():
    assert _client(LOCAL).get("/api/metrics").status_code == 200
    assert _client(("::1", 40000)).get("/api/metrics").status_code == 200
    refused = _client(ELSEWHERE).get("/api/metrics")
    assert refused.status_code == 403 and "hubpro_" not in refused.text


def test_a_forged_forwarded_for_is_ignored_without_a_trusted_proxy():
    resp = _client(ELSEWHERE).get("/api/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert resp.status_code == 403


def test_forwarded_for_is_read_from_a_trusted_proxy_only(monkeypatch):
    _settings(monkeypatch, metrics_allow=("10.1.2.0/24",), metrics_trusted_proxies=("192.0.2.10",))
    proxy = ("192.0.2.10", 40000)
    assert _client(proxy).get("/api/metrics", headers={"X-Forwarded-For": "10.1.2.3"}).status_code == 200
    # the client put 10.1.2.3 first itself; the proxy appended the real address
    spoofed = {"X-Forwarded-For": "10.1.2.3, 198.51.100.4"}
    assert _client(proxy).get("/api/metrics", headers=spoofed).status_code == 403
    assert _client(proxy).get("/api/metrics").status_code == 403  # the proxy itself is not allowed


def test_a_login_failure_moves_the_counter(db):
    driver = active_driver(db, "compteur@example.fr")
    before = _samples(_client().get("/api/metrics").text)
    key = ("hubpro_logins_total", (("outcome", "failed"), ("role", "driver")))
    ok_key = ("hubpro_logins_total", (("outcome", "ok"), ("role", "driver")))
    auth.login(db, role="driver", email=driver.email, password="Mauvais-mot-2026!", ip="10.0.0.1")
    auth.login(db, role="driver", email=driver.email, password=STRONG_PASSWORD, ip="10.0.0.1")
    after = _samples(_client().get("/api/metrics").text)
    assert after[key] == before[key] + 1
    assert after[ok_key] == before[ok_key] + 1


def test_database_gauges_on_scrape(db):
    old = now() - timedelta(minutes=5)
    db.add(OutboxMessage(channel="email", recipient="a@example.fr", body_text="x", created_at=old, next_attempt_at=old))
    db.add(OutboxMessage(channel="sms", recipient="+33600000000", body_text="x"))
    db.add(OutboxMessage(channel="email", recipient="b@example.fr", body_text="x", sent_at=now()))
    db.add(OutboxMessage(channel="email", recipient="c@example.fr", body_text="x", failed=True))
    waiting = bulk.driver(db, 1, status="in_review")
    sent = bulk.request(db, waiting, 2, status="sent", events=0)
    for status in ("succeeded", "succeeded", "failed"):
        db.add(Payment(driver_id=waiting.id, request_id=sent.id, purpose="replacement", designation="Remplacement",
                       amount_cents=3600, status=status, billing_name="Jean", billing_address="1 rue A"))  # fmt: skip
    db.commit()
    jobs.tick(jobs=(jobs.Job("essai", jobs.Every(timedelta(hours=1)), lambda _db, _at: "fait"),))
    got = _samples(_client().get("/api/metrics").text)
    assert got[("hubpro_database_metrics_up", ())] == 1
    assert got[("hubpro_outbox_backlog", (("channel", "email"),))] == 1
    assert got[("hubpro_outbox_backlog", (("channel", "sms"),))] == 1
    assert got[("hubpro_outbox_failed", ())] == 1
    assert 290 < got[("hubpro_outbox_oldest_age_seconds", ())] < 900
    assert got[("hubpro_payments", (("status", "succeeded"),))] == 2
    assert got[("hubpro_payments", (("status", "failed"),))] == 1
    assert got[("hubpro_queue_size", (("queue", "accounts"), ("status", "in_review")))] == 1
    assert got[("hubpro_queue_size", (("queue", "requests"), ("status", "sent")))] == 1
    assert got[("hubpro_queue_size", (("queue", "requests"), ("status", "info_sent")))] == 0
    assert ("hubpro_job_last_run_timestamp_seconds", (("job", "essai"),)) in got
    assert got[("hubpro_job_runs_total", (("job", "essai"), ("outcome", "ok")))] >= 1


def test_metrics_still_answer_when_the_database_is_down(monkeypatch):
    def down(*_a, **_k):
        raise ConnectionRefusedError

    monkeypatch.setattr("hubpro.services.supervision.snapshot", down)
    resp = _client().get("/api/metrics")
    assert resp.status_code == 200
    got = _samples(resp.text)
    assert got[("hubpro_database_metrics_up", ())] == 0 and ("hubpro_outbox_failed", ()) not in got


def test_every_event_handler_goes_through_the_timer():
    from reflex_base.event.processor import base_state_processor as processor

    metrics.instrument_events()
    metrics.instrument_events()  # twice: wrapped once
    assert getattr(processor.process_event, "__hubpro_timed__", False)
    assert not getattr(processor.process_event.__wrapped__, "__hubpro_timed__", False)


def test_the_timer_observes_each_handler_and_counts_failures():
    def valider():
        pass

    valider.__qualname__ = "EssaiState.valider"

    class Handler:
        fn = staticmethod(valider)

    async def ok(**_kw):
        return None

    async def boom(**_kw):
        raise ValueError("x")

    key = ("hubpro_event_duration_seconds_count", (("handler", "EssaiState.valider"),))
    failures = ("hubpro_event_failures_total", (("handler", "EssaiState.valider"),))
    before = _samples(_client().get("/api/metrics").text)
    asyncio.run(metrics.timed(ok)(Handler(), {}, None, None))
    with pytest.raises(ValueError):
        asyncio.run(metrics.timed(boom)(Handler(), {}, None, None))
    got = _samples(_client().get("/api/metrics").text)
    assert got[key] == before.get(key, 0) + 2
    assert got[failures] == before.get(failures, 0) + 1


def test_multiprocess_mode_adds_up_the_workers(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": os.getcwd()}
    count = "from hubpro.observability import metrics; metrics.LOGINS.labels('driver', 'failed').inc()"
    for _worker in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, timeout=60)
    scrape = "import sys; from hubpro.observability import metrics; sys.stdout.write(metrics.exposition()[0].decode())"
    out = subprocess.run([sys.executable, "-c", scrape], env=env, check=True, timeout=60, capture_output=True)
    got = _samples(out.stdout.decode())
    assert got[("hubpro_logins_total", (("outcome", "failed"), ("role", "driver")))] == 2
    assert got[("hubpro_database_metrics_up", ())] == 1  # the database gauges are read once, not per worker


def test_the_database_gauges_cost_five_aggregate_queries_whatever_the_rows(db, schema):
    from hubpro.services import supervision
    from tests.services.querycount import counting

    for n in range(30):
        d = bulk.driver(db, n, status="in_review")
        bulk.request(db, d, n, status="sent", events=0)
        db.add(OutboxMessage(channel="email", recipient=f"r{n}@example.fr", body_text="x"))
    db.commit()
    with counting(schema) as seen:
        snap = supervision.snapshot(db)
    assert seen.count == 5 and all("GROUP BY" in sql or "scheduledjob" in sql for sql in seen.sql)
    assert snap.queues[("accounts", "in_review")] == 30 and snap.outbox_backlog["email"] == 30


def test_uploads_are_counted_by_outcome(db):
    from hubpro.services import card_requests
    from tests import seed

    driver = active_driver(db, "envoi@example.fr")
    seed.certificate(db, driver)
    req = card_requests.start(db, driver_id=driver.id)
    accepted = ("hubpro_uploads_total", (("outcome", "accepted"),))
    refused = ("hubpro_uploads_total", (("outcome", "refused"),))
    before = _samples(_client().get("/api/metrics").text)
    args = {"driver_id": driver.id, "public_id": req.public_id, "kind": "photo"}
    assert card_requests.add_document(db, **args, data=b"MZ\x90\x00" + b"\0" * 100, filename="photo.jpg")
    assert card_requests.add_document(db, **args, data=seed.png(), filename="photo.png") == ""
    after = _samples(_client().get("/api/metrics").text)
    assert after[accepted] == before[accepted] + 1 and after[refused] == before[refused] + 1


def test_a_flood_of_readiness_calls_runs_the_checks_once_per_interval(monkeypatch):
    calls = []
    monkeypatch.setattr(readiness, "database", lambda: calls.append(1))
    client = _client()
    for _ in range(20):
        assert client.get("/api/ready").status_code == 200
    assert len(calls) == 1
    monkeypatch.setattr(readiness, "CACHE_SECONDS", 0.0)
    client.get("/api/ready")
    assert len(calls) == 2
