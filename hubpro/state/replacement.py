"""« Remplacement, Echange »: choose the card and the motif, then « Commencer »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import session_scope
from hubpro.domain.cards import display_status
from hubpro.domain.dates import fr_date
from hubpro.services import card_requests, replacements
from hubpro.services.trainings import today
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


def _cards(driver_id: int) -> list[dict]:
    with session_scope() as db:
        return [
            {
                "number": c.number,
                "label": display_status(c.status, c.shipped_on, c.expires_on, today())[0],
                "expires": fr_date(c.expires_on),
            }
            for c in replacements.replaceable_cards(db, driver_id=driver_id)
        ]


def _start(driver_id: int, card: str, motif: str) -> tuple[str, str]:
    with session_scope() as db:
        try:
            return replacements.start(db, driver_id=driver_id, card_number=card, motif=motif).public_id, ""
        except card_requests.Refused as exc:
            return "", str(exc)


class ReplacementState(rx.State):
    """The driver's replaceable cards and the chosen motif."""

    cards: list[dict[str, str]] = []
    loaded: bool = False
    errors: dict[str, str] = {}
    busy: bool = False

    @rx.event
    @shows_outage("errors")
    @driver_required
    async def load(self, uid: int):
        """on_load."""
        self.cards, self.loaded, self.errors, self.busy = await asyncio.to_thread(_cards, uid), True, {}, False

    @rx.event
    @shows_outage("errors")
    @driver_required
    async def start(self, form_data: dict, uid: int):
        """« Commencer » the replacement draft."""
        data = clean_form(form_data, ["card", "motif"])
        errors = {}
        if not data["card"]:
            errors["card"] = "Choisissez la carte à remplacer."
        if not data["motif"]:
            errors["motif"] = "Choisissez un motif."
        self.errors = errors
        if errors or self.busy:
            return
        self.busy = True
        public_id, refusal = await asyncio.to_thread(_start, uid, data["card"], data["motif"])
        self.busy = False
        if refusal:
            self.errors = {"motif": refusal}
            return
        return rx.redirect(f"{routes.REQUESTS}/{public_id}")
