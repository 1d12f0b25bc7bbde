"""« Créer mon mot de passe » (72-h link) and password reset (60-min link)."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.domain import passwords
from hubpro.domain.tokens import TokenPurpose
from hubpro.services import auth
from hubpro.state.args import as_dict, as_str
from hubpro.state.outage import shows_outage

INITIAL_RULES = [{"label": r.label, "ok": False} for r in passwords.checklist("")]


def _valid(token: str, purpose: TokenPurpose) -> bool:
    return call(auth.link_is_valid, raw_token=token, purpose=purpose)


def _set(token: str, purpose: TokenPurpose, password: str, confirmation: str) -> dict:
    return call(auth.set_password, raw_token=token, purpose=purpose, password=password, confirmation=confirmation)


class PasswordState(rx.State):
    """The password form behind an emailed link."""

    link: str = "checking"  # checking | valid | invalid
    is_reset: bool = False
    errors: dict[str, str] = {}
    rules: list[dict] = INITIAL_RULES
    busy: bool = False
    _token: str = ""

    async def _load(self, purpose: TokenPurpose):
        self._token = str(self.router.url.query_parameters.get("jeton", ""))[:100]
        self.is_reset = purpose == TokenPurpose.RESET_PASSWORD
        self.errors, self.rules, self.busy, self.link = {}, INITIAL_RULES, False, "checking"
        ok = await asyncio.to_thread(_valid, self._token, purpose)
        self.link = "valid" if ok else "invalid"

    @rx.event
    @shows_outage("errors")
    async def load_create(self):
        """on_load of « Créer mon mot de passe »."""
        await self._load(TokenPurpose.SET_PASSWORD)

    @rx.event
    @shows_outage("errors")
    async def load_reset(self):
        """on_load of the reset page."""
        await self._load(TokenPurpose.RESET_PASSWORD)

    @rx.event
    def check(self, value: str):
        """Live checklist; the password itself is not kept."""
        value = as_str(value, passwords.MAX_LENGTH)
        self.rules = [{"label": r.label, "ok": r.ok} for r in passwords.checklist(value)]

    @rx.event
    @shows_outage("errors")
    async def submit(self, form_data: dict):
        """« Valider »: the server checks the policy and the link again."""
        raw = as_dict(form_data)
        form = {k: as_str(raw.get(k), passwords.MAX_LENGTH + 1) for k in ("password", "confirmation")}
        purpose = TokenPurpose.RESET_PASSWORD if self.is_reset else TokenPurpose.SET_PASSWORD
        self.busy = True
        yield
        try:
            errors = await asyncio.to_thread(_set, self._token, purpose, form["password"], form["confirmation"])
        finally:
            self.busy = False
        if "_link" in errors:
            self.link = "invalid"
            return
        self.errors = errors
        if not errors:
            self._token = ""
            yield rx.redirect(routes.PASSWORD_DONE)
