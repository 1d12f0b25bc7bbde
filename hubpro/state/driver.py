"""The driver space shell: who is signed in, « Mon compte », « Déconnexion »."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import session_scope
from hubpro.domain import accounts, licence
from hubpro.domain.dates import fr_date
from hubpro.services import auth
from hubpro.state.session import driver_required, sign_out


def _profile(driver_id: int) -> dict | None:
    with session_scope() as db:
        d = auth.driver_summary(db, driver_id)
        if d is None:
            return None
        rows = [
            ("Civilité", accounts.CIVILITIES.get(d.civility, d.civility)),
            ("Nom de naissance", d.birth_name),
            ("Nom d'usage", d.usage_name or "—"),
            ("Prénom(s)", d.first_names),
            ("Date de naissance", fr_date(d.birth_date)),
            ("Commune de naissance", d.birth_city),
            ("Pays de naissance", d.birth_country),
            ("Adresse électronique", d.email),
            ("Téléphone mobile", d.phone),
            ("Adresse", f"{d.address}, {d.postal_code} {d.city}"),
            ("Type de permis", licence.LABELS.get(d.licence_type, d.licence_type)),
            ("Numéro de permis de conduire", d.licence_number),
        ]
        return {"name": d.display_name, "rows": [{"label": k, "value": v} for k, v in rows]}


class DriverState(rx.State):
    """Data of the signed-in driver shown in the shell and « Mon compte »."""

    signed_in: bool = False
    name: str = ""
    profile: list[dict[str, str]] = []

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of every driver page: refuse anyone without a driver session."""
        data = await asyncio.to_thread(_profile, uid)
        if data is None:
            self.signed_in = False
            return rx.redirect(routes.LOGIN)
        self.name, self.profile, self.signed_in = data["name"], data["rows"], True

    @rx.event
    async def logout(self):
        """« Déconnexion »: reset every state of the tab, then the backend route revokes the session."""
        return await sign_out(self, "driver")
