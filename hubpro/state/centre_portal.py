"""Centre portal (/centre): sign in with an API key, deposit a training with a form."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.domain import trainings as rules
from hubpro.services import auth, trainings
from hubpro.services.views.centres import centre_overview
from hubpro.state.forms import clean_form
from hubpro.state.login import ticket_redirect
from hubpro.state.outage import shows_outage
from hubpro.state.session import SessionState, centre_required, sign_out


def _login(raw_key: str, ip: str) -> auth.LoginResult:
    return call(auth.login_centre, raw_key=raw_key, ip=ip)


def _deposit(centre_id: int, data: dict) -> tuple[str, dict]:
    result = call(trainings.deposit, centre_id=centre_id, data=data)
    if result.errors:
        return "", result.errors
    t = result.training
    if not result.created:
        return "Cette formation était déjà enregistrée : aucun doublon n'a été créé.", {}
    who = (
        "Elle est rattachée au compte du conducteur, qui reçoit son certificat par courrier électronique."
        if t.driver_id
        else "Le conducteur n'a pas encore de compte validé : elle apparaîtra dès sa validation."
    )
    return f"Formation enregistrée. {who}", {}


class CentrePortalState(rx.State):
    """The signed-in centre, its form and its latest deposits."""

    signed_in: bool = False
    checked: bool = False
    centre_name: str = ""
    rows: list[dict] = []
    errors: dict[str, str] = {}
    message: str = ""
    notice: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        """on_load: the form when signed in, else the key sign-in."""
        self.errors, self.message, self.notice, self.busy = {}, "", "", False
        uid = await (await self.get_state(SessionState))._uid("centre")
        self.signed_in = uid is not None
        if uid is not None:
            self.centre_name, self.rows = await asyncio.to_thread(call, centre_overview, centre_id=uid)
        self.checked = True

    @rx.event
    @shows_outage("message")
    async def login(self, form_data: dict):
        """Sign in with an API key."""
        key = clean_form(form_data, ["api_key"])["api_key"].strip()
        if not key:
            self.errors = {"api_key": "Saisissez la clé d'accès fournie par l'opérateur."}
            return
        result = await asyncio.to_thread(_login, key, self.router.session.client_ip)
        if result.error:
            self.message = result.error
            return
        return ticket_redirect(result.ticket, routes.CENTRE)

    @rx.event
    @shows_outage()
    @centre_required
    async def deposit(self, form_data: dict, uid: int):
        """« Enregistrer la formation »: the same rules as the API."""
        self.busy = True
        yield
        try:
            notice, errors = await asyncio.to_thread(_deposit, uid, clean_form(form_data, list(rules.FIELDS)))
        finally:
            self.busy = False
        self.errors, self.notice = errors, notice
        if not errors:
            self.centre_name, self.rows = await asyncio.to_thread(call, centre_overview, centre_id=uid)
            yield rx.call_script("document.getElementById('deposit-form')?.reset()")

    @rx.event
    async def logout(self):
        """Sign out of the portal: reset every state of the tab, then the backend route revokes the session."""
        return await sign_out(self, "centre")
