"""What a verified success does, once: payment paid, request moved, card produced, invoice issued."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.domain import card_requests as rules
from hubpro.domain import payments as money
from hubpro.domain.cards import IllegalCardTransition
from hubpro.domain.dates import now
from hubpro.domain.kinds import RequestKind
from hubpro.models import CardRequest, Payment, StripeEvent
from hubpro.payments import gateway
from hubpro.services import files, history, invoices
from hubpro.services.request_flow import Conflict, move

log = logging.getLogger("hubpro.payments")


def _facts(p: Payment) -> money.IntentFacts:
    return money.IntentFacts(p.stripe_intent_id or "", p.public_id, p.amount_cents, p.currency)


def _seen(intent: gateway.Intent) -> money.IntentFacts:
    return money.IntentFacts(intent.id, intent.payment_id, intent.amount, intent.currency, intent.status)


def record_success(db: Session, intent: gateway.Intent, event: StripeEvent | None = None) -> bool:
    """Mark paid (once), move the request, fulfil it and issue the invoice, in one transaction.

    Only a PaymentIntent read from Stripe by the server counts, and only when it is the intent stored on
    our payment row, succeeded, for our payment id, amount and currency; anything else is logged and
    changes nothing.

    Args:
        db: session.
        intent: the PaymentIntent as Stripe returned it to the server (retrieve, confirm or cancel).
        event: the webhook event row, committed with the effect.

    Returns:
        Whether this call did it (False when it was already done — webhook and browser race — or refused).
    """
    p = db.exec(select(Payment).where(Payment.stripe_intent_id == intent.id)).first() if intent.id else None
    problem = "no payment stores this intent" if p is None else money.success_mismatch(_facts(p), _seen(intent))
    if problem:
        log.warning("payment intent %s not applied: %s", intent.id, problem)
        return False
    written: list[str] = []
    try:
        try:
            history.apply(
                db,
                p,
                money.PaymentAction.SUCCEED,
                actor_kind="stripe",
                actor_id=None,
                where=(Payment.stripe_intent_id == intent.id,),
                values={"paid_at": now(), "last_error": ""},
            )
        except (money.IllegalPaymentTransition, Conflict):  # already paid (webhook and browser race)
            db.rollback()
            return False
        if event is not None:
            db.add(event)
        req = db.get(CardRequest, p.request_id)
        move(db, req, rules.RequestAction.PAY, actor_kind="driver", actor_id=p.driver_id)
        from hubpro.services import replacements, returned_mail  # local: both import this module's siblings

        if req.kind == RequestKind.RETURNED_MAIL:
            returned_mail.after_payment(db, req)
        else:
            replacements.after_payment(db, req, p)
        invoices.issue(db, p, written)
        db.commit()
    except (Conflict, rules.IllegalTransition, IllegalCardTransition, IntegrityError):
        db.rollback()
        files.remove(written)
        return False
    except BaseException:
        db.rollback()
        files.remove(written)
        raise
    log.info("payment %s succeeded", p.public_id)
    _render_now()
    return True


def _render_now() -> None:
    """Render the new invoice's PDFs at once (the dispatcher's loop retries whatever fails here)."""
    from hubpro.services import invoice_pdfs

    try:
        invoice_pdfs.render_due(limit=5)
    except Exception:
        log.exception("invoice rendering failed; the dispatcher will retry")
