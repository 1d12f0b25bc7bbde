"""A payment in progress never blocks: abandoned 3-D Secure, a process killed mid-call, the periodic job."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from hubpro import cli
from hubpro.domain import payments as money
from hubpro.domain.dates import now
from hubpro.models import CardRequest, Invoice, Payment
from hubpro.payments import gateway
from hubpro.services import payments
from tests.services.test_payments import (
    GOOD_CARD,
    SECURE_CARD,
    _authenticate_in_browser,
    _card_in_browser,
    _payable,
)

ROOT = Path(__file__).resolve().parents[2]

# « Payer » in another process that is killed (SIGKILL: no cleanup) around one Stripe call.
KILLED_PAY = """
import os, signal, sys
from hubpro.db import session_scope
from hubpro.payments import gateway
from hubpro.services import payments

step, when = sys.argv[1], sys.argv[2]
real = getattr(gateway, step)

def killed(*args, **kwargs):
    if when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

setattr(gateway, step, killed)
with session_scope() as db:
    payments.pay(db, driver_id=int(sys.argv[3]), public_id=sys.argv[4], payment_method=sys.argv[5])
"""


def _killed_during(step: str, when: str, driver_id: int, payment_id: str) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_PAY, step, when, str(driver_id), payment_id,
                           _card_in_browser(GOOD_CARD)], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def _row(db, payment_id: str) -> Payment:
    db.expire_all()
    return db.exec(select(Payment).where(Payment.public_id == payment_id)).one()


def _age(db, payment_id: str, minutes: int) -> None:
    """The attempt started `minutes` ago (the driver left long ago)."""
    db.exec(update(Payment).where(Payment.public_id == payment_id)
            .values(processing_since=now() - timedelta(minutes=minutes)))  # fmt: skip
    db.commit()


def _intents_of(payment_id: str) -> list[str]:
    """Statuses at Stripe of every PaymentIntent made for our payment."""
    found = [pi.to_dict() for pi in gateway._client().v1.payment_intents.list(params={"limit": 100}).data]
    return sorted(pi["status"] for pi in found if (pi.get("metadata") or {}).get("payment_id") == payment_id)


def _pay_good(db, driver, payment_id: str) -> payments.Attempt:
    return payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(GOOD_CARD))


def _start_3ds(db, driver, payment_id: str) -> str:
    attempt = payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(SECURE_CARD))
    assert attempt.action_secret and not attempt.paid
    assert _row(db, payment_id).status == "processing"
    return attempt.action_secret


def _paid_once(db, req_id: int) -> None:
    db.expire_all()
    assert db.get(CardRequest, req_id).status == "in_production"
    assert len(db.exec(select(Invoice)).all()) == 1


def test_a_reload_during_3ds_cancels_the_intent_and_the_driver_can_pay(db, localstripe):
    driver, _card, req, payment_id = _payable(db, email="abandon.rechargement@example.fr")
    secret = _start_3ds(db, driver, payment_id)
    p, notice = payments.refresh(db, driver_id=driver.id, public_id=payment_id)  # the page loads again
    assert notice == money.ABANDONED and p.status == "failed"
    assert _intents_of(payment_id) == ["canceled"]
    assert _pay_good(db, driver, payment_id).paid
    _paid_once(db, req.id)
    assert _intents_of(payment_id) == ["canceled", "succeeded"]
    with pytest.raises(httpx.HTTPStatusError):  # the old tab's bank step ends late: a cancelled intent cannot charge
        _authenticate_in_browser(secret)
    assert _intents_of(payment_id) == ["canceled", "succeeded"]
    assert payments.refresh(db, driver_id=driver.id, public_id=payment_id)[1] == ""


def test_payer_again_after_an_abandoned_3ds_reconciles_instead_of_refusing(db, localstripe):
    driver, _card, req, payment_id = _payable(db, email="abandon.payer@example.fr")
    _start_3ds(db, driver, payment_id)
    attempt = _pay_good(db, driver, payment_id)  # before: « Un paiement est déjà en cours… » forever
    assert attempt.paid and attempt.message == ""
    _paid_once(db, req.id)
    assert _intents_of(payment_id) == ["canceled", "succeeded"]


def test_3ds_completed_then_the_tab_closed_is_paid_on_the_next_load(db, localstripe):
    driver, _card, req, payment_id = _payable(db, email="abandon.apres3ds@example.fr")
    _authenticate_in_browser(_start_3ds(db, driver, payment_id))
    p, notice = payments.refresh(db, driver_id=driver.id, public_id=payment_id)
    assert p.status == "succeeded" and notice == ""
    _paid_once(db, req.id)


@pytest.mark.slow
def test_killed_while_creating_the_intent_waits_the_grace_then_pays(db, localstripe):
    driver, _card, req, payment_id = _payable(db, email="tue.creation@example.fr")
    _killed_during("create", "after", driver.id, payment_id)
    row = _row(db, payment_id)
    assert row.status == "processing" and row.stripe_intent_id is None
    assert _intents_of(payment_id) == ["requires_confirmation"]  # created, never confirmed: nothing charged
    refused = _pay_good(db, driver, payment_id)  # the call might still be running elsewhere
    assert refused.message == money.IN_PROGRESS
    _age(db, payment_id, minutes=3)
    assert payments.refresh(db, driver_id=driver.id, public_id=payment_id)[1] == money.ABANDONED
    assert _pay_good(db, driver, payment_id).paid
    _paid_once(db, req.id)
    assert _intents_of(payment_id) == ["requires_confirmation", "succeeded"]


@pytest.mark.slow
def test_killed_before_confirming_cancels_the_stored_intent_and_pays(db, localstripe):
    driver, _card, req, payment_id = _payable(db, email="tue.avant@example.fr")
    _killed_during("confirm", "before", driver.id, payment_id)
    row = _row(db, payment_id)
    assert row.status == "processing" and row.stripe_intent_id  # stored before any charge
    assert _pay_good(db, driver, payment_id).paid  # no wait: Stripe says the intent was never confirmed
    _paid_once(db, req.id)
    assert _intents_of(payment_id) == ["canceled", "succeeded"]


@pytest.mark.slow
def test_killed_after_stripe_charged_is_paid_on_the_next_load(db, localstripe):
    driver, _card, req, payment_id = _payable(db, email="tue.apres@example.fr")
    _killed_during("confirm", "after", driver.id, payment_id)
    assert _row(db, payment_id).status == "processing"
    assert _intents_of(payment_id) == ["succeeded"]  # charged, not recorded
    p, _notice = payments.refresh(db, driver_id=driver.id, public_id=payment_id)
    assert p.status == "succeeded"
    _paid_once(db, req.id)
    assert _pay_good(db, driver, payment_id).paid  # and « Payer » charges nothing more
    assert _intents_of(payment_id) == ["succeeded"]


def _another_payment(db, payment_id: str) -> str:
    """A second payment of the same driver (its request is the first one's: it is never paid here)."""
    first = _row(db, payment_id)
    fields = first.model_dump(include={"driver_id", "request_id", "purpose", "designation", "amount_cents",
                                       "billing_name", "billing_address"})  # fmt: skip
    other = Payment(**fields)
    db.add(other)
    db.commit()
    return other.public_id


def test_the_periodic_job_settles_stale_attempts_and_leaves_fresh_ones(db, localstripe):
    driver, _card, req, charged = _payable(db, email="job.periodique@example.fr")
    abandoned, fresh = _another_payment(db, charged), _another_payment(db, charged)
    _authenticate_in_browser(_start_3ds(db, driver, charged))
    _start_3ds(db, driver, abandoned)
    _start_3ds(db, driver, fresh)
    _age(db, charged, minutes=10)
    _age(db, abandoned, minutes=10)
    assert payments.reconcile_stale(db) == 2
    assert _row(db, charged).status == "succeeded"
    _paid_once(db, req.id)
    assert (_row(db, abandoned).status, _row(db, abandoned).last_error) == ("failed", money.ABANDONED)
    assert _intents_of(abandoned) == ["canceled"]
    assert _row(db, fresh).status == "processing"  # a driver still in the bank's step is left alone
    assert _intents_of(fresh) == ["requires_action"]
    assert payments.reconcile_stale(db) == 0


def test_concurrent_jobs_apply_a_stale_success_once(schema, db, localstripe, caplog):
    driver, _card, req, charged = _payable(db, email="job.concurrent@example.fr")
    abandoned = _another_payment(db, charged)
    _authenticate_in_browser(_start_3ds(db, driver, charged))
    _start_3ds(db, driver, abandoned)
    _age(db, charged, minutes=10)
    _age(db, abandoned, minutes=10)
    errors: list[Exception] = []

    def job():
        try:
            with Session(schema) as session:
                payments.reconcile_stale(session)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and "reconciliation failed" not in caplog.text
    _paid_once(db, req.id)
    assert _row(db, charged).status == "succeeded"
    assert _row(db, abandoned).status == "failed"
    assert _intents_of(abandoned) == ["canceled"]


def test_cli_reconcile_payments(db, localstripe, capsys):
    driver, _card, _req, payment_id = _payable(db, email="cli.reconcile@example.fr")
    _start_3ds(db, driver, payment_id)
    assert cli.main(["reconcile-payments"]) == 0
    assert "0 payment(s)" in capsys.readouterr().out  # 5 minutes not passed yet
    assert cli.main(["reconcile-payments", "--older-than-minutes", "0"]) == 0
    assert "1 payment(s)" in capsys.readouterr().out
    assert _row(db, payment_id).status == "failed"
