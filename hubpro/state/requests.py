"""« Mes demandes »: « Faire une demande », « Mes demandes en cours », cancel with confirmation."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.services import card_requests as service
from hubpro.services.views.my_requests import RequestRow, my_requests
from hubpro.state.args import as_public_id
from hubpro.state.driver import DriverState
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


def _start(driver_id: int) -> tuple[str, str]:
    try:
        return call(service.start, driver_id=driver_id).public_id, ""
    except service.Refused as exc:
        return "", str(exc)


def _cancel(driver_id: int, public_id: str) -> str:
    try:
        call(service.cancel, driver_id=driver_id, public_id=public_id)
    except service.NotFound:
        return "Demande introuvable."
    except service.Refused as exc:
        return str(exc)
    return ""


class RequestsState(DriverState):
    """The driver's requests and the « Commencer » rule."""

    refusal: str = ""
    rows: list[RequestRow] = []
    opened: str = ""
    confirm_cancel: str = ""
    message: str = ""
    loaded: bool = False
    busy: bool = False

    async def _reload(self, uid: int) -> None:
        overview = await asyncio.to_thread(call, my_requests, driver_id=uid)
        self.refusal, self.rows = overview.refusal, list(overview.rows)

    @rx.event
    @shows_outage("message")
    @driver_required
    async def load(self, uid: int):
        """on_load: the shell, then requests and gating of the signed-in driver only (one hop)."""
        ok, overview = await self._load_page(uid, my_requests)
        if not ok:
            return rx.redirect(routes.LOGIN)
        self.refusal, self.rows = overview.refusal, list(overview.rows)
        self.loaded, self.busy, self.confirm_cancel, self.message = True, False, "", ""
        return None

    @rx.event
    def toggle(self, public_id: str):
        """Unfold or fold the history of one request."""
        public_id = as_public_id(public_id)
        self.opened = "" if self.opened == public_id else public_id

    @rx.event
    @shows_outage("message")
    @driver_required
    async def start(self, uid: int):
        """« Commencer »: a draft (or the existing one), then its first step (the button is disabled meanwhile)."""
        self.busy = True
        yield
        public_id, refusal = await asyncio.to_thread(_start, uid)
        self.busy = False
        if refusal:
            self.refusal = refusal
            return
        yield rx.redirect(routes.request(public_id))

    @rx.event
    def ask_cancel(self, public_id: str):
        """First click on « Annuler »: ask for confirmation."""
        self.confirm_cancel = as_public_id(public_id)

    @rx.event
    def keep(self):
        """« Non, garder ma demande »."""
        self.confirm_cancel = ""

    @rx.event
    @shows_outage("message")
    @driver_required
    async def cancel(self, public_id: str, uid: int):
        """Confirmed « Annuler »: data and documents are deleted."""
        self.message = await asyncio.to_thread(_cancel, uid, as_public_id(public_id))
        self.confirm_cancel = ""
        if not self.message:
            self.message = "Votre brouillon est annulé : ses informations et documents sont supprimés."
        await self._reload(uid)
