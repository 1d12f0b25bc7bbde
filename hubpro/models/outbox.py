"""Outbox of emails and SMS, written in the transaction of the change that causes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from hubpro.models._base import timestamp


class OutboxMessage(SQLModel, table=True):
    """A message waiting to be sent, or sent.

    A dispatcher claims a message (``claimed_by``, ``claimed_until``) with one conditional update
    before sending it, so that several dispatchers never send the same message at once.
    """

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=10)  # email | sms
    recipient: str = Field(index=True, max_length=254)
    subject: str = Field(default="", max_length=200)
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False))
    links: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    attachments: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    created_at: datetime = timestamp()
    next_attempt_at: datetime = timestamp(index=True)
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, index=True)
    transport: str = Field(default="", max_length=10)
    last_error: str = Field(default="", max_length=500)
    failed: bool = False
    claimed_by: str | None = Field(default=None, max_length=64)  # the dispatcher sending it now
    claimed_until: datetime | None = None  # the claim's lease: after it, another dispatcher may retry


class OutboxAttempt(SQLModel, table=True):
    """One delivery attempt of an outbox message."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="outboxmessage.id", index=True)
    at: datetime = timestamp()
    ok: bool
    transport: str = Field(max_length=10)
    error: str = Field(default="", max_length=500)
