"""Reminders: each sent once by email and SMS, not when its reason is gone, and once with concurrent ticks."""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from hubpro.domain.schedule import Daily
from hubpro.domain.trainings import add_years
from hubpro.models import OutboxMessage, ReminderPreference, SentReminder
from hubpro.services import jobs
from hubpro.services.reminders import send_due
from tests.services import deadline_rows as rows
from tests.services.factories import active_driver


def _driver(db):
    phone = "06" + "".join(secrets.choice("0123456789") for _ in range(8))
    return active_driver(db, email=f"rappel-{secrets.token_hex(4)}@example.fr", phone=phone)


def _last_id(db) -> int:
    last = db.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return last.id if last else 0


def _new_messages(db, driver, after: int) -> list[OutboxMessage]:
    """The driver's outbox rows written after message ``after`` (email and SMS)."""
    return list(db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.recipient.in_([driver.email, driver.phone]), OutboxMessage.id > after)
        .order_by(OutboxMessage.id)
    ).all())  # fmt: skip


def _reminders(db, driver) -> list[tuple[str, str, str]]:
    rows_ = db.exec(select(SentReminder).where(SentReminder.driver_id == driver.id).order_by(SentReminder.id)).all()
    return [(r.kind, r.offset_code, r.channels) for r in rows_]


def test_certificate_without_request_30_days_after_issue_email_and_sms_once(db):
    d = _driver(db)
    issued = date(2026, 1, 31)
    rows.certificate(db, d, issued=issued, valid_until=date(2026, 5, 31))
    db.commit()
    mark = _last_id(db)
    send_due(db, today=date(2026, 3, 1))
    assert _reminders(db, d) == []  # 29 days after issue: not yet
    send_due(db, today=date(2026, 3, 2))
    send_due(db, today=date(2026, 3, 2))
    assert _reminders(db, d) == [("certificate", "issue+30d", "email,sms")]
    msgs = _new_messages(db, d, mark)
    assert [m.channel for m in msgs] == ["email", "sms"]
    email = msgs[0]
    assert email.subject == "Plus que 90 jours pour demander votre carte CQC"
    assert email.links[0] == {"label": "Faire ma demande", "url": "http://hubpro.test/espace/demandes/carte-cqc"}
    sms = [m for m in msgs if m.channel == "sms"]
    assert len(sms) == 1 and "http://hubpro.test/espace/demandes/carte-cqc" in sms[0].body_text


def test_a_requested_certificate_is_not_reminded(db):
    d = _driver(db)
    cert = rows.certificate(db, d, issued=date(2026, 1, 31), valid_until=date(2026, 5, 31))
    rows.request(db, d, status="draft", cert=cert)
    db.commit()
    send_due(db, today=date(2026, 5, 24))
    assert [k for k, _, _ in _reminders(db, d)] == []


def test_preferences_email_only_sms_only_or_none(db):
    got = []
    for email, sms in ((True, False), (False, True), (False, False)):
        d = _driver(db)
        db.add(ReminderPreference(driver_id=d.id, email=email, sms=sms))
        rows.certificate(db, d, issued=date(2026, 1, 31), valid_until=date(2026, 5, 31))
        db.commit()
        mark = _last_id(db)
        send_due(db, today=date(2026, 5, 1))
        channels = [m.channel for m in _new_messages(db, d, mark)]
        got.append((_reminders(db, d), channels))
    assert got == [
        ([("certificate", "end-30d", "email")], ["email"]),
        ([("certificate", "end-30d", "sms")], ["sms"]),
        ([("certificate", "end-30d", "")], []),
    ]


def test_waits_complement_payment_and_returned_mail(db):
    d = _driver(db)
    since = date(2026, 2, 26)
    asked = rows.request(db, d, status="info_requested", since=since)
    rows.request(db, d, status="awaiting_payment", since=since, kind="replacement")
    rows.card(db, d, expires=date(2030, 1, 1), status="returned",
              returned_at=datetime.combine(since, time(9), tzinfo=UTC))  # fmt: skip
    db.commit()
    send_due(db, today=date(2026, 2, 27))
    assert _reminders(db, d) == [("payment", "since+1d", "email,sms")]
    send_due(db, today=date(2026, 3, 1))
    assert _reminders(db, d)[-1] == ("info_requested", "since+3d", "email,sms")
    asked.status = "info_sent"  # the complement is answered: the 7-day reminder is not sent
    db.add(asked)
    db.commit()
    send_due(db, today=date(2026, 3, 5))
    assert [k for k, o, _ in _reminders(db, d)] == ["payment", "info_requested", "returned_mail"]


