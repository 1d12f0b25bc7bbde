"""« Mes préférences de notification » in « Mon compte »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.services.reminder_prefs import get_prefs, set_prefs
from hubpro.state.session import driver_required

BOXES = ("email", "sms")


def _is_tick(value) -> bool:
    """Reflex sends a box with an id as its checked state (bool); plain FormData sends "on" or nothing."""
    return value is True or value is False or value == "on"


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
        """« Enregistrer mes préférences »: only the page's form (its hidden ``prefs`` marker) changes anything.

        Reflex adds each field with an id under that id too (``pref-email``): other keys are ignored.
        """
        data = form_data if isinstance(form_data, dict) else {}
        if data.get("prefs") != "1" or not all(_is_tick(data.get(k, False)) for k in BOXES):
            self.saved = ""
            return
        email, sms = (data.get(k, False) is True or data.get(k) == "on" for k in BOXES)
        prefs = await asyncio.to_thread(call, set_prefs, driver_id=uid, email=email, sms=sms)
        self.email, self.sms = prefs.email, prefs.sms
        self.saved = "Vos préférences sont enregistrées."
