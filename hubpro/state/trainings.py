"""« Mes formations » and « Mes certificats »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.services import documents
from hubpro.services.trainings import today
from hubpro.state.driver import DriverState
from hubpro.state.session import driver_required


def _trainings(db, *, driver_id: int) -> tuple[list[dict], list[dict]]:
    return documents.trainings_page(db, driver_id=driver_id, today=today())


def _certificates(db, *, driver_id: int) -> list[dict]:
    return documents.driver_certificates(db, driver_id=driver_id, today=today())


class TrainingsState(DriverState):
    """The driver's training summaries, qualification summary and sector choice.

    ``sectors`` and ``shown`` are plain vars set by the handlers (computed vars would be evaluated
    again on every hydrate of every page).
    """

    items: list[dict] = []
    summary: list[dict] = []
    sector: str = ""
    sectors: list[str] = []
    shown: list[dict] = []
    loaded: bool = False

    def _show(self, items: list[dict]) -> None:
        """Sectors the driver holds trainings in, and the items of the chosen one (all when only one)."""
        sectors = sorted({i["sector"] for i in items})
        one = len(sectors) < 2 or not self.sector
        self.sectors, self.shown = sectors, items if one else [i for i in items if i["sector"] == self.sector]

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the shell and the signed-in driver's trainings only."""
        ok, data = await self._load_page(uid, _trainings)
        if not ok:
            return rx.redirect(routes.LOGIN)
        items, self.summary = data
        if self.sector not in {i["sector"] for i in items}:
            self.sector = items[0]["sector"] if items else ""
        self.items, self.loaded = items, True
        self._show(items)
        return None

    @rx.event
    def choose_sector(self, value: str):
        """« Marchandises » / « Voyageurs » selector."""
        if isinstance(value, str) and value in ("marchandises", "voyageurs"):
            self.sector = value
            self._show(list(self.items))


class CertificatesState(DriverState):
    """The driver's certificates of qualification."""

    items: list[dict] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the shell and the signed-in driver's certificates only."""
        ok, items = await self._load_page(uid, _certificates)
        if not ok:
            return rx.redirect(routes.LOGIN)
        self.items, self.loaded = items, True
        return None
