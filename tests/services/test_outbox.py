"""Tests of the outbox dispatcher with a local SMTP server and SMS gateway: retries, nothing lost."""

from __future__ import annotations

import dataclasses
import itertools
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import Session, select

from hubpro.domain.dates import now
from hubpro.models import Driver, OutboxAttempt, OutboxMessage
from hubpro.notify import dispatcher, senders
from hubpro.notify.outbox import enqueue_sms
from hubpro.services import accounts
from hubpro.settings import get_settings
from tests.services.factories import link_token, make_agent, outbox_to, signup_form
from tests.services.fake_smtp import SmtpServer, free_port, smtp_settings

EMAIL = "jean.martin@example.fr"
PHONE = "+33612345678"
SMS_TEXT = "Hub Pro Transport : un complément d'information est demandé pour votre carte."


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A local SMTP server, not started: the test decides when it is up."""
    server = SmtpServer(free_port())
    yield server
    server.stop()


class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(
            {"path": self.path, "type": self.headers.get("Content-Type"), "body": json.loads(self.rfile.read(length))}
        )
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway() -> Iterator[ThreadingHTTPServer]:
    """A local SMS gateway; set ``.status`` to choose its answer."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.received = []
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def _drain(settings) -> int:
    handled = 0
    while dispatcher.send_one(settings):
        handled += 1
        assert handled < 50, "the dispatcher keeps handling messages"
    return handled


def _messages(db: Session) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def _attempts(db: Session, message: OutboxMessage) -> list[OutboxAttempt]:
    db.expire_all()
    return list(db.exec(select(OutboxAttempt).where(OutboxAttempt.message_id == message.id).order_by(OutboxAttempt.id)))


def _make_due(db: Session) -> None:
    for msg in _messages(db):
        msg.next_attempt_at = now() - timedelta(seconds=1)
        db.add(msg)
    db.commit()


def _validated_driver(db: Session) -> str:
    """Register and validate a driver (2 emails queued); returns the raw password token."""
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver).where(Driver.email == EMAIL)).one()
    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    return link_token(outbox_to(db, EMAIL)[-1])


def test_emails_are_delivered_through_smtp(db, smtp):
    smtp.start()
    token = _validated_driver(db)
    assert _drain(smtp_settings(smtp.port)) == 2
    envelopes = smtp.handler.envelopes
    assert len(envelopes) == 2
    envelope = envelopes[1]
    assert envelope.mail_from == "ne-pas-repondre@hubpro.localhost"
    assert envelope.rcpt_tos == [EMAIL]
    parsed = message_from_bytes(envelope.original_content, policy=policy.default)
    assert parsed["Subject"] == "Votre compte Hub Pro Transport est validé"
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert f"http://hubpro.test/mot-de-passe?jeton={token}" in text
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert f"jeton={token}" in html
    for msg in _messages(db):
        assert msg.sent_at is not None
        assert (msg.attempts, msg.transport, msg.last_error) == (1, "smtp", "")
        [attempt] = _attempts(db, msg)
        assert attempt.ok
        assert attempt.transport == "smtp"
    assert dispatcher.send_one(smtp_settings(smtp.port)) is False  # nothing is sent twice
    assert len(envelopes) == 2


def test_smtp_down_delays_the_message_and_nothing_is_lost(db, smtp):
    settings = smtp_settings(smtp.port)  # nothing listens on this port yet
    assert accounts.register(db, signup_form()) == {}
    before = now()
    assert dispatcher.send_one(settings) is True
    [msg] = _messages(db)
    assert msg.sent_at is None
    assert msg.attempts == 1
    assert msg.last_error != ""
    assert msg.next_attempt_at > before + timedelta(seconds=5)
    [attempt] = _attempts(db, msg)
    assert not attempt.ok
    assert attempt.error == msg.last_error
    assert dispatcher.send_one(settings) is False  # not due yet

    smtp.start()
    _make_due(db)
    assert _drain(settings) == 1
    [msg] = _messages(db)
    assert msg.sent_at is not None
    assert msg.attempts == 2
    assert msg.last_error == ""
    assert [a.ok for a in _attempts(db, msg)] == [False, True]
    [envelope] = smtp.handler.envelopes
    parsed = message_from_bytes(envelope.original_content, policy=policy.default)
    assert parsed["Subject"] == "Votre demande de création de compte est en cours d'analyse"


