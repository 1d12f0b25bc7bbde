"""Back-office « Demandes à instruire »: the queue's rows and one request as the agent instructs it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from hubpro import routes
from hubpro.domain import card_requests as rules
from hubpro.domain import labels
from hubpro.domain import replacements as motifs
from hubpro.domain.dates import elapsed_fr, fr_date, fr_datetime, now
from hubpro.domain.kinds import RequestKind, ReturnedMailChoice
from hubpro.models import Card, CardRequest, Driver, RequestEvent, StoredFile
from hubpro.services import instruction
from hubpro.services.card_requests import documents
from hubpro.services.views.shapes import HistoryLine

RECORD_RETURNED = "record_returned"  # not a request transition: the card's (« pli non distribué »)


@dataclass(frozen=True)
class QueueRow:
    """One request in the agent's queue."""

    reference: str = ""
    name: str = ""
    submitted: str = ""
    age: str = ""
    label: str = ""
    tone: str = ""
    href: str = ""


@dataclass(frozen=True)
class ReviewItem:
    """One document or field to review, with the agent's verdict so far."""

    key: str = ""
    label: str = ""
    is_doc: bool = False
    file: str = ""
    thumb: str = ""
    name: str = ""
    verdict: str = ""  # "", "ok" or "ko"
    reason: str = ""
    asked: str = ""


@dataclass(frozen=True)
class InstructionView:
    """One request under instruction and the agent actions its status allows."""

    reference: str = ""
    status_label: str = ""
    status_tone: str = ""
    driver: str = ""
    born: str = ""
    licence: str = ""
    identity: str = ""
    identity_report: str = ""
    delivery: str = ""
    review_items: tuple[ReviewItem, ...] = ()
    history: tuple[HistoryLine, ...] = ()
    replacement_panel: bool = False  # a replacement: its declaration instead of the item review
    motif: str = ""
    declaration: str = ""
    old_card: str = ""
    actions: tuple[str, ...] = ()  # RequestAction values allowed now, and RECORD_RETURNED


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue and the cursors of « Page suivante » / « Page précédente » ('' when none)."""

    rows: tuple[QueueRow, ...] = ()
    after: str = ""
    before: str = ""


def queue_page(db: Session, *, agent_id: int, status: str, after: str = "", before: str = "") -> QueuePage:
    """One page of the queue, oldest first (one status, or every request to instruct), drivers joined."""
    page = instruction.queue_page(db, agent_id=agent_id, status=status, after=after, before=before)
    return QueuePage(_queue_rows(page.items), page.after, page.before)


def queue_rows(db: Session, *, agent_id: int, status: str) -> tuple[QueueRow, ...]:
    """The queue's first page, oldest first."""
    return queue_page(db, agent_id=agent_id, status=status).rows


def _queue_rows(items) -> tuple[QueueRow, ...]:
    at = now()
    rows = []
    for r, d in items:
        info = rules.status_info(r.status)
        rows.append(
            QueueRow(
                reference=r.reference,
                name=f"{d.birth_name.upper()} {d.first_names}",
                submitted=fr_datetime(r.submitted_at),
                age=elapsed_fr(r.submitted_at or r.created_at, at),
                label=info.label,
                tone=info.tone,
                href=routes.agent_request(r.public_id),
            )
        )
    return tuple(rows)


def instruction_view(db: Session, *, agent_id: int, public_id: str) -> InstructionView | None:
    """One request for an agent (None when unknown, a draft or cancelled)."""
    try:
        r = instruction.load(db, agent_id=agent_id, public_id=public_id)
    except LookupError:
        return None
    d = db.get(Driver, r.driver_id)
    info = rules.status_info(r.status)
    actions = rules.allowed_actions(r.kind, r.status)
    return InstructionView(
        **_replacement_facts(db, r),
        reference=r.reference,
        status_label=info.label,
        status_tone=info.tone,
        driver=f"{d.first_names} {d.birth_name.upper()}" + (f" (nom d'usage {d.usage_name})" if d.usage_name else ""),
        born=f"{fr_date(d.birth_date)} à {d.birth_city} ({d.birth_country})",
        licence=d.licence_number,
        identity="Confirmée par le conducteur" if r.identity_confirmed else "",
        identity_report=r.identity_report,
        delivery=f"{r.delivery_address}, {r.delivery_postal_code} {r.delivery_city}",
        review_items=_items(db, r),
        history=_history(db, r),
        actions=(*actions, RECORD_RETURNED) if r.status in rules.RETURNABLE else actions,
    )


def _public_id(db: Session, file_id: int | None) -> str:
    row = db.get(StoredFile, file_id) if file_id else None
    return row.public_id if row else ""


def _items(db: Session, r: CardRequest) -> tuple[ReviewItem, ...]:
    docs = documents(db, r)
    items = []
    for key, label in rules.ITEM_LABELS.items():
        verdict = r.review.get(key) if isinstance(r.review.get(key), dict) else {}
        doc = docs.get(key[4:]) if key.startswith("doc:") else None
        items.append(
            ReviewItem(
                key=key,
                label=label,
                is_doc=key.startswith("doc:"),
                file=_public_id(db, doc.file_id) if doc else "",
                thumb=_public_id(db, doc.thumb_file_id) if doc else "",
                name=doc.display_name if doc else "",
                verdict="" if not verdict else ("ok" if verdict["ok"] else "ko"),
                reason=verdict.get("reason", ""),
                asked=r.info_items.get(key, ""),
            )
        )
    return tuple(items)


def _history(db: Session, r: CardRequest) -> tuple[HistoryLine, ...]:
    events = db.exec(select(RequestEvent).where(RequestEvent.request_id == r.id).order_by(RequestEvent.id))
    return tuple(
        HistoryLine(fr_datetime(e.at), rules.status_info(e.to_status).label, e.reason,
                    "Opérateur" if e.actor_kind == "agent" else "Conducteur")
        for e in events
    )  # fmt: skip


def _replacement_facts(db: Session, r: CardRequest) -> dict:
    card = db.get(Card, r.old_card_id) if r.old_card_id else None
    old_card = card.number if card else ""
    if r.kind == RequestKind.RETURNED_MAIL:
        same = r.motif == ReturnedMailChoice.SAME_ADDRESS
        choice = ReturnedMailChoice.SAME_ADDRESS if same else ReturnedMailChoice.NEW_ADDRESS
        return {"motif": labels.RETURNED_MAIL_LABELS[choice], "declaration": "Réexpédition de la carte",
                "old_card": old_card}  # fmt: skip
    if r.kind != RequestKind.REPLACEMENT:
        return {}
    dec = r.declaration
    parts = [motifs.DEFECTS[d] for d in dec.get("defects", [])]
    if dec.get("commitment"):
        parts.append("engagement à restituer la carte")
    if dec.get("detail"):
        parts.append(f"précisions : {dec['detail']}")
    return {"replacement_panel": True, "motif": motifs.MOTIF_BY_KEY[r.motif].label,
            "declaration": " ; ".join(parts), "old_card": old_card}  # fmt: skip
