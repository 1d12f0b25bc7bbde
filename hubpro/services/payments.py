"""Payments: one PaymentIntent per attempt, paid only on Stripe's word, one transition, one invoice."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.db import session_scope
from hubpro.domain import payments as money
from hubpro.domain.dates import now
from hubpro.models import Payment, StripeEvent
from hubpro.payments import gateway
from hubpro.services import errors
from hubpro.services import payment_sync as sync
from hubpro.services.payment_fulfilment import record_success
from hubpro.services.payment_sync import Sync

__all__ = [
    "Attempt",
    "NotFound",
    "confirm",
    "get",
    "handle_event",
    "pay",
    "reconcile_stale",
    "record_success",
    "refresh",
    "run_reconciler",
]
log = logging.getLogger("hubpro.payments")
STALE_BATCH = 50
_FAILED = ("requires_payment_method", "canceled")  # a failed charge, as Stripe reports it


class NotFound(errors.NotFound):
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


_WAIT = {Sync.BUSY: money.IN_PROGRESS, Sync.PENDING: money.BANK_PROCESSING, Sync.UNKNOWN: money.GENERIC_DECLINE}


def _answer(state: Sync, p: Payment) -> Attempt:
    if state is Sync.PAID:
        return Attempt(paid=True)
    return Attempt(message=_WAIT.get(state) or p.last_error or money.GENERIC_DECLINE)


def pay(db: Session, *, driver_id: int, public_id: str, payment_method: str) -> Attempt:
    """Charge the card the browser tokenised (a PaymentMethod id: card data never reaches us).

    An attempt left in progress (abandoned 3-D Secure, a process killed mid-call) is reconciled with Stripe
    first: it is applied if Stripe charged it, otherwise cancelled; it never blocks a new attempt. The new
    intent is created unconfirmed and stored on the row before it is confirmed.
    """
    p = get(db, driver_id=driver_id, public_id=public_id)
    if p.status == money.PaymentStatus.SUCCEEDED:
        return Attempt(paid=True)
    if not PM_ID.fullmatch(str(payment_method or "")):
        return Attempt(message=money.GENERIC_DECLINE)
    state = sync.reconcile(db, p)
    if state not in (Sync.OPEN, Sync.RELEASED):
        return _answer(state, p)
    attempt = sync.begin(db, p)
    if attempt is None:
        return Attempt(message=money.IN_PROGRESS)
    try:
        intent = gateway.create(
            payment_public_id=p.public_id,
            attempt=attempt,
            amount_cents=p.amount_cents,
            payment_method=payment_method,
            description=p.designation,
        )
    except gateway.Unavailable:
        log.exception("payment %s: intent not created", p.public_id)
        sync.end(db, p, attempt, money.GENERIC_DECLINE, None)
        return Attempt(message=money.GENERIC_DECLINE)
    if not sync.bind(db, p, attempt, intent.id):  # reconciled meanwhile: this intent must never charge
        _cancel_quietly(intent.id)
        return Attempt(message=money.IN_PROGRESS)
    return _charge(db, p, attempt, intent.id)


def _cancel_quietly(intent_id: str) -> None:
    try:
        gateway.cancel(intent_id)
    except (gateway.Missing, gateway.Unavailable):
        log.warning("intent %s left unconfirmed (never charged)", intent_id)


def _charge(db: Session, p: Payment, attempt: int, intent_id: str) -> Attempt:
    try:
        intent = gateway.confirm(intent_id)
    except gateway.Declined as exc:
        message = money.decline_message(exc.code)
        sync.end(db, p, attempt, message, intent_id)
        return Attempt(message=message)
    except gateway.Unavailable:
        log.warning("payment %s: confirmation outcome unknown, reconciling", p.public_id)
        return _answer(sync.reconcile(db, p), p)
    if intent.status == "succeeded":
        record_success(db, intent)
        return _answer(sync.reconcile(db, p), p)  # already paid: no call to Stripe
    if intent.status == "requires_action":
        return Attempt(action_secret=intent.client_secret)
    if intent.status == "processing":
        return Attempt(message=money.BANK_PROCESSING)
    message = money.decline_message(intent.error_code)
    sync.end(db, p, attempt, message, intent_id)
    return Attempt(message=message)


def confirm(db: Session, *, driver_id: int, public_id: str) -> Attempt:
    """After a 3-D Secure step in the browser: ask Stripe itself, never the browser."""
    p = get(db, driver_id=driver_id, public_id=public_id)
    if p.status == money.PaymentStatus.SUCCEEDED:
        return Attempt(paid=True)
    return _answer(sync.reconcile(db, p), p)


def refresh(db: Session, *, driver_id: int, public_id: str) -> tuple[Payment, str]:
    """The payment page's load: reconcile an attempt in progress with Stripe.

    Returns:
        The payment and a French notice ("" when there is nothing to say).
    """
    p = get(db, driver_id=driver_id, public_id=public_id)
    state = sync.reconcile(db, p)
    if state is Sync.RELEASED:
        return p, p.last_error
    if state in (Sync.BUSY, Sync.PENDING):
        return p, _WAIT[state]
    # The last attempt's refusal stays on the page after a reload, until a new attempt replaces it.
    return p, p.last_error if p.status == money.PaymentStatus.FAILED else ""


def reconcile_stale(db: Session, older_than: timedelta = money.STALE_AFTER) -> int:
    """Reconcile every payment in progress for longer than ``older_than`` (the periodic job).

    Safe to run from several workers at once: each change is a conditional UPDATE.

    Returns:
        How many of them are no longer in progress (paid, or ended so that the driver can pay again).
    """
    cutoff = now() - older_than
    ids = db.exec(
        select(Payment.id)
        .where(Payment.status == "processing")
        .where(or_(Payment.processing_since.is_(None), Payment.processing_since < cutoff))
        .order_by(Payment.id)
        .limit(STALE_BATCH)
    ).all()
    settled = 0
    for payment_id in ids:
        p = db.get(Payment, payment_id)
        try:
            settled += sync.reconcile(db, p, grace=older_than) in (Sync.PAID, Sync.RELEASED)
        except Exception:
            db.rollback()
            log.exception("payment %s: reconciliation failed", payment_id)
    return settled


def _reconcile_stale_now() -> int:
    from hubpro.services import purge  # the same periodic task purges dead sessions and attempts

    with session_scope() as db:
        settled = reconcile_stale(db)
    try:
        with session_scope() as db:
            purge.purge_if_due(db)
    except Exception:
        log.exception("session purge failed")
    return settled


async def run_reconciler(interval: float = money.RECONCILE_INTERVAL_SECONDS) -> None:
    """Lifespan task: reconcile stale payments every ``interval`` seconds (and purge dead sessions), off the loop."""
    while True:
        try:
            await asyncio.to_thread(_reconcile_stale_now)
        except RuntimeError:  # executor shut down at exit
            return
        except Exception:
            log.exception("payment reconciliation failed")
        await asyncio.sleep(interval)


def _event_intent(db: Session, kind: str, obj: dict) -> tuple[Payment | None, gateway.Intent | None]:
    """The payment that stores the event's intent, and that intent as Stripe sees it (never the body)."""
    if kind not in ("payment_intent.succeeded", "payment_intent.payment_failed"):
        return None, None
    intent_id = str(obj.get("id") or "")[:80]
    p = db.exec(select(Payment).where(Payment.stripe_intent_id == intent_id)).first() if intent_id else None
    if p is None:
        log.warning("webhook %s: intent %r is stored on no payment; nothing changed", kind, intent_id)
        return None, None
    if p.status == money.PaymentStatus.SUCCEEDED:
        return p, None
    try:
        return p, gateway.retrieve(intent_id)
    except gateway.Missing:
        log.warning("webhook %s: Stripe has no intent %r; nothing changed", kind, intent_id)
        return p, None