def test_a_message_failing_for_days_does_not_block_the_others(db, smtp):
    settings = smtp_settings(smtp.port)  # down
    assert accounts.register(db, signup_form()) == {}
    assert accounts.register(db, signup_form(email="autre@example.fr", email_confirmation="autre@example.fr")) == {}
    first, second = _messages(db)
    first.attempts = 60  # has been failing for days
    db.add(first)
    db.commit()
    assert dispatcher.send_one(settings) is True
    assert dispatcher.send_one(settings) is True
    first, second = _messages(db)
    assert first.attempts == 61
    assert timedelta(minutes=59) < first.next_attempt_at - now() <= dispatcher.MAX_BACKOFF
    assert second.attempts == 1  # its turn came
    smtp.start()
    _make_due(db)
    assert _drain(settings) == 2
    assert all(m.sent_at is not None for m in _messages(db))


def test_sms_is_posted_as_json_to_the_gateway(db, gateway):
    enqueue_sms(db, PHONE, SMS_TEXT)
    db.commit()
    settings = dataclasses.replace(get_settings(), sms_url=f"http://127.0.0.1:{gateway.server_port}/sms")
    assert _drain(settings) == 1
    [request] = gateway.received
    assert request["path"] == "/sms"
    assert request["type"] == "application/json"
    assert request["body"]["to"] == PHONE
    assert request["body"]["text"] == SMS_TEXT
    [msg] = _messages(db)
    assert msg.sent_at is not None
    assert msg.transport == "http"


def test_sms_gateway_error_is_retried_later(db, gateway):
    enqueue_sms(db, PHONE, SMS_TEXT)
    db.commit()
    settings = dataclasses.replace(get_settings(), sms_url=f"http://127.0.0.1:{gateway.server_port}/sms")
    gateway.status = 500
    assert dispatcher.send_one(settings) is True
    [msg] = _messages(db)
    assert msg.sent_at is None
    assert msg.attempts == 1
    assert "500" in msg.last_error
    assert msg.next_attempt_at > now()
    assert dispatcher.send_one(settings) is False

    gateway.status = 200
    _make_due(db)
    assert _drain(settings) == 1
    [msg] = _messages(db)
    assert msg.sent_at is not None
    assert [a.ok for a in _attempts(db, msg)] == [False, True]
    assert len(gateway.received) == 2
    assert gateway.received[0]["body"] == gateway.received[1]["body"]


def test_without_smtp_host_messages_go_to_the_dev_mailbox(db, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("no delivery adapter may be called in dev mode")

    monkeypatch.setattr(senders, "send_email", no_network)
    monkeypatch.setattr(senders, "send_sms", no_network)
    settings = get_settings()
    assert settings.smtp_host == "" and settings.sms_url == ""
    assert settings.dev_mailbox
    assert accounts.register(db, signup_form()) == {}
    enqueue_sms(db, PHONE, SMS_TEXT)
    db.commit()
    assert _drain(settings) == 2
    for msg in _messages(db):
        assert msg.sent_at is not None
        assert msg.transport == "dev"
        assert msg.last_error == ""
        assert [a.ok for a in _attempts(db, msg)] == [True]


def test_backoff_grows_then_caps_at_one_hour():
    waits = [dispatcher.backoff(n) for n in range(1, 12)]
    assert waits[0] == timedelta(seconds=10)
    assert waits[1] == timedelta(seconds=20)
    assert all(a < b for a, b in itertools.pairwise(waits) if b < dispatcher.MAX_BACKOFF)
    assert waits == sorted(waits)
    assert waits[-1] == dispatcher.MAX_BACKOFF == timedelta(hours=1)


@pytest.mark.parametrize("attempts", [12, 43, 44, 100, 10_000])
def test_backoff_stays_at_one_hour_however_many_attempts(attempts):
    assert dispatcher.backoff(attempts) == timedelta(hours=1)
