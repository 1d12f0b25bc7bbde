"""Card-request transitions: the kind's table, the history row and the notifications, in one transaction."""

from __future__ import annotations

from sqlmodel import Session

from hubpro.domain import card_requests as rules
from hubpro.models import CardRequest, Driver, Notice
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email, enqueue_sms
from hubpro.services import history
from hubpro.services.history import Conflict

__all__ = ["Conflict", "move"]


def move(
    db: Session,
    req: CardRequest,
    action: rules.RequestAction,
    *,
    actor_kind: str,
    actor_id: int | None,
    reason: str = "",
) -> None:
    """Apply one transition of the request's kind (``history.apply``) and enqueue its messages.

    Raises:
        rules.IllegalTransition: when the table of the request's kind refuses the pair.
        Conflict: when the stored status is no longer the one read.
    """
    after = history.apply(db, req, action, actor_kind=actor_kind, actor_id=actor_id, reason=reason)
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
