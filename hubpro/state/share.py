"""« Mon compte »: « Partager ma qualification » (share codes) and how often each document was verified."""

from __future__ import annotations

import reflex as rx

from hubpro.db import call, run
from hubpro.domain.verification import format_code
from hubpro.services import sharing, verification
from hubpro.services.errors import ServiceError
from hubpro.services.sharing import CodeView
from hubpro.services.verification import DocumentChecks
from hubpro.state.args import as_public_id
from hubpro.state.session import driver_required


def _page(driver_id: int) -> tuple[list[CodeView], list[DocumentChecks]]:
    def read(db):
        codes = sharing.codes_in_force(db, driver_id=driver_id)
        return codes, list(verification.document_checks(db, driver_id=driver_id))

    return call(read)


class ShareState(rx.State):
    """The signed-in driver's share codes in force and verification counts."""

    codes: list[CodeView] = []
    checks: list[DocumentChecks] = []
    new_code: str = ""  # shown once, right after « Créer un code »
    page_url: str = ""  # where the employer types the code
    message: str = ""
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Mon compte »."""
        self.codes, self.checks = await run(_page, uid)
        self.new_code, self.message, self.loaded = "", "", True
        self.page_url = verification.share_page_url()

    @rx.event
    @driver_required
    async def create(self, form_data: dict, uid: int):
        """« Créer un code »: valid 21 days, shown once; only the page's form (its hidden ``share`` marker) counts."""
        if not isinstance(form_data, dict) or form_data.get("share") != "create":
            return
        try:
            code = await run(call, sharing.create_code, driver_id=uid)
        except ServiceError as exc:
            self.new_code, self.message = "", exc.message
            return
        self.codes, self.checks = await run(_page, uid)
        self.new_code, self.message = format_code(code), ""

    @rx.event
    @driver_required
    async def revoke(self, public_id: str, uid: int):
        """« Révoquer »: the code stops working at once (only the driver's own codes)."""
        try:
            await run(call, sharing.revoke_code, driver_id=uid, public_id=as_public_id(public_id))
            self.message = "Le code est révoqué : il ne permet plus de consulter votre qualification."
        except ServiceError:
            self.message = ""
        self.new_code = ""
        self.codes, self.checks = await run(_page, uid)
