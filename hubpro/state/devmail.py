"""Development mailbox: the outbox as the recipients would see it (never in production with SMTP)."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from hubpro.db import session_scope
from hubpro.domain.dates import fr_datetime
from hubpro.models import OutboxMessage
from hubpro.settings import get_settings

SHOWN = 100


def _messages() -> list[dict]:
    with session_scope() as db:
        rows = db.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)).all()
        return [
            {
                "id": str(m.id),
                "channel": "SMS" if m.channel == "sms" else "Courriel",
                "to": m.recipient,
                "subject": m.subject or m.body_text[:60],
                "body": m.body_text,
                "links": m.links,
                "attachments": ", ".join(a.get("filename", "") for a in (m.attachments or [])),
                "created": fr_datetime(m.created_at),
                "state": "envoyé" if m.sent_at else f"en attente ({m.attempts} tentative(s))",
            }
            for m in rows
        ]


class DevMailState(rx.State):
    """Messages of the development mailbox."""

    enabled: bool = False
    messages: list[dict] = []

    @rx.event
    async def load(self):
        """on_load: list the latest messages when the mailbox is enabled."""
        self.enabled = get_settings().dev_mailbox
        self.messages = await asyncio.to_thread(_messages) if self.enabled else []
