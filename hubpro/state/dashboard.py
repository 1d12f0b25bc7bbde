"""« Accueil » of the driver: the cards of their deadlines, requests and cards."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.services.trainings import today
from hubpro.services.views.cards import open_notices
from hubpro.services.views.dashboard import DashCard, dashboard
from hubpro.state.driver import DriverState
from hubpro.state.session import driver_required


def _home(db, *, driver_id: int, today):
    """« Accueil »: the open notices and the deadline cards, in the shell's database session."""
    return open_notices(db, driver_id=driver_id), dashboard(db, driver_id=driver_id, today=today)


class DashboardState(DriverState):
    """The cards of « Accueil », most urgent first."""

    cards: list[DashCard] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Accueil »: the signed-in driver's own deadlines only."""
        ok, data = await self._load_page(uid, _home, today=today())
        if not ok:
            return rx.redirect(routes.LOGIN)
        notices, view = data
        self.notices, self.cards, self.loaded = list(notices), list(view.cards), True
        return None
