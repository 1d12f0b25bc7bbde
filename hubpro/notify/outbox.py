"""Enqueue messages in the outbox, inside the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from hubpro.models import OutboxMessage
from hubpro.notify.templates import Email


def enqueue_email(db: Session, to: str, email: Email) -> OutboxMessage:
    """Add an email to the outbox; it is sent once the caller commits.

    Args:
        db: the caller's session (not committed here).
        to: recipient address.
        email: rendered template.
    """
    msg = OutboxMessage(
        channel="email",
        recipient=to,
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        links=[{"label": label, "url": url} for label, url in email.links],
    )
    db.add(msg)
    return msg


def enqueue_sms(db: Session, to: str, text: str) -> OutboxMessage:
    """Add an SMS to the outbox; it is sent once the caller commits."""
    msg = OutboxMessage(channel="sms", recipient=to, body_text=text)
    db.add(msg)
    return msg
