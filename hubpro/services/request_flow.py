"""Card-request transitions: table check, history row and notifications in one transaction."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from hubpro.domain import card_requests as rules
from hubpro.domain.dates import now
from hubpro.models import CardRequest, Driver, Notice, RequestEvent
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email, enqueue_sms


class Conflict(RuntimeError):
    """The request changed meanwhile (double click, two agents): nothing was done."""


def move(
    db: Session,
    req: CardRequest,
    action: rules.RequestAction,
    *,
    actor_kind: str,
    actor_id: int | None,
    reason: str = "",
) -> None:
    """Apply one transition (conditional update), write its history row and enqueue its messages.

    Raises:
        rules.IllegalTransition: when the table refuses the pair.
        Conflict: when the stored status is no longer the one read.
    """
    before = req.status
    after = rules.next_status(before, action).value
    at = now()
    result = db.exec(
        update(CardRequest)
        .where(CardRequest.id == req.id, CardRequest.status == before)
        .values(status=after, updated_at=at)
    )
    if result.rowcount != 1:
        raise Conflict(f"request {req.id} changed")
    req.status, req.updated_at = after, at
    db.add(req)
    db.add(
        RequestEvent(
            request_id=req.id,
            at=at,
            actor_kind=actor_kind,
            actor_id=actor_id,
            action=action.value,
            from_status=before,
            to_status=after,
            reason=reason[:500],
        )
    )
    _notify(db, req, after, reason)


def _notify(db: Session, req: CardRequest, status: str, reason: str) -> None:
    driver = db.get(Driver, req.driver_id)
    info = rules.status_info(status)
    link = f"/espace/demandes/{req.public_id}"
    if status == rules.RequestStatus.INFO_REQUESTED:
        items = [(rules.ITEM_LABELS.get(k, k), v) for k, v in req.info_items.items()]
        enqueue_email(db, driver.email, templates.info_requested(driver.display_name, req.reference, items, link))
        enqueue_sms(db, driver.phone, templates.info_requested_sms(req.reference))
        db.add(
            Notice(
                driver_id=driver.id,
                text=f"Votre demande {req.reference} attend une information complémentaire de votre part.",
                link=link,
                tone="warning",
            )
        )
    elif status in (
        rules.RequestStatus.SENT,
        rules.RequestStatus.VALIDATED,
        rules.RequestStatus.SHIPPED,
        rules.RequestStatus.REJECTED,
        rules.RequestStatus.AWAITING_PAYMENT,
        rules.RequestStatus.ANALYSIS,
    ):
        enqueue_email(
            db,
            driver.email,
            templates.request_status(driver.display_name, req.reference, info.label, info.next_step, reason, link),
        )
