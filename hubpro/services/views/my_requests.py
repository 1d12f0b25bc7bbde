"""« Mes demandes »: the driver's requests with their status, history and what the driver can do now."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from hubpro import routes
from hubpro.domain import card_requests as rules
from hubpro.domain import labels
from hubpro.domain.dates import fr_date, fr_datetime
from hubpro.models import CardRequest, RequestEvent
from hubpro.services import card_requests
from hubpro.services.views.shapes import HistoryLine, Line

A = rules.RequestAction


@dataclass(frozen=True)
class RequestRow:
    """One request in « Mes demandes en cours »."""

    id: str = ""  # public id (the driver's own request)
    reference: str = ""
    title: str = ""
    label: str = ""
    tone: str = ""
    since: str = ""
    next_step: str = ""
    delay: str = ""
    href: str = ""
    history: tuple[HistoryLine, ...] = ()
    info_lines: tuple[Line, ...] = ()  # what to correct and why
    can_resume: bool = False  # « Reprendre »
    can_cancel: bool = False  # « Annuler »
    can_reply: bool = False  # « Répondre »


@dataclass(frozen=True)
class MyRequests:
    """The « Commencer » rule and the driver's requests, newest first."""

    refusal: str = ""
    rows: tuple[RequestRow, ...] = ()


def _histories(db: Session, requests) -> dict[int, list[RequestEvent]]:
    """Every listed request's events in one query, by request id, oldest first."""
    by_request: dict[int, list[RequestEvent]] = {r.id: [] for r in requests}
    if by_request:
        stmt = select(RequestEvent).where(RequestEvent.request_id.in_(list(by_request))).order_by(RequestEvent.id)
        for e in db.exec(stmt).all():
            by_request[e.request_id].append(e)
    return by_request


def _history(req: CardRequest, events: list[RequestEvent]) -> tuple[HistoryLine, ...]:
    lines = tuple(HistoryLine(fr_datetime(e.at), rules.status_info(e.to_status).label, e.reason) for e in events)
    return lines or (HistoryLine(fr_datetime(req.created_at), "Brouillon créé", ""),)


def _row(r: CardRequest, events: list[RequestEvent]) -> RequestRow:
    info = rules.status_info(r.status)
    asked = r.status == rules.RequestStatus.INFO_REQUESTED
    return RequestRow(
        id=r.public_id,
        reference=r.reference,
        title=labels.request_title(r.kind, r.motif),
        label=info.label,
        tone=info.tone,
        since=fr_date(r.updated_at),
        next_step=info.next_step,
        delay=info.delay,
        href=routes.request(r.public_id),
        history=_history(r, events),
        info_lines=tuple(Line(rules.ITEM_LABELS.get(k, k), v) for k, v in r.info_items.items()) if asked else (),
        can_resume=rules.driver_can_edit(r.kind, r.status),
        can_cancel=rules.can(r.kind, r.status, A.CANCEL),
        can_reply=rules.can(r.kind, r.status, A.REPLY),
    )


def my_requests(db: Session, *, driver_id: int) -> MyRequests:
    """What « Mes demandes » shows to this driver (cancelled requests left out)."""
    rows = db.exec(
        select(CardRequest)
        .where(CardRequest.driver_id == driver_id, CardRequest.status != rules.RequestStatus.CANCELLED)
        .order_by(CardRequest.id.desc())
    ).all()
    events = _histories(db, rows)
    return MyRequests(card_requests.start_refusal(db, driver_id=driver_id), tuple(_row(r, events[r.id]) for r in rows))
