"""« Mes demandes »: « Faire une demande », « Mes demandes en cours », cancel with confirmation."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from hubpro import routes
from hubpro.db import session_scope
from hubpro.domain import card_requests as rules
from hubpro.domain.dates import fr_date, fr_datetime
from hubpro.models import CardRequest, RequestEvent
from hubpro.services import card_requests as service
from hubpro.state.args import as_public_id
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


def _events(db, req: CardRequest) -> list[dict]:
    rows = db.exec(select(RequestEvent).where(RequestEvent.request_id == req.id).order_by(RequestEvent.id)).all()
    return [
        {"at": fr_datetime(e.at), "label": rules.status_info(e.to_status).label, "reason": e.reason} for e in rows
    ] or [{"at": fr_datetime(req.created_at), "label": "Brouillon créé", "reason": ""}]


def _overview(driver_id: int) -> tuple[str, list[dict]]:
    with session_scope() as db:
        refusal = service.start_refusal(db, driver_id=driver_id)
        reqs = db.exec(
            select(CardRequest)
            .where(CardRequest.driver_id == driver_id, CardRequest.status != "cancelled")
            .order_by(CardRequest.id.desc())
        ).all()
        items = []
        for r in reqs:
            info = rules.status_info(r.status)
            items.append(
                {
                    "id": r.public_id,
                    "reference": r.reference,
                    "label": info.label,
                    "tone": info.tone,
                    "since": fr_date(r.updated_at),
                    "next_step": info.next_step,
                    "delay": info.delay,
                    "status": r.status,
                    "href": f"{routes.REQUESTS}/{r.public_id}",
                    "history": _events(db, r),
                    "info_items": [{"label": rules.ITEM_LABELS.get(k, k), "reason": v} for k, v in r.info_items.items()]
                    if r.status == rules.RequestStatus.INFO_REQUESTED
                    else [],
                }
            )
        return refusal, items


def _title(r: CardRequest) -> str:
    if r.kind == "replacement":
        from hubpro.domain.replacements import MOTIF_BY_KEY

        return f"Remplacement de carte ({MOTIF_BY_KEY[r.motif].label})"
    if r.kind == "pnd":
        return "Réexpédition après pli non distribué"
    return "Demande de carte CQC"


def _start(driver_id: int) -> tuple[str, str]:
    with session_scope() as db:
        try:
            return service.start(db, driver_id=driver_id).public_id, ""
        except service.Refused as exc:
            return "", str(exc)


def _cancel(driver_id: int, public_id: str) -> str:
    with session_scope() as db:
        try:
            service.cancel(db, driver_id=driver_id, public_id=public_id)
        except service.NotFound:
            return "Demande introuvable."
        except service.Refused as exc:
            return str(exc)
    return ""


class RequestsState(rx.State):
    """The driver's requests and the « Commencer » rule."""

    refusal: str = ""
    items: list[dict] = []
    opened: str = ""
    confirm_cancel: str = ""
    message: str = ""
    loaded: bool = False
    busy: bool = False

    @rx.event
    @shows_outage("message")
    @driver_required
    async def load(self, uid: int):
        """on_load: requests and gating of the signed-in driver only."""
        self.refusal, self.items = await asyncio.to_thread(_overview, uid)
        self.loaded, self.busy, self.confirm_cancel, self.message = True, False, "", ""

    @rx.event
    def toggle(self, public_id: str):
        """Unfold or fold the history of one request."""
        public_id = as_public_id(public_id)
        self.opened = "" if self.opened == public_id else public_id

    @rx.event
    @shows_outage("message")
    @driver_required
    async def start(self, uid: int):
        """« Commencer »: a draft (or the existing one), then its first step."""
        if self.busy:
            return
        self.busy = True
        public_id, refusal = await asyncio.to_thread(_start, uid)
        self.busy = False
        if refusal:
            self.refusal = refusal
            return
        return rx.redirect(f"{routes.REQUESTS}/{public_id}")

    @rx.event
    def ask_cancel(self, public_id: str):
        """First click on « Annuler »: ask for confirmation."""
        self.confirm_cancel = as_public_id(public_id)

    @rx.event
    def keep(self):
        """« Non, garder ma demande »."""
        self.confirm_cancel = ""

    @rx.event
    @shows_outage("message")
    @driver_required
    async def cancel(self, public_id: str, uid: int):
        """Confirmed « Annuler »: data and documents are deleted."""
        self.message = await asyncio.to_thread(_cancel, uid, as_public_id(public_id))
        self.confirm_cancel = ""
        if not self.message:
            self.message = "Votre brouillon est annulé : ses informations et documents sont supprimés."
        self.refusal, self.items = await asyncio.to_thread(_overview, uid)