def _in_threads(n: int, fn) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_three_concurrent_sends_send_each_reminder_once(db, schema):
    drivers = [_driver(db) for _ in range(4)]
    for d in drivers:
        rows.certificate(db, d, issued=date(2026, 1, 31), valid_until=date(2026, 5, 31))
    db.commit()
    mark = _last_id(db)

    def send(_i: int) -> int:
        with Session(schema, expire_on_commit=False) as s:
            return send_due(s, today=date(2026, 5, 24))

    results = _in_threads(3, send)
    for d in drivers:
        assert _reminders(db, d) == [("certificate", "end-7d", "email,sms")]
        assert [m.channel for m in _new_messages(db, d, mark)] == ["email", "sms"]
    assert sum(results) >= len(drivers)


def test_three_workers_ticking_at_once_run_the_job_once(schema):
    calls: list[str] = []
    name = "test-" + secrets.token_hex(4)
    job = jobs.Job(name, Daily(time(8, 0)), lambda db, at: calls.append(name) or "ok")
    at = datetime(2026, 6, 1, 6, 30, tzinfo=UTC)
    ran = _in_threads(3, lambda i: jobs.tick(at=at, owner=f"worker-{i}", jobs=(job,)))
    assert sorted(len(r) for r in ran) == [0, 0, 1] and calls == [name]
    assert jobs.tick(at=at + timedelta(hours=1), owner="worker-0", jobs=(job,)) == []  # next due: 02/06 08:00 Paris
    assert jobs.tick(at=datetime(2026, 6, 2, 6, 0, tzinfo=UTC), owner="worker-1", jobs=(job,)) == [name]
    with Session(schema) as s:
        row = s.get(jobs.ScheduledJob, name)
        assert (row.runs, row.lease_owner, row.next_run_at) == (2, None, datetime(2026, 6, 3, 6, 0, tzinfo=UTC))


def test_a_failed_job_keeps_its_due_time_and_is_retried_after_a_pause(schema):
    name = "fail-" + secrets.token_hex(4)
    state = {"fail": True}

    def fn(db, at):
        if state["fail"]:
            raise RuntimeError("boom")
        return "ok"

    job = jobs.Job(name, Daily(time(8, 0)), fn)
    at = datetime(2026, 6, 1, 6, 30, tzinfo=UTC)
    assert jobs.tick(at=at, jobs=(job,)) == []
    state["fail"] = False
    assert jobs.tick(at=at + timedelta(minutes=1), jobs=(job,)) == []  # paused
    assert jobs.tick(at=at + jobs.RETRY_AFTER + timedelta(seconds=1), jobs=(job,)) == [name]


def test_five_years_of_a_driver_every_reminder_exactly_once(db):
    """FIMO ends 29/02/2024 (certificate that day), card requested 20/05/2024, early FCO on 15/06/2028."""
    d = _driver(db)
    fimo_end = date(2024, 2, 29)
    train = rows.training(db, d, end=fimo_end)
    cert = rows.certificate(db, d, issued=fimo_end, valid_until=date(2024, 6, 29), train=train)
    db.commit()
    day, sent_on = fimo_end, {}
    while day <= date(2029, 3, 31):
        if day == date(2024, 5, 20):
            rows.request(db, d, status="sent", cert=cert)
            db.commit()
        if day == date(2028, 6, 15):
            rows.training(db, d, end=day, type_="fco")
            db.commit()
        before = set(_reminders(db, d))
        send_due(db, today=day)
        for key in set(_reminders(db, d)) - before:
            sent_on[key[:2]] = day
        day += timedelta(days=1)
    assert sorted(sent_on.items(), key=lambda kv: kv[1]) == [
        (("certificate", "issue+30d"), date(2024, 3, 30)),
        (("qualification", "end-12m"), date(2028, 2, 28)),
    ]
    assert len(_reminders(db, d)) == 2  # the unique key holds: nothing twice
    # The new qualification ends on add_years(28/02/2029, 5): its series starts 12 months before.
    assert add_years(add_years(fimo_end, 5), 5) == date(2034, 2, 28)


def test_three_processes_running_the_jobs_at_once_run_each_once(db):
    """Three `run-jobs --once` processes on the same database (SQLite file or PostgreSQL)."""
    import os
    import subprocess
    import sys

    from hubpro.domain.dates import now
    from hubpro.models import ScheduledJob

    jobs.tick(jobs=jobs.JOBS[:2])  # the rows exist
    for row in db.exec(select(ScheduledJob)).all():
        row.next_run_at, row.lease_owner, row.lease_until = now() - timedelta(minutes=1), None, None
        db.add(row)
    db.commit()
    cmd = [sys.executable, "-m", "hubpro.cli", "run-jobs", "--once"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=os.environ.copy()) for _ in range(3)]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    for name in ("reminders", "purge-trainings"):
        assert sum(name in out for out in outs) == 1, outs


def test_preferences_default_to_both_and_are_kept(db):
    from hubpro.services.reminder_prefs import ReminderPrefs, get_prefs, set_prefs

    d = _driver(db)
    assert get_prefs(db, driver_id=d.id) == ReminderPrefs(True, True)
    assert set_prefs(db, driver_id=d.id, email=True, sms=False) == ReminderPrefs(True, False)
    assert get_prefs(db, driver_id=d.id) == ReminderPrefs(True, False)
