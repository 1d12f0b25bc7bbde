"""Account status changes with their history row."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from hubpro.domain.accounts import AccountAction, IllegalTransition, next_status
from hubpro.domain.dates import now
from hubpro.models import AccountEvent, Driver


def apply(
    db: Session,
    driver: Driver,
    action: AccountAction,
    *,
    actor_kind: str,
    actor_id: int | None,
    detail: dict | None = None,
) -> None:
    """Move the account through the transition table and record who, when, what.

    Raises:
        IllegalTransition: when the action is not allowed from the current status.
    """
    before = driver.status
    after = next_status(before, action).value
    at = now()
    # Conditional update: two agents deciding at once cannot both succeed.
    result = db.exec(
        update(Driver).where(Driver.id == driver.id, Driver.status == before).values(status=after, updated_at=at)
    )
    if result.rowcount != 1:
        raise IllegalTransition(f"account {driver.id} changed concurrently")
    driver.status, driver.updated_at = after, at
    db.add(driver)
    db.add(
        AccountEvent(
            driver_id=driver.id,
            actor_kind=actor_kind,
            actor_id=actor_id,
            action=action.value,
            from_status=before,
            to_status=driver.status,
            detail=detail or {},
        )
    )
