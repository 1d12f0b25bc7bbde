"""« Connexion » and « Mot de passe oublié » for drivers."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import reflex as rx

from hubpro import hashing, routes
from hubpro.cookies import DEVICE_COOKIES, read_cookie
from hubpro.db import call
from hubpro.domain import contact
from hubpro.services import auth, ratelimit
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.session import go_backend


def _request_reset(email: str, ip: str) -> str:
    """The limit message, or "" once the request is handled (counted per address and per email)."""
    wait = ratelimit.hit(ratelimit.FORGOT, address=ip, account=email)
    if wait:
        return ratelimit.message(wait)
    call(auth.request_reset, email=email)
    return ""


def ticket_redirect(ticket: str, next_path: str) -> rx.event.EventSpec:
    """Full page load of the cookie-setting route, then back to next_path on the frontend."""
    return go_backend(f"{routes.API_SESSION}?ticket={quote(ticket)}", next_path)


class LoginState(rx.State):
    """Driver sign-in form."""

    errors: dict[str, str] = {}
    message: str = ""
    busy: bool = False

    @rx.event
    def on_load(self):
        """Show why the driver landed here (expired ticket)."""
        self.errors = {}
        self.busy = False
        params = self.router.url.query_parameters
        self.message = "Votre connexion a expiré. Connectez-vous à nouveau." if params.get("expire") else ""

    @rx.event
    @shows_outage("errors")
    async def login(self, form_data: dict):
        """« Connexion »: check in a thread, then set the HttpOnly cookie through the backend."""
        data = clean_form(form_data, ["email", "password"])
        errors = {}
        if not data["email"].strip():
            errors["email"] = "Saisissez votre adresse électronique."
        if not data["password"]:
            errors["password"] = "Saisissez votre mot de passe."
        self.errors, self.message = errors, ""
        if errors:
            return
        self.busy = True
        yield
        try:
            device = read_cookie(self.router.headers.cookie, DEVICE_COOKIES["driver"])  # HttpOnly, sent on connect
            result = await hashing.sign_in(
                "driver", data["email"], data["password"], self.router.session.client_ip, device
            )
        finally:
            self.busy = False
        if result.error:
            self.message = result.error
            return
        yield ticket_redirect(result.ticket, routes.SPACE)


class ForgotState(rx.State):
    """« Mot de passe oublié »: same answer whatever the email."""

    errors: dict[str, str] = {}
    message: str = ""
    sent: bool = False
    busy: bool = False

    @rx.event
    def on_load(self):
        """A fresh form."""
        self.errors, self.message, self.sent, self.busy = {}, "", False, False

    @rx.event
    @shows_outage("errors")
    async def request(self, form_data: dict):
        """Send a reset link if an account exists; always show the same confirmation."""
        email = clean_form(form_data, ["email"])["email"].strip()
        if not contact.email_ok(email.lower()):
            self.errors = {"email": contact.EMAIL_MESSAGE}
            return
        self.errors, self.busy = {}, True
        yield
        try:
            self.message = await asyncio.to_thread(_request_reset, email, self.router.session.client_ip)
        finally:
            self.busy = False
        self.sent = not self.message
