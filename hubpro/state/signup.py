"""Account creation form (« Créer un compte » → « Particulier »)."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.domain import accounts, licence
from hubpro.domain.dates import now
from hubpro.services import accounts as account_service
from hubpro.services import ratelimit
from hubpro.state.args import as_str
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage

FORM_KEYS = [f.key for f in accounts.FIELDS] + [c.key for c in accounts.CONSENTS]
DATE_KEYS = [f"birth_date_{p}" for p in accounts.DATE_PARTS]
ERROR_ORDER = [*FORM_KEYS, "consents"]
_ERROR_LABELS = {**accounts.LABELS, "consents": "Conditions"}
# Where each error's link leads: the field, or the first of the birth date's three fields.
_ERROR_TARGETS = {"birth_date": "f-birth_date-day", "consents": "f-consents"}


def _register(data: dict[str, str], ip: str) -> tuple[dict[str, str], str]:
    """(field errors, limit message); a complete form counts once per address and per email.

    A form with errors is answered without counting: it writes nothing and sends no email.
    """
    clean, errors = accounts.validate_signup(data, now().date())
    if errors:
        return errors, ""
    wait = ratelimit.hit(ratelimit.SIGNUP, address=ip, account=clean["email"])
    if wait:
        return {}, ratelimit.message(wait)
    return call(account_service.register, data=data), ""


class SignupState(rx.State):
    """Errors and licence help of the sign-up form."""

    errors: dict[str, str] = {}
    message: str = ""
    busy: bool = False
    licence_type: str = ""
    help_open: bool = False
    licence_feedback: str = ""
    licence_ok: bool = False
    _last_number: str = ""

    @rx.var
    def error_links(self) -> list[dict[str, str]]:
        """The summary's lines: « Label : message », each a link to its field, in the form's order."""
        links = []
        for key in ERROR_ORDER:
            if key in self.errors:
                label, message = _ERROR_LABELS.get(key, key), self.errors[key]
                text = message if label in message else f"{label} : {message}"
                links.append({"href": "#" + _ERROR_TARGETS.get(key, f"f-{key}"), "text": text})
        return links

    @rx.event
    def open_help(self):
        """Show the licence-number help (on click or focus of the field)."""
        self.help_open = True

    @rx.event
    def close_help(self):
        """Hide the licence-number help."""
        self.help_open = False

    @rx.event
    def set_licence_type(self, value: str):
        """Choose the licence model (select or help)."""
        value = as_str(value, 40)
        self.licence_type = value if licence.model(value) else ""
        self._check()

    @rx.event
    def check_licence(self, value: str):
        """Live format check of the licence number."""
        self._last_number = as_str(value, 40)
        self._check()

    def _check(self) -> None:
        if not self._last_number.strip():
            self.licence_feedback, self.licence_ok = "", False
            return
        err = licence.licence_error(self.licence_type, self._last_number)
        self.licence_ok = err is None
        self.licence_feedback = "Format valide." if err is None else err

    @rx.event
    def reset_form(self):
        """on_load: a fresh form."""
        self.errors, self.message = {}, ""
        self.busy = False
        self.help_open = False

    @rx.event
    @shows_outage()
    async def submit(self, form_data: dict):
        """« Créer »: validate on the server, store, then show the confirmation page."""
        data = clean_form(form_data, FORM_KEYS)
        if isinstance(form_data, dict) and any(k in form_data for k in DATE_KEYS):  # « Jour », « Mois », « Année »
            data.update(clean_form(form_data, DATE_KEYS))
            data.pop("birth_date", None)
        data["licence_type"] = self.licence_type
        self.busy = True
        yield
        try:
            errors, self.message = await asyncio.to_thread(_register, data, self.router.session.client_ip)
        finally:
            self.busy = False
        self.errors = errors
        if self.message:
            return
        if errors:
            yield rx.call_script("document.getElementById('signup-errors')?.focus()")
            return
        yield rx.redirect(routes.SIGNUP_DONE)
