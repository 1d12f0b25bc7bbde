"""A payment's attempt against Stripe: start, bind its intent, end it, and reconcile it with Stripe.

Every write is a conditional UPDATE on the attempt number (and the stored intent), so two workers, the
webhook and the browser can reconcile the same payment at once: one of them wins, the others change nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session

from hubpro.domain import payments as money
from hubpro.domain.dates import now
from hubpro.models import Payment, StripeEvent
from hubpro.payments import gateway
from hubpro.services import history
from hubpro.services.history import Conflict
from hubpro.services.payment_fulfilment import record_success

log = logging.getLogger("hubpro.payments")


class Sync(StrEnum):
    """Where a payment stands once reconciled with Stripe."""

    PAID = "paid"
    OPEN = "open"  # nothing in progress: « Payer » may start an attempt
    RELEASED = "released"  # an abandoned attempt was just ended (its message is in last_error)
    BUSY = "busy"  # our own call to Stripe may still be running
    PENDING = "pending"  # Stripe is still processing the charge
    UNKNOWN = "unknown"  # Stripe did not answer: try again later


def begin(db: Session, p: Payment) -> int | None:
    """Start a new attempt (« processing »); None when another one started first."""
    attempt = p.attempts + 1
    try:
        history.apply(db, p, money.PaymentAction.BEGIN, actor_kind="driver", actor_id=p.driver_id,
                      reason=f"tentative {attempt}", where=(Payment.attempts == p.attempts,),
                      values={"attempts": attempt, "processing_since": now(), "stripe_intent_id": None,
                              "last_error": ""})  # fmt: skip
    except (money.IllegalPaymentTransition, Conflict):
        db.rollback()
        return None
    db.commit()
    return attempt


def bind(db: Session, p: Payment, attempt: int, intent_id: str) -> bool:
    """Store the intent of this attempt before it is confirmed (so it can always be reconciled)."""
    won = db.exec(
        update(Payment)
        .where(Payment.id == p.id, Payment.status == "processing", Payment.attempts == attempt)
        .where(Payment.stripe_intent_id.is_(None))
        .values(stripe_intent_id=intent_id)
    ).rowcount
    db.commit()
    return won == 1


def end(
    db: Session, p: Payment, attempt: int, message: str, intent_id: str | None, event: StripeEvent | None = None
) -> bool:
    """End this attempt without payment (« failed », with its French message); False when already ended.

    Args:
        db: session.
        p: the payment.
        attempt: the attempt to end (a later attempt is left alone).
        message: the French message the driver sees.
        intent_id: the intent this attempt stored (None: it stored none).
        event: a webhook event row committed with the change.
    """
    stored = Payment.stripe_intent_id.is_(None) if intent_id is None else Payment.stripe_intent_id == intent_id
    try:
        history.apply(db, p, money.PaymentAction.FAIL, actor_kind="system", actor_id=None, reason=message,
                      where=(Payment.attempts == attempt, stored), values={"last_error": message[:300]})  # fmt: skip
        won = True
    except (money.IllegalPaymentTransition, Conflict):  # already ended, or a later attempt
        won = False
    if event is not None:
        db.add(event)
    db.commit()
    db.refresh(p)
    return won


def _state(db: Session, p: Payment) -> Sync:
    db.refresh(p)
    if p.status == "succeeded":
        return Sync.PAID
    return Sync.BUSY if p.status == "processing" else Sync.OPEN


def _retire(intent: gateway.Intent) -> gateway.Intent:
    """Cancel an intent that could still be confirmed: once forgotten by our row it must never charge."""
    if intent.status in money.CANCELLABLE_INTENT:
        return gateway.cancel(intent.id)
    return intent


def reconcile(db: Session, p: Payment, *, grace: timedelta = money.CREATE_GRACE) -> Sync:
    """Bring one payment in line with Stripe (page load, « Payer », after 3-D Secure, the periodic job).

    A succeeded intent is applied; an intent that can still be confirmed (abandoned 3-D Secure, a process
    killed before or after confirming) is cancelled and the attempt ended, so that the driver can pay again;
    a payment « processing » without an intent is ended once ``grace`` has passed (its call died).

    Args:
        db: session.
        p: the payment.
        grace: how long a « processing » payment without an intent may still be a call in flight.
    """
    db.refresh(p)
    if p.status == "succeeded":
        return Sync.PAID
    attempt, intent_id = p.attempts, p.stripe_intent_id
    if not intent_id:
        if p.status != "processing":
            return Sync.OPEN
        if p.processing_since is not None and p.processing_since > now() - grace:
            return Sync.BUSY
        return Sync.RELEASED if end(db, p, attempt, money.ABANDONED, None) else _state(db, p)
    try:
        intent = _retire(gateway.retrieve(intent_id))
    except gateway.Missing:
        log.warning("payment %s: Stripe has no intent %s", p.public_id, intent_id)
        intent = None
    except gateway.Unavailable as exc:
        log.warning("payment %s: Stripe unavailable while reconciling: %s", p.public_id, exc)
        return Sync.UNKNOWN
    if intent is not None and intent.status == "succeeded":
        record_success(db, intent)
        return _state(db, p)
    if intent is not None and intent.status == "processing":
        return Sync.PENDING
    if p.status != "processing":
        return Sync.OPEN
    message = money.decline_message(intent.error_code) if intent is not None and intent.error_code else ""
    ended = end(db, p, attempt, message or money.ABANDONED, intent_id)
    if ended:
        log.info("payment %s: attempt %s ended by reconciliation", p.public_id, attempt)
    return Sync.RELEASED if ended else _state(db, p)
