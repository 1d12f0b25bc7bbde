"""« pli non distribué » page of a card: Solution 1 (same address, free) or Solution 2 (new address, paid)."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.services import returned_mail
from hubpro.services.card_requests import NotFound, Refused
from hubpro.services.views.cards import ReturnedCardView, returned_card
from hubpro.state.args import as_public_id
from hubpro.state.driver import DriverState
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


class ReturnedMailState(DriverState):
    """The returned card and the driver's choice."""

    found: bool = True
    loaded: bool = False
    card: ReturnedCardView = ReturnedCardView()
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
        ok, view = await self._load_page(uid, returned_card, card_public_id=self._id())  # the shell too: one hop
        if not ok:
            return rx.redirect(routes.LOGIN)
        self.found, self.card = view is not None, view or ReturnedCardView()
        self.loaded, self.errors, self.done = True, {}, ""

    @rx.event
    @shows_outage("errors", "_form")
    @driver_required
    async def confirm(self, uid: int):
        """Solution 1: the address is right, re-sent free (the buttons are disabled meanwhile)."""
        self.busy = True
        yield
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
        self.busy = True
        yield
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
            yield rx.redirect(routes.payment(payment_id))
