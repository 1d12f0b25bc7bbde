"""« Mes factures »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services import invoices
from hubpro.state.session import driver_required


def _list(driver_id: int) -> list[dict]:
    return call(invoices.for_driver, driver_id=driver_id)


class InvoicesState(rx.State):
    """The driver's invoices (duplicates downloadable for 10 years)."""

    items: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the signed-in driver's invoices only."""
        self.items, self.loaded = await asyncio.to_thread(_list, uid), True
