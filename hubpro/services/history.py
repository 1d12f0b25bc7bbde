"""Status changes with their history row: accounts, card requests, cards and payments, one function for all.

Each aggregate's transition table (in ``hubpro.domain``) decides the new status; the change is a conditional
UPDATE on the status read (two agents, a double click, a webhook and the browser cannot both apply it) and its
history row joins the caller's transaction, which commits both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, SQLModel

from hubpro.domain import accounts, cards, payments, request_flow
from hubpro.domain.dates import now
from hubpro.models import AccountEvent, Card, CardEvent, CardRequest, Driver, Payment, PaymentEvent, RequestEvent
from hubpro.services import errors

REASON_MAX = 500


class Conflict(errors.Conflict):
    """The row changed meanwhile (double click, two agents): nothing was done."""


@dataclass(frozen=True)
class _Machine:
    next_status: Callable[[SQLModel, str], str]
    event: Callable[..., SQLModel]  # (row, at, actor_kind, actor_id, action, before, after, reason, detail)
    conflict: type[Exception] = Conflict
    stamps_updated_at: bool = True


def _account_event(row, at, actor_kind, actor_id, action, before, after, reason, detail) -> SQLModel:
    return AccountEvent(driver_id=row.id, actor_kind=actor_kind, actor_id=actor_id, action=action,
                        from_status=before, to_status=after, detail=detail or {})  # fmt: skip


def _event(cls, key: str):
    def make(row, at, actor_kind, actor_id, action, before, after, reason, detail) -> SQLModel:
        return cls(**{key: row.id}, at=at, actor_kind=actor_kind, actor_id=actor_id, action=action,
                   from_status=before, to_status=after, reason=reason[:REASON_MAX])  # fmt: skip

    return make


MACHINES: dict[type, _Machine] = {
    # Two agents deciding on an account at once: the loser sees the transition refused.
    Driver: _Machine(lambda r, a: accounts.next_status(r.status, a).value, _account_event, accounts.IllegalTransition),
    CardRequest: _Machine(
        lambda r, a: request_flow.next_status(r.status, a, r.kind).value, _event(RequestEvent, "request_id")
    ),
    Card: _Machine(
        lambda r, a: cards.next_card_status(r.status, a).value, _event(CardEvent, "card_id"), stamps_updated_at=False
    ),
    Payment: _Machine(
        lambda r, a: payments.next_payment_status(r.status, a).value,
        _event(PaymentEvent, "payment_id"),
        stamps_updated_at=False,
    ),
}


def apply(
    db: Session,
    row: SQLModel,
    action: str,
    *,
    actor_kind: str,
    actor_id: int | None,
    reason: str = "",
    detail: dict | None = None,
    where: tuple = (),
    values: dict | None = None,
) -> str:
    """Move a row through its transition table and record who, when, what (not committed).

    Args:
        db: session (the caller commits the change and its history row together).
        row: a Driver, CardRequest, Card or Payment.
        action: an action of that aggregate's table.
        actor_kind: "driver", "agent", "system" or "stripe".
        actor_id: who acted, when known.
        reason: why (shown in the history).
        detail: structured detail (accounts).
        where: extra conditions of the conditional update (e.g. the payment attempt it belongs to).
        values: other columns set in the same update.

    Returns:
        The new status.

    Raises:
        IllegalTransition (of the aggregate's domain module): when the table refuses the move.
        Conflict (IllegalTransition for accounts): when the stored row is no longer the one read.
    """
    model = type(row)
    machine = MACHINES[model]
    before = row.status
    after = machine.next_status(row, action)
    at = now()
    changes = {"status": after, **(values or {})}
    if machine.stamps_updated_at:
        changes["updated_at"] = at
    result = db.exec(update(model).where(model.id == row.id, model.status == before, *where).values(**changes))
    if result.rowcount != 1:
        error = machine.conflict()
        error.add_note(f"{model.__name__.lower()} {row.id} changed concurrently")
        raise error
    for name, value in changes.items():
        setattr(row, name, value)
    db.add(row)
    db.add(machine.event(row, at, actor_kind, actor_id, str(action), before, after, reason, detail))
    return after
