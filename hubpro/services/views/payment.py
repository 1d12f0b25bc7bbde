"""The payment page: what is paid for, how much, whether it is paid, after reconciling with Stripe."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from hubpro.domain import payments as money
from hubpro.services import payments


@dataclass(frozen=True)
class PaymentView:
    """One of the driver's payments as its page shows it."""

    amount: str = ""
    designation: str = ""
    paid: bool = False
    notice: str = ""


def payment_view(db: Session, *, driver_id: int, public_id: str) -> PaymentView | None:
    """The payment reconciled with Stripe (an abandoned attempt ends here); None when not the driver's."""
    try:
        p, notice = payments.refresh(db, driver_id=driver_id, public_id=public_id)
    except payments.NotFound:
        return None
    return PaymentView(money.euros(p.amount_cents), p.designation, p.status == money.PaymentStatus.SUCCEEDED, notice)
