"""The driver space shell: who is signed in, « Accueil », « Mon compte », « Déconnexion ».

Every driver page has one on_load handler: it resolves the session once (``driver_required``, from
the worker's few-second cache most of the time) and reads the shell and the page's own data in one
thread hop and one database session (``_load_page``). The pages' states are substates of this one, so
that handler sets the shell's vars too.
"""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.db import run, session_scope
from hubpro.services.views.accounts import driver_profile
from hubpro.services.views.cards import NoticeView
from hubpro.state.session import driver_required, sign_out


def _shell_and(driver_id: int, page=None, kwargs: dict | None = None):
    """(profile, the page's data) read in one session; the page is not read for an unknown driver."""
    with session_scope() as db:
        profile = driver_profile(db, driver_id=driver_id)
        if profile is None or page is None:
            return profile, None
        return profile, page(db, driver_id=driver_id, **(kwargs or {}))


class DriverState(rx.State):
    """Data of the signed-in driver shown in the shell, « Accueil » and « Mon compte »."""

    signed_in: bool = False
    name: str = ""
    profile: list[dict[str, str]] = []
    notices: list[NoticeView] = []

    async def _load_page(self, uid: int, page=None, **kwargs):
        """The shell and ``page(db, driver_id=uid, **kwargs)`` in one hop: (True, data), or (False, None)."""
        profile, data = await run(_shell_and, uid, page, kwargs)
        if profile is None:
            self.signed_in = False
            return False, None
        self.name, self.profile, self.signed_in = profile["name"], profile["rows"], True
        return True, data

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Mon compte » (and of any driver page with nothing of its own): refuse anyone else."""
        ok, _ = await self._load_page(uid)
        return None if ok else rx.redirect(routes.LOGIN)

    @rx.event
    async def logout(self):
        """« Déconnexion »: reset every state of the tab, then the backend route revokes the session."""
        return await sign_out(self, "driver")
