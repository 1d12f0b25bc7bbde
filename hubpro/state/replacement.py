"""« Remplacement, Echange »: choose the card and the motif, then « Commencer »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.services import card_requests, replacements
from hubpro.services.views.cards import ReplaceableCard, replaceable_cards
from hubpro.state.driver import DriverState
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


def _start(driver_id: int, card: str, motif: str) -> tuple[str, str]:
    try:
        return call(replacements.start, driver_id=driver_id, card_number=card, motif=motif).public_id, ""
    except card_requests.Refused as exc:
        return "", str(exc)


class ReplacementState(DriverState):
    """The driver's replaceable cards and the chosen motif."""

    cards: list[ReplaceableCard] = []
    loaded: bool = False
    errors: dict[str, str] = {}
    busy: bool = False

    @rx.event
    @shows_outage("errors")
    @driver_required
    async def load(self, uid: int):
        """on_load."""
        ok, cards = await self._load_page(uid, replaceable_cards)  # the shell too: one hop
        if not ok:
            return rx.redirect(routes.LOGIN)
        self.cards = list(cards)
        self.loaded, self.errors, self.busy = True, {}, False

    @rx.event
    @shows_outage("errors")
    @driver_required
    async def start(self, form_data: dict, uid: int):
        """« Commencer » the replacement draft (the button is disabled meanwhile)."""
        data = clean_form(form_data, ["card", "motif"])
        errors = {}
        if not data["card"]:
            errors["card"] = "Choisissez la carte à remplacer."
        if not data["motif"]:
            errors["motif"] = "Choisissez un motif."
        self.errors = errors
        if errors:
            return
        self.busy = True
        yield
        public_id, refusal = await asyncio.to_thread(_start, uid, data["card"], data["motif"])
        self.busy = False
        if refusal:
            self.errors = {"motif": refusal}
            return
        yield rx.redirect(routes.request(public_id))
