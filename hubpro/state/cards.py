"""« Mes cartes » and the home-page notices."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from hubpro.db import session_scope
from hubpro.domain.cards import display_status
from hubpro.domain.dates import fr_date
from hubpro.models import Card, Notice, StoredFile
from hubpro.services.trainings import today
from hubpro.state.session import driver_required


def _cards(driver_id: int) -> list[dict]:
    with session_scope() as db:
        rows = db.exec(select(Card).where(Card.driver_id == driver_id).order_by(Card.id.desc())).all()
        out = []
        for c in rows:
            label, tone = display_status(c.status, c.shipped_on, c.expires_on, today())
            photo = db.get(StoredFile, c.photo_file_id) if c.photo_file_id else None
            out.append(
                {
                    "number": c.number,
                    "name": (c.usage_name or c.birth_name).upper(),
                    "first_names": c.first_names,
                    "born": f"{fr_date(c.birth_date)} {c.birth_place}",
                    "issued": fr_date(c.issued_on),
                    "expires": fr_date(c.expires_on),
                    "licence": c.licence_number,
                    "categories": c.categories,
                    "label": label,
                    "tone": tone,
                    "photo": photo.public_id if photo else "",
                    "birth_name": c.birth_name.upper() if c.usage_name else "",
                    "pnd": f"/espace/cartes/{c.public_id}/pli-non-distribue" if c.status == "returned" else "",
                }
            )
        return out


def _notices(driver_id: int) -> list[dict]:
    with session_scope() as db:
        rows = db.exec(
            select(Notice)
            .where(Notice.driver_id == driver_id, Notice.closed_at == None)  # noqa: E711
            .order_by(Notice.id.desc())
        ).all()
        return [{"text": n.text, "link": n.link, "tone": n.tone} for n in rows]


class CardsState(rx.State):
    """The driver's cards as visuals."""

    cards: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load: the signed-in driver's cards only."""
        self.cards = await asyncio.to_thread(_cards, uid)
        self.loaded = True


class NoticesState(rx.State):
    """Notices on « Accueil »."""

    notices: list[dict[str, str]] = []

    @rx.event
    @driver_required
    async def load(self, uid: int):
        """on_load of « Accueil »."""
        self.notices = await asyncio.to_thread(_notices, uid)
