"""Replacement drafts kept as the driver goes: each field left, the billing choice, the current step."""

from __future__ import annotations

from sqlmodel import Session

from hubpro.domain import card_requests as rules
from hubpro.domain import replacements as motifs
from hubpro.domain.accounts import clean_text
from hubpro.domain.dates import now
from hubpro.domain.kinds import RequestKind
from hubpro.models import CardRequest, Driver
from hubpro.services.card_requests import get

STEPS = ("declaration", "addresses", "summary")
DELIVERY_MAX = {"delivery_address": 200, "delivery_postal_code": 5, "delivery_city": 80}


def bill_the_driver(db: Session, req: CardRequest) -> None:
    """« Identique à l'adresse de livraison, à mon nom »: the invoice goes to the driver at the delivery address."""
    if req.billing_same:
        req.billing_name = db.get(Driver, req.driver_id).display_name
        req.billing_address = f"{req.delivery_address}\n{req.delivery_postal_code} {req.delivery_city}"


def save_draft_field(db: Session, *, driver_id: int, public_id: str, field: str, value: str) -> None:
    """Keep one field of a replacement draft as the driver leaves it (checked at the step and at « Valider »)."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.kind != RequestKind.REPLACEMENT or req.status != rules.RequestStatus.DRAFT:
        return
    ticked = str(value).lower() in ("on", "true", "1")
    text = clean_text(str(value or ""))
    if field in DELIVERY_MAX:
        setattr(req, field, text[: DELIVERY_MAX[field]])
    elif field == "billing_same":
        req.billing_same = ticked
        if not ticked:  # « si différente »: the driver types the other name and address
            req.billing_name = req.billing_address = ""
    elif field in ("billing_name", "billing_address"):
        if req.billing_same:
            return
        setattr(req, field, text[: 200 if field == "billing_name" else 300])
    elif field in ("commitment", "detail") or (field.startswith("defect_") and field[7:] in motifs.DEFECTS):
        req.declaration = _declaration_with(req.declaration, field, ticked, text)
    else:
        return
    bill_the_driver(db, req)
    req.updated_at = now()
    db.add(req)
    db.commit()


def _declaration_with(declaration: dict, field: str, ticked: bool, text: str) -> dict:
    out = dict(declaration)
    if field == "commitment":
        out["commitment"] = ticked
    elif field == "detail":
        out["detail"] = text[: motifs.DETAIL_MAX]
    else:
        defect = field[7:]
        chosen = set(out.get("defects", [])) - {defect} | ({defect} if ticked else set())
        out["defects"] = [d for d in motifs.DEFECTS if d in chosen]
    return out


def set_step(db: Session, *, driver_id: int, public_id: str, step: str) -> None:
    """Remember the step a replacement draft is at (« Reprendre » and a reconnect reopen there)."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.kind == RequestKind.REPLACEMENT and req.status == rules.RequestStatus.DRAFT and step in STEPS:
        req.step, req.updated_at = step, now()
        db.add(req)
        db.commit()
