"""Public pages: « Vérification d'un titre » (QR codes) and « Vérifier la qualification d'un conducteur »."""

from __future__ import annotations

import reflex as rx

from hubpro.db import run_call
from hubpro.services import sharing, verification
from hubpro.services.errors import ServiceError
from hubpro.services.sharing import SharedSummary
from hubpro.services.verification import TitleCheck
from hubpro.state.args import as_str
from hubpro.state.forms import clean_form


class TitleCheckState(rx.State):
    """The check behind a QR code: one lookup per page load (rate-limited and logged by the service)."""

    result: TitleCheck = TitleCheck(found=False, checked_at="")
    loaded: bool = False

    @rx.event
    async def load(self):
        """on_load: read the token from the path, check it, show the result (never raises)."""
        self.loaded = False
        token = as_str(self.router._page.params.get("token", ""), 80)
        self.result = await run_call(verification.check, token=token, address=self.router.session.client_ip)
        self.loaded = True


class ShareCheckState(rx.State):
    """An employer types a share code and the driver's birth name."""

    summary: SharedSummary = SharedSummary()
    errors: dict[str, str] = {}
    shown: bool = False
    message: str = ""
    busy: bool = False
    attempts: int = 0  # answered submissions of this tab (the message's data-attempt: tests wait on it)

    @rx.event
    def on_load(self):
        """A fresh form."""
        self.summary, self.shown, self.message, self.busy = SharedSummary(), False, "", False

    @rx.event
    async def submit(self, form_data: dict):
        """« Vérifier »: one message for any wrong pair, the rate-limit message when throttled."""
        data = clean_form(form_data, ["code", "birth_name"])
        self.shown, self.summary = False, SharedSummary()
        if not data["code"].strip() or not data["birth_name"].strip():
            self.message = "Saisissez le code transmis par le conducteur et son nom de naissance."
            self.attempts += 1
            return
        self.busy, self.message = True, ""
        yield
        try:
            self.summary = await run_call(sharing.open_summary, code=data["code"], birth_name=data["birth_name"],
                                          address=self.router.session.client_ip)  # fmt: skip
            self.shown, self.message = True, ""
        except ServiceError as exc:
            self.message = exc.message
        finally:
            self.busy, self.attempts = False, self.attempts + 1
