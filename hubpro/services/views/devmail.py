"""The development mailbox: the newest outbox messages as their recipients would see them."""

from __future__ import annotations

from sqlmodel import Session, select

from hubpro.domain.dates import fr_datetime
from hubpro.models import OutboxMessage

SHOWN = 100


def outbox_messages(db: Session) -> list[dict]:
    """The newest outbox messages as the recipients would see them."""
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
