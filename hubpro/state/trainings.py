"""« Mes formations » and « Mes certificats »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services import documents
from hubpro.services.trainings import today
from hubpro.state.session import driver_required


def _trainings(driver_id: int) -> tuple[list[dict], list[dict]]:
    return call(documents.trainings_page, driver_id=driver_id, today=today())


def _certificates(driver_id: int) -> list[dict]:
    return call(documents.driver_certificates, driver_id=driver_id, today=today())


class TrainingsState(rx.State):
    """The driver's training summaries, qualification summary and sector choice."""

    items: list[dict] = []
    summary: list[dict] = []
    sector: str = ""
    loaded: bool = False

    @rx.var
    def sectors(self) -> list[str]:
        """Sectors the driver holds trainings in."""
        return sorted({i["sector"] for i in self.items})

    @rx.var
    def shown(self) -> list[dict]:
        """Items of the chosen sector (all when only one sector)."""
        if len(self.sectors) < 2 or not self.sector:
            return self.items
        return [i for i in self.items if i["sector"] == self.sector]

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the signed-in driver's trainings only."""
        self.items, self.summary = await asyncio.to_thread(_trainings, uid)
        if self.sector not in {i["sector"] for i in self.items}:
            self.sector = self.items[0]["sector"] if self.items else ""
        self.loaded = True

    @rx.event
    def choose_sector(self, value: str):
        """« Marchandises » / « Voyageurs » selector."""
        if isinstance(value, str) and value in ("marchandises", "voyageurs"):
            self.sector = value


class CertificatesState(rx.State):
    """The driver's certificates of qualification."""

    items: list[dict] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the signed-in driver's certificates only."""
        self.items = await asyncio.to_thread(_certificates, uid)
        self.loaded = True
