"""Webhooks are hints: a signed but forged event changes nothing; only our row's own succeeded intent pays."""

from __future__ import annotations

import logging

from sqlalchemy import update
from sqlmodel import select
from starlette.testclient import TestClient

from hubpro.api import api
from hubpro.models import CardRequest, Invoice, Payment, StripeEvent
from hubpro.payments import gateway
from hubpro.services import payments
from tests.services.test_payments import (
    SECURE_CARD,
    _authenticate_in_browser,
    _card_in_browser,
    _payable,
    _signed,
)


def _post(event: dict) -> tuple[int, dict]:
    payload, sig = _signed(event)  # signed with the sandbox secret, as the forger of issue 8 did
    resp = TestClient(api).post("/api/stripe/webhook", content=payload, headers={"stripe-signature": sig})
    return resp.status_code, resp.json()


def _event(event_id: str, intent_id: str, payment_id: str, amount: int = 3600, kind: str = "succeeded") -> dict:
    return {"id": event_id, "object": "event", "type": f"payment_intent.{kind}",
            "data": {"object": {"id": intent_id, "object": "payment_intent", "amount": amount, "currency": "eur",
                                "status": "succeeded", "metadata": {"payment_id": payment_id}}}}  # fmt: skip


def _row(db, payment_id: str) -> Payment:
    db.expire_all()
    return db.exec(select(Payment).where(Payment.public_id == payment_id)).one()


def _nothing_paid(db, req_id: int) -> None:
    assert db.get(CardRequest, req_id).status == "awaiting_payment"
    assert db.exec(select(Invoice)).all() == []


def test_only_the_rows_own_succeeded_intent_with_its_amount_is_applied(db, localstripe, caplog):
    caplog.set_level(logging.WARNING, logger="hubpro.payments")
    driver, _card, req, payment_id = _payable(db, email="webhook.forge@example.fr")
    # A pending payment: « Payer » with a 3-D Secure card, the bank's step not done yet.
    attempt = payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(SECURE_CARD))
    intent_id = _row(db, payment_id).stripe_intent_id
    assert attempt.action_secret and intent_id

    # 1. An invented intent id naming our pending payment.
    assert _post(_event("evt_forged_1", "pi_invented0000000000", payment_id)) == (
        200, {"received": True, "outcome": "ignored"})  # fmt: skip
    _nothing_paid(db, req.id)
    assert "pi_invented0000000000" in caplog.text

    # 2. Our row's intent, but Stripe says it is not succeeded (the body lies), as success or as failure.
    assert _post(_event("evt_forged_2", intent_id, payment_id))[1]["outcome"] == "ignored"
    assert _post(_event("evt_forged_3", intent_id, payment_id, kind="payment_failed"))[1]["outcome"] == "ignored"
    assert _row(db, payment_id).status == "processing"
    _nothing_paid(db, req.id)
    assert "requires_action" in caplog.text

    # 3. Our row's intent, succeeded, but not for the amount the row expects.
    _authenticate_in_browser(attempt.action_secret)
    db.exec(update(Payment).where(Payment.public_id == payment_id).values(amount_cents=4000))
    db.commit()
    assert _post(_event("evt_forged_4", intent_id, payment_id, amount=4000))[1]["outcome"] == "ignored"
    assert not payments.confirm(db, driver_id=driver.id, public_id=payment_id).paid  # the browser path checks too
    _nothing_paid(db, req.id)
    assert "amount 3600 eur instead of 4000 eur" in caplog.text

    # 4. The row's own intent, succeeded, amount and currency matching: applied once.
    db.exec(update(Payment).where(Payment.public_id == payment_id).values(amount_cents=3600))
    db.commit()
    assert _post(_event("evt_real", intent_id, payment_id, amount=1))[1]["outcome"] == "applied"  # body amount unused
    db.expire_all()
    assert _row(db, payment_id).status == "succeeded"
    assert db.get(CardRequest, req.id).status == "in_production"
    assert len(db.exec(select(Invoice)).all()) == 1


def test_a_real_intent_of_another_payment_does_not_pay_this_one(db, localstripe):
    _driver, _card, req, payment_id = _payable(db, email="webhook.autre@example.fr")
    other = gateway.create(payment_public_id=payment_id, attempt=99, amount_cents=3600,
                           payment_method=_card_in_browser("4242424242424242"), description="x")  # fmt: skip
    assert gateway.confirm(other.id).status == "succeeded"  # a real charge, never stored on our row
    assert _post(_event("evt_other", other.id, payment_id))[1]["outcome"] == "ignored"
    _nothing_paid(db, req.id)
    assert _row(db, payment_id).status == "created"


def test_stripe_unreachable_postpones_the_event_without_recording_it(db, localstripe, monkeypatch):
    driver, _card, req, payment_id = _payable(db, email="webhook.panne@example.fr")
    attempt = payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(SECURE_CARD))
    _authenticate_in_browser(attempt.action_secret)
    intent_id = _row(db, payment_id).stripe_intent_id

    def down(_intent_id):
        raise gateway.Unavailable("connection refused")

    monkeypatch.setattr(gateway, "retrieve", down)
    status, body = _post(_event("evt_retry", intent_id, payment_id))
    assert (status, body) == (503, {"error": "stripe_unavailable"})
    assert db.exec(select(StripeEvent)).all() == []
    monkeypatch.undo()
    assert _post(_event("evt_retry", intent_id, payment_id))[1]["outcome"] == "applied"  # Stripe's next delivery
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "in_production"
