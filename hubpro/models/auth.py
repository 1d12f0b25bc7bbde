"""Server-side sessions, one-time links and sign-in attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from hubpro.models._base import timestamp


class AuthSession(SQLModel, table=True):
    """A signed-in browser: only hashes of the ticket and token are stored."""

    __table_args__ = (Index("ix_authsession_created_at", "created_at"),)  # the purge of dead sessions

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=10)
    user_id: int = Field(index=True)
    token_hash: str | None = Field(default=None, unique=True, index=True, max_length=64)
    ticket_hash: str | None = Field(default=None, unique=True, index=True, max_length=64)
    ticket_expires_at: datetime | None = None
    created_at: datetime = timestamp()
    last_seen_at: datetime = timestamp()
    revoked_at: datetime | None = None
    ip: str = Field(default="", max_length=64)


class OneTimeToken(SQLModel, table=True):
    """A link sent by email: password creation, reset or account correction."""

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=20)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    created_at: datetime = timestamp()
    used_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """A sign-in attempt, kept for throttling (account key and IP) until the purge."""

    __table_args__ = (Index("ix_loginattempt_ip_at", "ip", "at"), Index("ix_loginattempt_email_at", "email", "at"))

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=10)
    email: str = Field(max_length=254)  # indexed with at (ix_loginattempt_email_at)
    ip: str = Field(max_length=64)  # indexed with at (ix_loginattempt_ip_at)
    at: datetime = timestamp(index=True)
    success: bool = False


class KnownDevice(SQLModel, table=True):
    """A browser that completed a sign-in to an account: only the hash of its random device id is kept.

    It lets a correct password through while the account is soft-locked by someone else's guesses.
    """

    __table_args__ = (UniqueConstraint("device_hash", "role", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=10)
    user_id: int = Field(index=True)
    device_hash: str = Field(index=True, max_length=64)
    failures: int = 0
    created_at: datetime = timestamp()
    last_used_at: datetime = timestamp()
