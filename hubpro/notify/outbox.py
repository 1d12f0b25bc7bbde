"""Enqueue messages in the outbox, inside the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from hubpro.models import OutboxMessage
from hubpro.notify.templates import Email


def enqueue_email(db: Session, to: str, email: Email, attachments: list[dict] | None = None) -> OutboxMessage:
    """Add an email to the outbox; it is sent once the caller commits.

    Args:
        db: the caller's session (not committed here).
        to: recipient address.
        email: rendered template.
        attachments: stored files to attach: ``{"file_id", "filename", "content_type"}``.
    """
    msg = OutboxMessage(
        channel="email",
        recipient=to,
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        links=[{"label": label, "url": url} for label, url in email.links],
        attachments=attachments or [],
    )
    db.add(msg)
    return msg


def enqueue_sms(db: Session, to: str, text: str) -> OutboxMessage:
    """Add an SMS to the outbox; it is sent once the caller commits."""
    msg = OutboxMessage(channel="sms", recipient=to, body_text=text)
    db.add(msg)
    return msg
