"""« Mes cartes » and the home-page notices."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services.views.cards import CardView, NoticeView, driver_cards, open_notices
from hubpro.state.session import driver_required


class CardsState(rx.State):
    """The driver's cards as visuals."""

    cards: list[CardView] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the signed-in driver's cards only."""
        self.cards = list(await asyncio.to_thread(call, driver_cards, driver_id=uid))
        self.loaded = True


class NoticesState(rx.State):
    """Notices on « Accueil »."""

    notices: list[NoticeView] = []

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Accueil »."""
        self.notices = list(await asyncio.to_thread(call, open_notices, driver_id=uid))
