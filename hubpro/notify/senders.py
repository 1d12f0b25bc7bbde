"""Delivery adapters: SMTP for email, an HTTP gateway for SMS."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import parseaddr

import httpx

from hubpro import storage
from hubpro.db import session_scope
from hubpro.domain.dates import aware
from hubpro.models import OutboxMessage, StoredFile
from hubpro.settings import Settings

SMTP_TIMEOUT = 15
SMS_TIMEOUT = 10


def load_attachment(part: dict) -> tuple[bytes, str, str]:
    """Bytes, content type and file name of an outbox attachment (checked against its SHA-256)."""
    with session_scope() as db:
        row = db.get(StoredFile, int(part["file_id"]))
        if row is None:
            raise FileNotFoundError(f"attachment {part['file_id']} is gone")
        return storage.read(row.storage_key, row.sha256), row.content_type, row.filename


def message_id(settings: Settings, msg: OutboxMessage) -> str:
    """The Message-ID of an outbox email: the same at every attempt, so a copy can be de-duplicated."""
    domain = parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "hubpro.localhost"
    return f"<outbox.{msg.id}.{aware(msg.created_at):%Y%m%d%H%M%S%f}@{domain}>"


def send_email(settings: Settings, msg: OutboxMessage) -> None:
    """Send one outbox email through SMTP.

    Raises:
        OSError, smtplib.SMTPException: when the server refuses or cannot be reached.
    """
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = msg.recipient
    email["Subject"] = msg.subject
    email["Message-ID"] = message_id(settings, msg)
    email.set_content(msg.body_text)
    if msg.body_html:
        email.add_alternative(msg.body_html, subtype="html")
    for part in msg.attachments or []:
        data, content_type, filename = load_attachment(part)
        maintype, subtype = content_type.split("/", 1)
        email.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
        smtp.ehlo()
        if settings.smtp_starttls and smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(email)


def send_sms(settings: Settings, msg: OutboxMessage) -> None:
    """Post one SMS to the gateway as JSON ``{"to": …, "text": …}``.

    Raises:
        httpx.HTTPError: when the gateway cannot be reached or answers an error.
    """
    resp = httpx.post(
        settings.sms_url,
        json={"to": msg.recipient, "text": msg.body_text, "reference": f"outbox-{msg.id}"},
        timeout=SMS_TIMEOUT,
    )
    resp.raise_for_status()
