"""« Mes cartes »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.services.views.cards import CardView, driver_cards
from hubpro.state.driver import DriverState
from hubpro.state.session import driver_required


class CardsState(DriverState):
    """The driver's cards as visuals."""

    cards: list[CardView] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the shell and the signed-in driver's cards only."""
        ok, cards = await self._load_page(uid, driver_cards)
        if not ok:
            return rx.redirect(routes.LOGIN)
        self.cards, self.loaded = list(cards), True
        return None
