"""« Mes préférences de notification » in « Mon compte »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services.reminder_prefs import get_prefs, set_prefs
from hubpro.state.session import driver_required


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
        """« Enregistrer mes préférences »: a ticked box arrives as a key of the form (any value)."""
        data = form_data if isinstance(form_data, dict) else {}
        prefs = await asyncio.to_thread(call, set_prefs, driver_id=uid, email="email" in data, sms="sms" in data)
        self.email, self.sms = prefs.email, prefs.sms
        self.saved = "Vos préférences sont enregistrées."
