"""Payments: one PaymentIntent per payment, paid only on Stripe's word, one transition, one invoice."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.domain import card_requests as rules
from hubpro.domain import payments as money
from hubpro.domain.dates import now
from hubpro.models import CardRequest, Payment, StripeEvent
from hubpro.payments import gateway
from hubpro.services import files, invoices
from hubpro.services.request_flow import Conflict, move

log = logging.getLogger("hubpro.payments")


class NotFound(LookupError):
    """No such payment for this driver."""


def get(db: Session, *, driver_id: int, public_id: str) -> Payment:
    """One of the driver's payments (another driver's id: NotFound)."""
    p = db.exec(select(Payment).where(Payment.public_id == str(public_id))).first()
    if p is None or p.driver_id != driver_id:
        raise NotFound()
    return p


# A PaymentMethod from Stripe.js (pm_…) or, in the sandbox, the card of a localstripe token (card_…).
PM_ID = re.compile(r"(?:pm|card)_[A-Za-z0-9]{6,64}")


@dataclass(frozen=True)
class Attempt:
    """Outcome of « Payer »: paid, a French message, or a 3-D Secure step for the browser."""

    paid: bool = False
    message: str = ""
    action_secret: str = ""


def pay(db: Session, *, driver_id: int, public_id: str, payment_method: str) -> Attempt:
    """Charge the card the browser tokenised (a PaymentMethod id: card data never reaches us)."""
    p = get(db, driver_id=driver_id, public_id=public_id)
    if p.status == money.PaymentStatus.SUCCEEDED:
        return Attempt(paid=True)
    if not PM_ID.fullmatch(str(payment_method or "")):
        return Attempt(message=money.GENERIC_DECLINE)
    won = db.exec(
        update(Payment)
        .where(Payment.id == p.id, Payment.status.in_(["created", "failed"]))
        .values(status="processing", last_error="")
    ).rowcount
    db.commit()
    if won != 1:
        return Attempt(message="Un paiement est déjà en cours pour cette demande : patientez quelques secondes.")
    try:
        intent = gateway.pay(
            payment_public_id=p.public_id,
            amount_cents=p.amount_cents,
            payment_method=payment_method,
            description=p.designation,
        )
    except gateway.Declined as exc:
        return _failed(db, p, money.decline_message(exc.code), exc.intent_id)
    except Exception:
        log.exception("payment %s: gateway error", p.public_id)
        return _failed(db, p, money.GENERIC_DECLINE, "")
    db.exec(update(Payment).where(Payment.id == p.id).values(stripe_intent_id=intent.id))
    db.commit()
    if intent.status == "succeeded":
        record_success(db, intent)
        return Attempt(paid=True)
    if intent.status == "requires_action":
        return Attempt(action_secret=intent.client_secret)
    return _failed(db, p, money.decline_message(intent.error_code), intent.id)


def _failed(db: Session, p: Payment, message: str, intent_id: str) -> Attempt:
    values = {"status": "failed", "last_error": message}
    if intent_id:
        values["stripe_intent_id"] = intent_id
    db.exec(update(Payment).where(Payment.id == p.id, Payment.status != "succeeded").values(**values))
    db.commit()
    return Attempt(message=message)


def confirm(db: Session, *, driver_id: int, public_id: str) -> Attempt:
    """After a 3-D Secure step in the browser: ask Stripe itself, never the browser."""
    p = get(db, driver_id=driver_id, public_id=public_id)
    if p.status == money.PaymentStatus.SUCCEEDED:
        return Attempt(paid=True)
    if not p.stripe_intent_id:
        return Attempt(message=money.GENERIC_DECLINE)
    intent = gateway.retrieve(p.stripe_intent_id)
    if intent.status == "succeeded":
        record_success(db, intent)
        return Attempt(paid=True)
    return _failed(db, p, money.decline_message(intent.error_code), "")


def record_success(db: Session, intent: gateway.Intent, event: StripeEvent | None = None) -> bool:
    """Mark paid (once), move the request, fulfil it and issue the invoice, in one transaction.

    Args:
        db: session.
        intent: a succeeded PaymentIntent (from a verified webhook or a server-side retrieve).
        event: the webhook event row, committed with the effect.

    Returns:
        Whether this call did it (False when it was already done: webhook and browser race).
    """
    p = db.exec(select(Payment).where(Payment.public_id == intent.payment_id)).first()
    if p is None or intent.amount != p.amount_cents or intent.currency != p.currency:
        log.warning("succeeded intent %s does not match a payment", intent.id)
        return False
    written: list[str] = []
    try:
        won = db.exec(
            update(Payment)
            .where(Payment.id == p.id, Payment.status != "succeeded")
            .values(status="succeeded", paid_at=now(), last_error="", stripe_intent_id=intent.id)
        ).rowcount
        if won != 1:
            db.rollback()
            return False
        if event is not None:
            db.add(event)
        db.refresh(p)
        req = db.get(CardRequest, p.request_id)
        move(db, req, rules.RequestAction.PAY, actor_kind="driver", actor_id=p.driver_id)
        from hubpro.services import replacements, returned_mail  # local: both import this module's siblings

        if req.kind == "pnd":
            returned_mail.after_payment(db, req)
        else:
            replacements.after_payment(db, req, p)
        invoices.issue(db, p, written)
        db.commit()
    except (Conflict, rules.IllegalTransition, IntegrityError):
        db.rollback()
        files.remove(written)
        return False
    except BaseException:
        db.rollback()
        files.remove(written)
        raise
    log.info("payment %s succeeded", p.public_id)
    return True


def handle_event(db: Session, event: dict) -> str:
    """Apply a verified webhook event once; a replay or a late event changes nothing.

    Returns:
        "applied", "duplicate" or "ignored".
    """
    event_id, kind = str(event.get("id", ""))[:80], str(event.get("type", ""))[:60]
    obj = (event.get("data") or {}).get("object") or {}
    if not event_id:
        return "ignored"
    if db.exec(select(StripeEvent).where(StripeEvent.event_id == event_id)).first() is not None:
        return "duplicate"
    row = StripeEvent(event_id=event_id, type=kind)
    if kind == "payment_intent.succeeded":
        intent = gateway.Intent(
            id=str(obj.get("id", "")),
            status="succeeded",
            client_secret="",
            amount=int(obj.get("amount", 0)),
            currency=str(obj.get("currency", "")),
            payment_id=str((obj.get("metadata") or {}).get("payment_id", "")),
            error_code="",
        )
        if record_success(db, intent, row):
            return "applied"
    elif kind == "payment_intent.payment_failed":
        error = obj.get("last_payment_error") or {}
        message = money.decline_message(error.get("decline_code") or error.get("code") or "")
        db.exec(
            update(Payment)
            .where(Payment.stripe_intent_id == str(obj.get("id", "")), Payment.status != "succeeded")
            .values(status="failed", last_error=message)
        )
    db.add(StripeEvent(event_id=event_id, type=kind))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return "duplicate"
    return "applied" if kind == "payment_intent.payment_failed" else "ignored"
