"""« Accueil » of the driver: the cards of their deadlines, requests and cards."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services.trainings import today
from hubpro.services.views.dashboard import DashCard, dashboard
from hubpro.state.session import driver_required


class DashboardState(rx.State):
    """The cards of « Accueil », most urgent first."""

    cards: list[DashCard] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Accueil »: the signed-in driver's own deadlines only."""
        view = await asyncio.to_thread(call, dashboard, driver_id=uid, today=today())
        self.cards, self.loaded = list(view.cards), True
