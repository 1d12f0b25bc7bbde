"""« Mes factures »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.services import invoices
from hubpro.state.driver import DriverState
from hubpro.state.session import driver_required


class InvoicesState(DriverState):
    """The driver's invoices (duplicates downloadable for 10 years)."""

    items: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the shell and the signed-in driver's invoices only."""
        ok, items = await self._load_page(uid, invoices.for_driver)
        if not ok:
            return rx.redirect(routes.LOGIN)
        self.items, self.loaded = items, True
        return None
