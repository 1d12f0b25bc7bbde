"""Delivery adapters: SMTP for email, an HTTP gateway for SMS."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import httpx

from hubpro.models import OutboxMessage
from hubpro.settings import Settings

SMTP_TIMEOUT = 15
SMS_TIMEOUT = 10


def send_email(settings: Settings, msg: OutboxMessage) -> None:
    """Send one outbox email through SMTP.

    Raises:
        OSError, smtplib.SMTPException: when the server refuses or cannot be reached.
    """
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = msg.recipient
    email["Subject"] = msg.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox{msg.id}", domain="hubpro")
    email.set_content(msg.body_text)
    if msg.body_html:
        email.add_alternative(msg.body_html, subtype="html")
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
