"""The driver space shell: who is signed in, « Mon compte », « Déconnexion »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.services.views.accounts import driver_profile
from hubpro.state.session import driver_required, sign_out


class DriverState(rx.State):
    """Data of the signed-in driver shown in the shell and « Mon compte »."""

    signed_in: bool = False
    name: str = ""
    profile: list[dict[str, str]] = []

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of every driver page: refuse anyone without a driver session."""
        data = await asyncio.to_thread(call, driver_profile, driver_id=uid)
        if data is None:
            self.signed_in = False
            return rx.redirect(routes.LOGIN)
        self.name, self.profile, self.signed_in = data["name"], data["rows"], True

    @rx.event
    async def logout(self):
        """« Déconnexion »: reset every state of the tab, then the backend route revokes the session."""
        return await sign_out(self, "driver")
