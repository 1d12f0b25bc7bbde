"""« Mes préférences de notification » in « Mon compte »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services.reminder_prefs import get_prefs, set_prefs
from hubpro.state.session import driver_required

BOXES = ("email", "sms")  # a ticked box is sent as "on", an unticked one not at all
FORM_KEYS = frozenset({"prefs", *BOXES})


class PreferencesState(rx.State):
    """The signed-in driver's reminder channels."""

    email: bool = True
    sms: bool = True
    loaded: bool = False
    saved: str = ""

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Mon compte »."""
        prefs = await asyncio.to_thread(call, get_prefs, driver_id=uid)
        self.email, self.sms, self.loaded, self.saved = prefs.email, prefs.sms, True, ""

    @rx.event
    @driver_required
    async def save(self, form_data: dict, uid: int):
        """« Enregistrer mes préférences »: only the form of the page is accepted (anything else changes nothing)."""
        data = form_data if isinstance(form_data, dict) else {}
        if data.get("prefs") != "1" or set(data) - FORM_KEYS or any(data.get(k, "on") != "on" for k in BOXES):
            self.saved = ""
            return
        prefs = await asyncio.to_thread(call, set_prefs, driver_id=uid, email="email" in data, sms="sms" in data)
        self.email, self.sms = prefs.email, prefs.sms
        self.saved = "Vos préférences sont enregistrées."
