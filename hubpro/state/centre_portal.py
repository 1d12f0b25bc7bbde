"""Centre portal (/centre): sign in with an API key, deposit a training with a form."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import session_scope
from hubpro.domain import trainings as rules
from hubpro.domain.dates import fr_date
from hubpro.models import TrainingCentre
from hubpro.services import auth, trainings
from hubpro.state.forms import clean_form
from hubpro.state.login import ticket_redirect
from hubpro.state.outage import shows_outage
from hubpro.state.session import SessionState, centre_required, logout_event


def _login(raw_key: str, ip: str) -> auth.LoginResult:
    with session_scope() as db:
        return auth.login_centre(db, raw_key=raw_key, ip=ip)


def _overview(centre_id: int) -> tuple[str, list[dict]]:
    with session_scope() as db:
        centre = db.get(TrainingCentre, centre_id)
        rows = [
            {
                "id": t.public_id,
                "type": rules.SHORT_LABELS[rules.TrainingType(t.type)],
                "trainee": f"{t.birth_name.upper()} {t.first_names}",
                "dates": f"{fr_date(t.start_date)} – {fr_date(t.end_date)}",
                "session": t.session_reference,
                "matched": "rattachée au compte" if t.driver_id else "en attente du compte du conducteur",
            }
            for t in trainings.recent_for_centre(db, centre_id=centre_id)
        ]
        return centre.name if centre else "", rows


def _deposit(centre_id: int, data: dict) -> tuple[str, dict]:
    with session_scope() as db:
        result = trainings.deposit(db, centre_id=centre_id, data=data)
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
            self.centre_name, self.rows = await asyncio.to_thread(_overview, uid)
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
        if self.busy:
            return
        self.busy = True
        try:
            notice, errors = await asyncio.to_thread(_deposit, uid, clean_form(form_data, list(rules.FIELDS)))
        finally:
            self.busy = False
        self.errors, self.notice = errors, notice
        if not errors:
            self.centre_name, self.rows = await asyncio.to_thread(_overview, uid)
            return rx.call_script("document.getElementById('deposit-form')?.reset()")

    @rx.event
    async def logout(self):
        """Sign out of the portal."""
        self.signed_in = False
        return logout_event("centre")
