"""« pli non distribué » page of a card: Solution 1 (same address, free) or Solution 2 (new address, paid)."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from hubpro import routes
from hubpro.db import call, session_scope
from hubpro.domain.card_requests import PND_REASONS
from hubpro.models import CardRequest
from hubpro.services import returned_mail
from hubpro.services.card_requests import NotFound, Refused
from hubpro.state.args import as_public_id
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


def _load(driver_id: int, card_id: str) -> dict | None:
    with session_scope() as db:
        try:
            card = returned_mail.returned_card(db, driver_id=driver_id, card_public_id=card_id)
        except NotFound:
            return None
        last = db.get(CardRequest, card.request_id)
        pending = db.exec(select(CardRequest).where(CardRequest.kind == "pnd", CardRequest.old_card_id == card.id)
                          .order_by(CardRequest.id.desc())).first()  # fmt: skip
        return {
            "number": card.number, "returned": card.status == "returned",
            "reason": PND_REASONS.get(card.returned_reason, ""),
            "address": f"{last.delivery_address}, {last.delivery_postal_code} {last.delivery_city}" if last else "",
            "pending": pending.reference if pending and card.status != "returned" else "",
        }  # fmt: skip


class ReturnedMailState(rx.State):
    """The returned card and the driver's choice."""

    found: bool = True
    loaded: bool = False
    card: dict = {}
    errors: dict[str, str] = {}
    done: str = ""
    busy: bool = False

    def _id(self) -> str:
        return as_public_id(self.router._page.params.get("card_id", ""))

    @rx.event
    @shows_outage("errors", "_form")
    @driver_required
    async def load(self, uid: int):
        """on_load: only the owner's card."""
        data = await asyncio.to_thread(_load, uid, self._id())
        self.found, self.card, self.loaded, self.errors, self.done = data is not None, data or {}, True, {}, ""

    @rx.event
    @shows_outage("errors", "_form")
    @driver_required
    async def confirm(self, uid: int):
        """Solution 1: the address is right, re-sent free."""
        if self.busy:
            return
        self.busy = True
        try:
            await asyncio.to_thread(call, returned_mail.confirm_address, driver_id=uid, card_public_id=self._id())
            self.done = "Merci : votre carte va être réexpédiée gratuitement à la même adresse."
        except (NotFound, Refused) as exc:
            self.errors = {"_form": str(exc) or "Carte introuvable."}
        finally:
            self.busy = False

    @rx.event
    @shows_outage("errors", "_form")
    @driver_required
    async def change(self, form_data: dict, uid: int):
        """Solution 2: new address, then the re-shipping fee."""
        if self.busy:
            return
        self.busy = True
        try:
            errors, payment_id = await asyncio.to_thread(
                call, returned_mail.new_address, driver_id=uid, card_public_id=self._id(),
                data=clean_form(form_data, ["address", "postal_code", "city"]),
            )  # fmt: skip
        except (NotFound, Refused) as exc:
            errors, payment_id = {"_form": str(exc) or "Carte introuvable."}, ""
        finally:
            self.busy = False
        self.errors = errors
        if payment_id:
            return rx.redirect(f"{routes.PAYMENT}/{payment_id}")