def handle_event(db: Session, event: dict) -> str:
    """Apply a verified webhook event once; a replay or a late event changes nothing.

    The event is a hint, not proof: the PaymentIntent is retrieved from Stripe and applied only when it is
    the one stored on our payment row, with the row's amount and currency (see ``record_success``).

    Returns:
        "applied", "duplicate" or "ignored".

    Raises:
        gateway.Unavailable: Stripe did not answer; the event is not recorded, so Stripe sends it again.
    """
    event_id, kind = str(event.get("id", ""))[:80], str(event.get("type", ""))[:60]
    obj = (event.get("data") or {}).get("object") or {}
    if not event_id or not isinstance(obj, dict):
        return "ignored"
    if db.exec(select(StripeEvent).where(StripeEvent.event_id == event_id)).first() is not None:
        return "duplicate"
    row = StripeEvent(event_id=event_id, type=kind)
    p, intent = _event_intent(db, kind, obj)
    try:
        if intent is not None and intent.status == "succeeded":
            if record_success(db, intent, row):
                return "applied"
        elif intent is not None and kind == "payment_intent.payment_failed" and intent.status in _FAILED:
            if sync.end(db, p, p.attempts, money.decline_message(intent.error_code), intent.id, event=row):
                return "applied"
            return "ignored"
        elif intent is not None:
            log.warning("webhook %s for intent %s: Stripe says %s; nothing changed", kind, intent.id, intent.status)
        db.add(StripeEvent(event_id=event_id, type=kind))
        db.commit()
    except IntegrityError:
        db.rollback()
        return "duplicate"
    return "ignored"
