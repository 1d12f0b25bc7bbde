"""Several dispatchers at once (threads, processes) on the same outbox: N rows, exactly N deliveries."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from hubpro.domain.dates import now
from hubpro.models import OutboxAttempt, OutboxMessage
from hubpro.notify import dispatcher
from hubpro.notify.outbox import enqueue_email
from hubpro.notify.templates import Email
from tests.services.dispatch_worker import dispatch_until_empty
from tests.services.fake_smtp import SmtpServer, free_port, smtp_settings

ROWS = 40
DISPATCHERS = 4


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A running local SMTP server."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


def _enqueue(db: Session, count: int) -> list[str]:
    recipients = [f"conducteur{i}@example.fr" for i in range(count)]
    for to in recipients:
        enqueue_email(db, to, Email(subject="Votre demande", text=f"Bonjour {to}", html=""))
    db.commit()
    return recipients


def _message_ids(envelopes) -> list[str]:
    from email import message_from_bytes, policy

    return [message_from_bytes(e.original_content, policy=policy.default)["Message-ID"] for e in envelopes]


def _assert_each_row_sent_once(db: Session, smtp: SmtpServer, recipients: list[str]) -> None:
    envelopes = smtp.handler.envelopes
    delivered = Counter(to for e in envelopes for to in e.rcpt_tos)
    duplicates = {to: n for to, n in delivered.items() if n > 1}
    assert not duplicates, f"{len(envelopes)} emails for {len(recipients)} rows"
    assert sorted(delivered) == sorted(recipients)
    assert len(set(_message_ids(envelopes))) == len(recipients)
    db.expire_all()
    for msg in db.exec(select(OutboxMessage)):
        assert msg.sent_at is not None
        assert msg.attempts == 1
        assert msg.claimed_by is None
        attempts = db.exec(select(OutboxAttempt).where(OutboxAttempt.message_id == msg.id)).all()
        assert [a.ok for a in attempts] == [True]


def test_dispatcher_threads_send_each_message_once(db, smtp):
    recipients = _enqueue(db, ROWS)
    settings = smtp_settings(smtp.port)
    barrier = threading.Barrier(DISPATCHERS)
    handled: list[int] = []

    def work() -> None:
        barrier.wait(timeout=30)
        count = 0
        while count < 2 * ROWS and dispatcher.send_one(settings):
            count += 1
        handled.append(count)

    threads = [threading.Thread(target=work) for _ in range(DISPATCHERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(handled) == DISPATCHERS
    assert sum(handled) == ROWS
    _assert_each_row_sent_once(db, smtp, recipients)


@pytest.mark.slow
def test_dispatcher_processes_send_each_message_once(db, smtp):
    recipients = _enqueue(db, ROWS)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(DISPATCHERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=dispatch_until_empty, args=(smtp_settings(smtp.port), barrier, results, 2 * ROWS))
        for _ in range(DISPATCHERS)
    ]
    for p in procs:
        p.start()
    handled = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert sum(handled) == ROWS
    _assert_each_row_sent_once(db, smtp, recipients)


def test_a_claimed_message_is_left_to_its_dispatcher(db, smtp):
    _enqueue(db, 1)
    db.exec(update(OutboxMessage).values(claimed_by="other-worker", claimed_until=now() + timedelta(minutes=4)))
    db.commit()
    assert dispatcher.send_one(smtp_settings(smtp.port)) is False
    assert smtp.handler.envelopes == []


def test_a_claim_left_by_a_crashed_dispatcher_expires_and_the_copy_keeps_its_message_id(db, smtp):
    [to] = _enqueue(db, 1)
    settings = smtp_settings(smtp.port)
    assert dispatcher.send_one(settings) is True
    [first_id] = _message_ids(smtp.handler.envelopes)
    # A dispatcher crashed after the SMTP server accepted the message and before it recorded it:
    # the row is still unsent and claimed, until the lease runs out.
    expired = now() - timedelta(seconds=1)
    db.exec(update(OutboxMessage).values(sent_at=None, claimed_by="crashed", claimed_until=expired))
    db.commit()
    assert dispatcher.send_one(settings) is True
    assert [e.rcpt_tos for e in smtp.handler.envelopes] == [[to], [to]]
    assert _message_ids(smtp.handler.envelopes) == [first_id, first_id]  # the copy can be de-duplicated
    [msg] = db.exec(select(OutboxMessage)).all()
    db.refresh(msg)
    assert msg.sent_at is not None
    assert msg.claimed_by is None


def test_a_dispatcher_whose_claim_ran_out_does_not_overwrite_the_new_claim(db, smtp, monkeypatch):
    _enqueue(db, 1)
    settings = smtp_settings(smtp.port)
    deliver = dispatcher._deliver

    def slow_deliver(settings, msg, transport):
        deliver(settings, msg, transport)
        with Session(db.get_bind()) as other:  # meanwhile the lease ran out and another dispatcher claimed it
            other.exec(update(OutboxMessage).values(claimed_by="newcomer", claimed_until=now() + timedelta(minutes=5)))
            other.commit()

    monkeypatch.setattr(dispatcher, "_deliver", slow_deliver)
    assert dispatcher.send_one(settings) is True
    db.expire_all()
    [msg] = db.exec(select(OutboxMessage)).all()
    assert (msg.sent_at, msg.attempts, msg.claimed_by) == (None, 0, "newcomer")
    [attempt] = db.exec(select(OutboxAttempt)).all()
    assert attempt.ok  # the attempt that happened is still on record
