"""Correction page behind the emailed link: the flagged fields and their reasons."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.domain import accounts
from hubpro.services import accounts as account_service
from hubpro.services import ratelimit
from hubpro.state.forms import clean_form, first_error_focus
from hubpro.state.outage import shows_outage


def _limited(token: str, ip: str) -> str:
    """The limit message, or "" (every load and submission counts, per address and per link)."""
    wait = ratelimit.hit(ratelimit.CORRECTION, address=ip, account=token)
    return ratelimit.message(wait) if wait else ""


def _load(token: str, ip: str):
    if message := _limited(token, ip):
        return message
    return call(account_service.get_correction, raw_token=token)


def _submit(token: str, data: dict, ip: str) -> dict:
    if message := _limited(token, ip):
        return {"_limited": message}
    return call(account_service.submit_correction, raw_token=token, data=data)


class CorrectionState(rx.State):
    """Flagged fields, current values and errors."""

    link: str = "checking"  # checking | valid | invalid | done | limited
    message: str = ""
    name: str = ""
    flags: dict[str, str] = {}
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    busy: bool = False
    _token: str = ""

    @rx.event
    @shows_outage("errors")
    async def load(self):
        """on_load: check the link and show what to correct."""
        self._token = str(self.router.url.query_parameters.get("jeton", ""))[:100]
        self.link, self.errors, self.message, self.busy = "checking", {}, "", False
        view = await asyncio.to_thread(_load, self._token, self.router.session.client_ip)
        if isinstance(view, str):
            self.link, self.message, self.flags, self.values = "limited", view, {}, {}
            return
        if view is None:
            self.link, self.flags, self.values = "invalid", {}, {}
            return
        self.name, self.flags, self.values, self.link = view.name, view.flags, view.values, "valid"

    @rx.event
    @shows_outage("errors")
    async def submit(self, form_data: dict):
        """Send the corrections; the account goes back to analysis."""
        if self.link != "valid":
            return
        data = clean_form(form_data, [*accounts.CORRECTABLE, "email_confirmation"])
        if isinstance(form_data, dict) and "birth_date_day" in form_data:  # « Jour », « Mois », « Année »
            data.update(clean_form(form_data, [f"birth_date_{p}" for p in accounts.DATE_PARTS]))
            data.pop("birth_date", None)
        self.busy = True
        yield
        try:
            errors = await asyncio.to_thread(_submit, self._token, data, self.router.session.client_ip)
        finally:
            self.busy = False
        self.message = errors.pop("_limited", "")
        if self.message:
            return
        if "_link" in errors:
            self.link = "invalid"
            return
        self.errors = errors
        if errors:
            yield rx.call_script(first_error_focus(errors, list(accounts.CORRECTABLE)))
            return
        self._token = ""
        self.link = "done"
