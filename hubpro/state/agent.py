"""Operator back-office: sign-in, « Comptes à analyser », one account's analysis."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.cookies import DEVICE_COOKIES, read_cookie
from hubpro.db import call
from hubpro.domain import accounts
from hubpro.services import accounts as account_service
from hubpro.services import auth
from hubpro.services.views.accounts import account_detail, account_queue_page, agent_name
from hubpro.state.args import as_public_id
from hubpro.state.forms import clean_form
from hubpro.state.login import ticket_redirect
from hubpro.state.outage import shows_outage
from hubpro.state.session import SessionState, agent_required, sign_out


def _login(email: str, password: str, ip: str, device: str) -> auth.LoginResult:
    return call(auth.login, role="agent", email=email, password=password, ip=ip, device=device)


def _decide(action: str, agent_id: int, public_id: str, flags: dict[str, str]) -> dict[str, str]:
    try:
        if action == "validate":
            call(account_service.validate_account, agent_id=agent_id, public_id=public_id)
        elif action == "correct":
            return call(account_service.request_correction, agent_id=agent_id, public_id=public_id, flags=flags)
        elif action == "resend":
            call(account_service.resend_password_link, agent_id=agent_id, public_id=public_id)
    except account_service.NotFound:
        return {"_form": "Compte introuvable."}
    except account_service.Refused as exc:
        return {"_form": str(exc)}
    return {}


class AgentState(rx.State):
    """Agent sign-in and the header of the back-office."""

    signed_in: bool = False
    name: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    busy: bool = False

    @rx.event
    async def login_page(self):
        """on_load of /agent: go to the queue when already signed in."""
        self.errors, self.message, self.busy = {}, "", False
        session = await self.get_state(SessionState)
        if await session._uid("agent") is not None:
            return rx.redirect(routes.AGENT_ACCOUNTS)

    @rx.event
    @shows_outage("message")
    async def login(self, form_data: dict):
        """Agent sign-in (same throttling as drivers)."""
        data = clean_form(form_data, ["email", "password"])
        if not data["email"] or not data["password"]:
            self.message = "Saisissez votre adresse électronique et votre mot de passe."
            return
        self.busy = True
        yield
        try:
            device = read_cookie(self.router.headers.cookie, DEVICE_COOKIES["agent"])
            result = await asyncio.to_thread(
                _login, data["email"], data["password"], self.router.session.client_ip, device
            )
        finally:
            self.busy = False
        if result.error:
            self.message = result.error
            return
        yield ticket_redirect(result.ticket, routes.AGENT_ACCOUNTS)

    @rx.event
    @agent_required
    async def guard(self, uid: int):
        """on_load of every agent page."""
        self.name = await asyncio.to_thread(call, agent_name, agent_id=uid)
        self.signed_in = bool(self.name)
        if not self.signed_in:
            return rx.redirect(routes.AGENT_LOGIN)

    @rx.event
    async def logout(self):
        """« Déconnexion »: reset every state of the tab, then the backend route revokes the session."""
        return await sign_out(self, "agent")


class AgentQueueState(rx.State):
    """« Comptes à analyser »: 50 a page, the cursor in the URL (apres, avant)."""

    rows: list[dict[str, str]] = []
    after_href: str = ""
    before_href: str = ""
    loaded: bool = False

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """on_load: the page the URL names, oldest first, with age."""
        params = self.router._page.params
        page = await asyncio.to_thread(call, account_queue_page, agent_id=uid,
                                       after=as_public_id(params.get("apres", "")),
                                       before=as_public_id(params.get("avant", "")))  # fmt: skip
        self.rows = page["rows"]
        url = routes.AGENT_ACCOUNTS
        self.after_href = routes.queue_url(url, apres=page["after"]) if page["after"] else ""
        self.before_href = routes.queue_url(url, avant=page["before"]) if page["before"] else ""
        self.loaded = True


class AgentAccountState(rx.State):
    """One account: all its data, the decision forms and the history."""

    account: dict = {}
    found: bool = True
    errors: dict[str, str] = {}
    notice: str = ""
    busy: bool = False

    def _public_id(self) -> str:
        return as_public_id(self.router._page.params.get("account_id", ""))

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """on_load: the account behind the URL."""
        self.errors, self.notice, self.busy = {}, "", False
        data = await asyncio.to_thread(call, account_detail, agent_id=uid, public_id=self._public_id())
        self.found = data is not None
        self.account = data or {}

    async def _act(self, uid: int, action: str, flags: dict[str, str], notice: str):
        self.busy = True
        yield
        try:
            errors = await asyncio.to_thread(_decide, action, uid, self._public_id(), flags)
        finally:
            self.busy = False
        self.errors = errors
        if not errors:
            self.notice = notice
            self.account = (
                await asyncio.to_thread(call, account_detail, agent_id=uid, public_id=self._public_id()) or {}
            )

    @rx.event
    @shows_outage("errors", "_form")
    @agent_required
    async def validate(self, uid: int):
        """« Valider le compte »."""
        async for update in self._act(
            uid, "validate", {}, "Compte validé : le lien « Créer mon mot de passe » est envoyé."
        ):
            yield update

    @rx.event
    @shows_outage("errors", "_form")
    @agent_required
    async def resend(self, uid: int):
        """Re-send the password link."""
        async for update in self._act(uid, "resend", {}, "Un nouveau lien « Créer mon mot de passe » est envoyé."):
            yield update

    @rx.event
    @shows_outage("errors", "_form")
    @agent_required
    async def request_correction(self, form_data: dict, uid: int):
        """« Demander une correction » with a reason for each ticked field."""
        keys = list(accounts.CORRECTABLE)
        data = clean_form(form_data, [f"flag_{k}" for k in keys] + [f"reason_{k}" for k in keys])
        flags = {k: data[f"reason_{k}"] for k in keys if data[f"flag_{k}"]}
        async for update in self._act(uid, "correct", flags, "Demande de correction envoyée au conducteur."):
            yield update
