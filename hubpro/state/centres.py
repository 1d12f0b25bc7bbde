"""Back-office « Centres de formation »: register centres, issue and revoke API keys."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services import centres
from hubpro.services.views.centres import centre_list
from hubpro.state.args import as_int, as_public_id, ignored
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.session import agent_required


def _create(agent_id: int, data: dict) -> tuple[str, dict]:
    centre, raw, errors = call(centres.create_centre, agent_id=agent_id, **data)
    return (f"{centre.name} : {raw}" if centre else ""), errors


def _add_key(agent_id: int, centre_id: str) -> str:
    return call(centres.add_key, agent_id=agent_id, centre_public_id=centre_id)


def _revoke(agent_id: int, key_id: int) -> None:
    call(centres.revoke_key, agent_id=agent_id, key_id=key_id)


class CentresState(rx.State):
    """Centres, their keys, and a key shown once after creation."""

    rows: list[dict] = []
    errors: dict[str, str] = {}
    new_key: str = ""
    busy: bool = False

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """on_load: every centre with its keys."""
        self.errors, self.new_key = {}, ""
        self.rows = await asyncio.to_thread(call, centre_list, agent_id=uid)

    @rx.event
    @shows_outage("errors", "_form")
    @agent_required
    async def create(self, form_data: dict, uid: int):
        """« Enregistrer le centre »: the first key is shown once."""
        self.busy = True
        yield
        try:
            data = clean_form(form_data, ["name", "siret", "agrement", "region"])
            shown, self.errors = await asyncio.to_thread(_create, uid, data)
        finally:
            self.busy = False
        self.new_key = shown
        if not self.errors:
            self.rows = await asyncio.to_thread(call, centre_list, agent_id=uid)

    @rx.event
    @shows_outage("errors", "_form")
    @agent_required
    async def add_key(self, centre_id: str, uid: int):
        """« Nouvelle clé » for a centre, shown once."""
        try:
            raw = await asyncio.to_thread(_add_key, uid, as_public_id(centre_id))
        except centres.CentreError as exc:
            self.errors = {"_form": str(exc)}
            return
        self.new_key = raw
        self.rows = await asyncio.to_thread(call, centre_list, agent_id=uid)

    @rx.event
    @shows_outage("errors", "_form")
    @agent_required
    async def revoke(self, key_id: str, uid: int):
        """« Révoquer » a key: refused at once by the API and the portal."""
        key = as_int(key_id)
        if key is None:
            ignored("CentresState.revoke", "not a key id")
            self.errors = {"_form": "Clé introuvable."}
            return
        try:
            await asyncio.to_thread(_revoke, uid, key)
        except centres.CentreError:
            self.errors = {"_form": "Clé introuvable."}
            return
        self.rows = await asyncio.to_thread(call, centre_list, agent_id=uid)
